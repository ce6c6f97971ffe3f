package io.talkport.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownDocsTest {

    @Test
    void tablesHeadingsAndCodeBecomeHtmlRawHtmlIsEscapedAndRepositoryLinksBecomeText() {
        String html = MarkdownDocs.toHtml("""
                # Bundle format

                | field | type |
                |---|---|
                | `id` | string |

                <script>alert(1)</script>

                Inline <b>too</b>: see [the sample](../samples/sample-bundle) and [TalkJS](https://talkjs.com).
                """);
        assertThat(html).contains("<h1>Bundle format</h1>").contains("<table>").contains("<td><code>id</code></td>")
                .contains("&lt;script&gt;").doesNotContain("<script>").contains("&lt;b&gt;too").doesNotContain("<b>")
                .contains("see the sample and").doesNotContain("../samples")
                .contains("href=\"https://talkjs.com\">TalkJS</a>");
    }
}
