package io.talkport.sandbox;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TalkJS sandbox, for in-process use: {@code @Inject TalkJsSandbox sandbox; sandbox.app("sandbox-test")}. Holds
 * one {@link SandboxApp} per configured app.
 */
@ApplicationScoped
public class TalkJsSandbox {

    private final SandboxConfig config;
    private final Map<String, SandboxApp> apps = new LinkedHashMap<>();

    /** The apps of {@code config}, filled from {@code store} when the sandbox is on (their data outlives restarts). */
    public TalkJsSandbox(SandboxConfig config, SandboxStore store) {
        this.config = config;
        config.apps().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> apps.put(e.getKey(),
                new SandboxApp(e.getKey(), e.getValue().secretKey(), e.getValue().mode(), config, store)));
        if (config.enabled()) {
            apps.values().forEach(store::loadInto);
        }
    }

    public SandboxConfig config() {
        return config;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The app, or an exception if it is not configured. */
    public SandboxApp app(String appId) {
        SandboxApp app = apps.get(appId);
        if (app == null) {
            throw SandboxException.notFound("APP_NOT_FOUND", "No sandbox app with this id");
        }
        return app;
    }

    /** The app, or null. */
    public SandboxApp findApp(String appId) {
        return apps.get(appId);
    }

    public Collection<SandboxApp> apps() {
        return apps.values();
    }

    /** Data only, like the dashboard's "Reset all data". */
    public void reset(String appId) {
        app(appId).resetData();
    }

    /** Every app back to empty with journal, faults and rate limit at defaults. */
    public void resetAll() {
        apps.values().forEach(SandboxApp::resetEverything);
    }
}
