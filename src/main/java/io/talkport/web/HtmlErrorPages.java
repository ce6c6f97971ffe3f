package io.talkport.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.talkport.api.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Dashboard pages answer errors as HTML pages with the navigation: a browser asking for a page that does not exist
 * or that the user's role may not see gets a page saying so, not raw JSON. Works on the JSON answers the exception
 * mappers give ({@link ApiError}), so the reason stays the same; the JSON API ({@code /api}), the sandbox's
 * TalkJS-compatible API and control API and {@code /q} keep their JSON, and so does any client that does not ask for
 * HTML (scripts, REST Assured, the upload XHR). An htmx request gets the message alone, as a fragment.
 */
public class HtmlErrorPages {

    @CheckedTemplate(basePath = "ErrorPages")
    static class Templates {
        static native TemplateInstance error(int status, String title, String message);

        static native TemplateInstance error$message(int status, String title, String message);
    }

    @ServerResponseFilter
    public void toHtml(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !(response.getEntity() instanceof ApiError error)
                || !wantsPage(request)) {
            return;
        }
        String title = title(response.getStatus());
        TemplateInstance page = request.getHeaderString("HX-Request") != null
                ? Templates.error$message(response.getStatus(), title, error.message())
                : Templates.error(response.getStatus(), title, error.message());
        response.setEntity(page.render(), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    }

    /** A browser's page request: it accepts HTML and is not for one of the JSON APIs. */
    static boolean wantsPage(ContainerRequestContext request) {
        String accept = request.getHeaderString("Accept");
        if (accept == null || !accept.contains("text/html")) {
            return false;
        }
        String path = request.getUriInfo().getPath();
        return !(path.startsWith("/api") || path.startsWith("/sandbox/talkjs") || path.startsWith("/sandbox/control")
                || path.startsWith("/q/"));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "That request could not be used";
            case 403 -> "Your role may not see this page";
            case 404 -> "Nothing here";
            case 409 -> "Not possible right now";
            default -> status >= 500 ? "Something went wrong on the server" : "That did not work";
        };
    }
}
