package io.talkport.talkjs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/** Configuration of the TalkJS API client ({@code talkjs.*}). Secret keys come from the environment only. */
@ConfigMapping(prefix = "talkjs")
public interface TalkJsConfig {

    /**
     * Base URL of the TalkJS REST API, without {@code /v1} ({@code TALKJS_BASE_URL}). Unset: the local sandbox at
     * {@code http://localhost:<actual http port>/sandbox/talkjs} when {@code talkjs.sandbox.enabled}, otherwise
     * {@code https://api.talkjs.com}.
     */
    Optional<String> baseUrl();

    /** The local TalkJS simulator. */
    Sandbox sandbox();

    /** Credentials of the test-mode app ({@code TALKJS_TEST_APP_ID}, {@code TALKJS_TEST_SECRET_KEY}). */
    App test();

    /** Credentials of the live app ({@code TALKJS_LIVE_APP_ID}, {@code TALKJS_LIVE_SECRET_KEY}). */
    App live();

    /** {@code jwt} (default): a short-lived app token per request; {@code secret-key}: legacy bearer secret. */
    @WithDefault("jwt")
    AuthMode authMode();

    /** App token lifetime and reuse. */
    Auth auth();

    /** Client-side rate limit, one token bucket per app id. */
    RateLimit rateLimit();

    /**
     * Most participants a conversation may have in the TalkJS app (default 100: TalkJS's Basic plan; Growth allows
     * 300; source: TalkJS docs, Features/Group_Chats, in ../shared/talkjs-api.md). Validation reports a conversation
     * with more as TOO_MANY_PARTICIPANTS before the push, instead of TalkJS refusing it during the push.
     */
    @WithDefault("100")
    int maxParticipants();

    /** The batch endpoint, which creates conversations several at a time on a rate budget of its own. */
    Batch batch();

    /** Message import. */
    @WithName("import")
    Import imports();

    /** At most this many requests in flight per app (default 4, what the API notes suggest). */
    @WithDefault("4")
    int maxInFlight();

    /** HTTP timeouts. */
    Timeout timeout();

    /** Retries of idempotent calls on 5xx and I/O errors. */
    Retry retry();

    /** Circuit breaker per app. */
    CircuitBreaker circuitBreaker();

    /** Which environment the credentials belong to. */
    default App app(TalkJsEnvironment environment) {
        return environment == TalkJsEnvironment.TEST ? test() : live();
    }

    enum AuthMode {
        JWT,
        SECRET_KEY
    }

    interface Sandbox {
        /** Use the local sandbox when {@code talkjs.base-url} is unset (default false; true in %dev and %test). */
        @WithDefault("false")
        boolean enabled();
    }

    interface App {
        /** The TalkJS app id. */
        Optional<String> appId();

        /** The app's secret key; never logged. */
        @WithConverter(TalkJsSecret.SecretConverter.class)
        Optional<TalkJsSecret> secretKey();
    }

    interface Auth {
        /** Lifetime of an app token (default 30s, like the TalkJS docs' example; must stay at or below 60s). */
        @WithDefault("30s")
        Duration tokenTtl();

        /** A cached token is replaced when less than this is left (default 10s, covers clock skew and slow calls). */
        @WithDefault("10s")
        Duration tokenRefreshMargin();
    }

    interface RateLimit {
        /**
         * Sustained requests per second per app (default 5: the official examples pace at 4-5/s; the 9/s seen in an
         * unofficial source is unconfirmed, so we stay under it).
         */
        @WithDefault("5")
        double requestsPerSecond();

        /** Bucket size (default 20: short bursts after a pause without approaching TalkJS's unconfirmed 600). */
        @WithDefault("20")
        int burst();

        /** Longest a call waits for a token, a free slot or the end of a 429 pause before giving up (default 5m). */
        @WithDefault("5m")
        Duration maxWait();

        /** First back-off after a 429 without Retry-After (default 1s); doubles per repeat. */
        @WithDefault("1s")
        Duration backoffInitial();

        /** Cap of the 429 back-off (default 60s). */
        @WithDefault("60s")
        Duration backoffMax();

        /**
         * Longest {@code Retry-After} of a 429 that is waited out (default 5m). A longer one (TalkJS or a proxy
         * saying 3600 s, or 2^31) pauses the app's callers for this long only, and the call fails with
         * {@link TalkJsThrottledException} naming the asked wait, so the run shows the reason instead of every call
         * to the app stopping until a restart.
         */
        @WithDefault("5m")
        Duration maxRetryAfter();
    }

    interface Batch {
        /**
         * Create conversations through {@code POST /batch} (default true). TalkJS documents a budget of its own for
         * it (1 call per second, burst 500), so conversation PUTs stop taking from {@link #rateLimit()}, which then
         * goes to imports. False sends one PUT per conversation from the general budget.
         */
        @WithDefault("true")
        boolean enabled();

        /** Batch calls per second per app (default 1, the documented limit). */
        @WithDefault("1")
        double requestsPerSecond();

        /** Bucket size (default 100: well under the documented burst of 500). */
        @WithDefault("100")
        int burst();

        /** Operations per batch call (default 10, the documented maximum). */
        @WithDefault("10")
        int maxOperations();
    }

    interface Import {
        /**
         * Messages per import request, 1 to 100 (default 10, the documented maximum). Above 10 fits the content form
         * (TalkJS's transfer script sends 100); with {@code format=auto} an app that refuses the content form gets
         * the same messages in calls of 10.
         */
        @WithDefault("10")
        int batchSize();

        /**
         * The form of import calls: {@code documented} (default: {@code timestamp}, {@code text},
         * {@code attachmentToken}), {@code content} ({@code createdAt} and content blocks, as TalkJS's transfer script
         * sends them) or {@code auto} (content until an app answers 400, then documented for that app). See
         * {@link ImportFormat}.
         */
        @WithDefault("documented")
        ImportFormat format();
    }

    interface Timeout {
        /** TCP connect timeout (default 5s). */
        @WithDefault("5s")
        Duration connect();

        /** Whole-request timeout for JSON calls (default 30s). */
        @WithDefault("30s")
        Duration request();

        /** Whole-request timeout for file uploads (default 5m: attachments can be tens of MB). */
        @WithDefault("5m")
        Duration upload();
    }

    interface Retry {
        /** Retries after the first attempt (default 5: about 30s of back-off rides out a short TalkJS blip). */
        @WithDefault("5")
        int maxRetries();

        /** First delay (default 1s), doubled per retry up to {@link #maxDelay()}. */
        @WithDefault("1s")
        Duration initialDelay();

        /** Cap of one delay (default 16s). */
        @WithDefault("16s")
        Duration maxDelay();

        /** Random +/- jitter on each delay (default 200ms) so parallel workers do not retry in lock-step. */
        @WithDefault("200ms")
        Duration jitter();

        /** Give up retrying after this long in total (default 2m). */
        @WithDefault("2m")
        Duration maxDuration();
    }

    interface CircuitBreaker {
        /** Calls in the rolling window (default 20). */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** Failure ratio in the window that opens the breaker (default 0.5: half the calls failing is an outage). */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before a trial call (default 30s). */
        @WithDefault("30s")
        Duration delay();

        /** Successful trial calls needed to close again (default 2). */
        @WithDefault("2")
        int successThreshold();
    }
}
