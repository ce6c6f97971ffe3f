package io.talkport.web;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.ArrayList;
import java.util.List;

/**
 * Our own Markdown documents (docs/) as HTML for the dashboard, through commonmark-java with GitHub's tables. Raw
 * HTML in the source is escaped and link targets sanitised; links that lead out of docs/ into the repository
 * ({@code ../samples/…}) mean nothing in the running app and become their text.
 */
final class MarkdownDocs {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
            .sanitizeUrls(true).build();

    private MarkdownDocs() {
    }

    static String toHtml(String markdown) {
        Node document = PARSER.parse(markdown);
        List<Link> repositoryLinks = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                if (link.getDestination().startsWith("../")) {
                    repositoryLinks.add(link);
                }
                visitChildren(link);
            }
        });
        for (Link link : repositoryLinks) {
            Node child = link.getFirstChild();
            while (child != null) {
                Node next = child.getNext();
                link.insertBefore(child);
                child = next;
            }
            link.unlink();
        }
        return RENDERER.render(document);
    }
}
