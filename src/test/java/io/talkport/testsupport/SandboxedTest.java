package io.talkport.testsupport;

import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.TalkJsSandbox;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * A {@code @QuarkusTest} that pushes to the in-process TalkJS sandbox: every app of it (data, journal, faults and
 * rate limits) is emptied before each test, and {@link #testApp()} and {@link #liveApp()} are the apps Talkport's test
 * and live environments point at in the test profile.
 */
public abstract class SandboxedTest {

    @Inject
    protected TalkJsSandbox sandbox;

    @BeforeEach
    void emptySandbox() {
        sandbox.resetAll();
    }

    /** The sandbox app of Talkport's test environment. */
    protected SandboxApp testApp() {
        return sandbox.app("sandbox-test");
    }

    /** The sandbox app of Talkport's live environment. */
    protected SandboxApp liveApp() {
        return sandbox.app("sandbox-live");
    }
}
