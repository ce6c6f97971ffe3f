package io.talkport.sandbox;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the TalkJS sandbox, the in-memory simulator of the TalkJS REST API served under
 * {@code /sandbox/talkjs/v1/{appId}}. Every key is read at runtime.
 */
@ConfigMapping(prefix = "talkjs.sandbox")
public interface SandboxConfig {

    /** Whether the sandbox answers at all; when false every {@code /sandbox} path is a 404. Default false. */
    @WithDefault("false")
    boolean enabled();

    /** The simulated apps by app id. application.properties defines {@code sandbox-test} and {@code sandbox-live}. */
    Map<String, App> apps();

    /** Sustained requests per second per app (token bucket refill). Default 9. */
    @WithDefault("9")
    double rate();

    /** Token bucket size per app. Default 600. */
    @WithDefault("600")
    int burst();

    /**
     * Sustained calls per second per app on the batch endpoint, a budget of its own (TalkJS documents 1 batch per
     * second, burst 500, apart from the general rate). Default 1.
     */
    @WithDefault("1")
    double batchRate();

    /** Token bucket size of the batch endpoint per app. Default 500. */
    @WithDefault("500")
    int batchBurst();

    /** Most operations accepted by one batch call. Default 10 (documented). */
    @WithDefault("10")
    int batchMaxOperations();

    /** Most messages accepted by one import request. Default 10. */
    @WithDefault("10")
    int importMaxBatch();

    /**
     * Most messages accepted by one import request in the newer form ({@code createdAt}, content blocks), which
     * TalkJS's transfer script sends 100 at a time. Default 100.
     */
    @WithDefault("100")
    int importNewerFormMaxBatch();

    /** Most messages accepted by one send request. Default 10. */
    @WithDefault("10")
    int sendMaxBatch();

    /** Most users accepted by one batch PUT. Default 100. */
    @WithDefault("100")
    int usersMaxBatch();

    /** Most participants per conversation. Default 100. */
    @WithDefault("100")
    int participantCap();

    /** Largest accepted file upload. Default 25M. */
    @WithDefault("25M")
    MemorySize maxFileSize();

    /**
     * Bytes of files one app may hold in all; an upload that would pass it gets 413 {@code FILE_QUOTA_EXCEEDED}.
     * Default 200M.
     */
    @WithDefault("200M")
    MemorySize fileQuota();

    /**
     * Largest request body of every call but file uploads, checked on {@code Content-Length} before the body is
     * read (413 {@code REQUEST_TOO_LARGE}). Default 10M.
     */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /** Reject (400) conversation participants and readBy entries that are not known users. Default true. */
    @WithDefault("true")
    boolean strictParticipants();

    /** Reject (400) a user PUT that creates a user without a name. Default true. */
    @WithDefault("true")
    boolean requireUserName();

    /**
     * Accept {@code SystemMessage} items in the documented import form too. Default false (the documented import
     * rejects them); the newer form ({@code createdAt}) always accepts them, as TalkJS's transfer script sends them.
     */
    @WithDefault("false")
    boolean importSystemMessages();

    /** Largest page for users and messages. Default 100. */
    @WithDefault("100")
    int listMaxLimit();

    /** Largest page for conversations. Default 30. */
    @WithDefault("30")
    int conversationListMaxLimit();

    /** Page size when {@code limit} is absent. Default 10. */
    @WithDefault("10")
    int listDefaultLimit();

    /** Allowed clock skew when checking a JWT's {@code exp}. Default 5 seconds. */
    @WithDefault("5")
    int jwtSkewSeconds();

    /** Entries kept in each app's request journal (ring buffer). Default 100000. */
    @WithDefault("100000")
    int journalCapacity();

    /**
     * Request bodies up to this many bytes are kept in the journal; larger ones only by size and item count. Default
     * 1024, which bounds a full journal's bodies to about 100 MB.
     */
    @WithDefault("1024")
    int journalBodyMaxBytes();

    /**
     * Where keys generated for the apps are kept when none are configured ({@link SandboxKeys}); default
     * {@code ${TALKPORT_DATA_DIR:data}/sandbox-keys.properties}.
     */
    Optional<String> keysFile();

    /** Set by {@link SandboxKeys} (never by hand): the file holding the keys it generated for this installation. */
    Optional<String> generatedKeysFile();

    /** Seed for the random fault injector; absent means a fixed seed of 42, so runs are reproducible. */
    Optional<Long> faultSeed();

    /** One simulated TalkJS app. */
    interface App {
        /** The secret key ({@code sk_test_...} / {@code sk_live_...}); also the HS256 key for app JWTs. */
        String secretKey();

        /** test or live; shown on the browse page. Default test. */
        @WithDefault("test")
        Mode mode();
    }

    /** TalkJS environment of an app. */
    enum Mode {
        test, live
    }
}
