package io.talkport.sandbox.web;

import io.quarkus.runtime.LaunchMode;
import io.talkport.sandbox.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Whether every page shows the "sandbox is on" banner ({@code templates/SandboxPages/banner.html}, included by
 * {@code main.html} as {@code inject:sandboxBanner}): when the sandbox is enabled in the packaged app (the prod
 * profile), where it is an exception an operator must see. Not in dev and tests, where it is the normal setup.
 */
@Named("sandboxBanner")
@ApplicationScoped
public class SandboxBanner {

    private final SandboxConfig config;

    public SandboxBanner(SandboxConfig config) {
        this.config = config;
    }

    public boolean isShown() {
        return config.enabled() && LaunchMode.current() == LaunchMode.NORMAL;
    }
}
