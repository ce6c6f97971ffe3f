package io.talkport.web;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * The top bar's view of the current request ({@code inject:nav}): which section the page belongs to, so that its
 * link carries {@code aria-current="page"} ({@code {#if inject:nav.section == 'jobs'}}).
 */
@Named("nav")
@RequestScoped
public class Nav {

    private final RoutingContext routing;

    public Nav(RoutingContext routing) {
        this.routing = routing;
    }

    /** "upload" for /jobs/new, "jobs" for the other job pages, else the path's first segment ("sandbox", "audit"). */
    public String getSection() {
        String path = routing.normalizedPath();
        if (path.equals("/jobs/new")) {
            return "upload";
        }
        String[] parts = path.split("/");
        return parts.length > 1 ? parts[1] : "";
    }
}
