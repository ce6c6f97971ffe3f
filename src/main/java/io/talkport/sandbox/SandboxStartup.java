package io.talkport.sandbox;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells the operator, once at start, that the sandbox is on outside dev and tests, and where the generated keys of its
 * apps are ({@link SandboxKeys}); loads what the sandbox kept ({@link SandboxStore}). Logs app ids and the file's path,
 * never a key.
 */
@ApplicationScoped
class SandboxStartup {

    void onStart(@Observes StartupEvent event, SandboxConfig config, TalkJsSandbox sandbox) {
        if (!config.enabled()) {
            return;
        }
        sandbox.apps(); // loads the kept data now, not on the first request (it can be hundreds of thousands of rows)
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            Log.warnf("The TalkJS sandbox is on (talkjs.sandbox.enabled=true): its API at /sandbox/talkjs accepts "
                    + "uploads from anyone holding a sandbox key; apps %s. Every page shows a banner.",
                    String.join(", ", config.apps().keySet()));
        }
        config.generatedKeysFile().ifPresent(file -> Log.infof("Sandbox apps sandbox-test and sandbox-live use keys generated "
                + "for this installation; the secret keys are in %s (readable by its owner only). Talkport's own "
                + "test/live environments use them unless TALKJS_* credentials are configured.", file));
    }
}
