package io.talkport.sandbox;

import io.talkport.sandbox.ops.SandboxFaults;
import io.talkport.sandbox.ops.SandboxJournal;
import io.talkport.sandbox.ops.TokenBucket;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one simulated TalkJS app: users, conversations (each with its own lock), files, plus its rate limiter,
 * fault injector and journal. Sorted indexes give stable list pagination. The data is kept in its {@link SandboxStore}
 * (written first) and held here for reads; journal, faults and rate limits live in memory only.
 */
public final class SandboxApp {

    /** Counts shown by the control API and the browse page. */
    public record State(String appId, String mode, int users, int conversations, long messages, int files) {
    }

    private final String id;
    private final byte[] secretKey;
    private final SandboxConfig.Mode mode;
    private volatile String lastReset;
    private final ConcurrentHashMap<String, SandboxUser> users = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<SandboxUser.Key, String> userOrder = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, SandboxConversation> conversations = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<SandboxUser.Key, SandboxConversation> conversationOrder =
            new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, SandboxFile> files = new ConcurrentHashMap<>();
    private final AtomicLong messageCount = new AtomicLong();
    private final AtomicLong insertionSeq = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();
    private final TokenBucket rateLimiter;
    private final TokenBucket batchRateLimiter;
    private final SandboxFaults faults;
    private final SandboxJournal journal;
    private final double defaultRate;
    private final int defaultBurst;
    private final double defaultBatchRate;
    private final int defaultBatchBurst;
    private final SandboxStore store;

    /** An app that keeps its data in memory only (plain unit tests). */
    public SandboxApp(String id, String secretKey, SandboxConfig.Mode mode, SandboxConfig config) {
        this(id, secretKey, mode, config, SandboxStore.NONE);
    }

    /** An app whose every change is written to {@code store} first (see {@link SandboxStore}). */
    public SandboxApp(String id, String secretKey, SandboxConfig.Mode mode, SandboxConfig config,
                      SandboxStore store) {
        this.id = id;
        this.store = store;
        this.secretKey = secretKey.getBytes(StandardCharsets.UTF_8);
        this.mode = mode;
        this.defaultRate = config.rate();
        this.defaultBurst = config.burst();
        this.rateLimiter = new TokenBucket(defaultRate, defaultBurst);
        this.defaultBatchRate = config.batchRate();
        this.defaultBatchBurst = config.batchBurst();
        this.batchRateLimiter = new TokenBucket(defaultBatchRate, defaultBatchBurst);
        this.faults = new SandboxFaults(config.faultSeed().orElse(42L));
        this.journal = new SandboxJournal(config.journalCapacity());
    }

    public String id() {
        return id;
    }

    public SandboxConfig.Mode mode() {
        return mode;
    }

    public byte[] secretKeyBytes() {
        return secretKey.clone();
    }

    /** Constant-time comparison with the secret key. */
    public boolean isSecretKey(String candidate) {
        return MessageDigest.isEqual(secretKey, candidate.getBytes(StandardCharsets.UTF_8));
    }

    public SandboxStore store() {
        return store;
    }

    public TokenBucket rateLimiter() {
        return rateLimiter;
    }

    /** The batch endpoint's own budget: its calls do not take from {@link #rateLimiter()}. */
    public TokenBucket batchRateLimiter() {
        return batchRateLimiter;
    }

    public SandboxFaults faults() {
        return faults;
    }

    public SandboxJournal journal() {
        return journal;
    }

    public ConcurrentHashMap<String, SandboxUser> users() {
        return users;
    }

    public ConcurrentSkipListMap<SandboxUser.Key, String> userOrder() {
        return userOrder;
    }

    public ConcurrentHashMap<String, SandboxConversation> conversations() {
        return conversations;
    }

    public ConcurrentSkipListMap<SandboxUser.Key, SandboxConversation> conversationOrder() {
        return conversationOrder;
    }

    public ConcurrentHashMap<String, SandboxFile> files() {
        return files;
    }

    public SandboxUser user(String userId) {
        return users.get(userId);
    }

    public SandboxConversation conversation(String conversationId) {
        return conversations.get(conversationId);
    }

    /**
     * A creation timestamp: the wall clock, never earlier than the last one given (ties in a list are ordered by id).
     * Not made unique by adding a millisecond per creation: a burst of creations (the batch endpoint makes ten in one
     * call) then ran ahead of real time, and a conversation's createdAt came out later than the moment its creator
     * recorded it, which TalkJS does not do and which made Talkport's plan distrust its own record.
     */
    public long nextCreatedAt() {
        long now = System.currentTimeMillis();
        return clock.updateAndGet(last -> Math.max(last, now));
    }

    public long nextInsertionSeq() {
        return insertionSeq.incrementAndGet();
    }

    /** After loading kept data: new ids, timestamps and sequence numbers continue after what was kept. */
    public void continueAfter(long createdAt, long seq) {
        clock.accumulateAndGet(createdAt, Math::max);
        insertionSeq.accumulateAndGet(seq, Math::max);
    }

    public void messagesAdded(long count) {
        messageCount.addAndGet(count);
    }

    public State state() {
        return new State(id, mode.name(), users.size(), conversations.size(), messageCount.get(), files.size());
    }

    /** Kept in memory for the app page: the last reset, in a line ("Reset at … by …: 5 users … deleted."). */
    public void noteReset(String line) {
        lastReset = line;
    }

    /** What the last "Reset all data" deleted, when and by whom (in memory only); null when none since the start. */
    public String lastReset() {
        return lastReset;
    }

    /** "Reset all data", like the dashboard button: users, conversations, messages and files, kept ones too. */
    public void resetData() {
        store.deleteAppData(id);
        conversations.clear();
        conversationOrder.clear();
        users.clear();
        userOrder.clear();
        files.clear();
        messageCount.set(0);
    }

    /** Data plus journal, counters, faults and rate limit back to their configured defaults (between tests). */
    public void resetEverything() {
        resetData();
        journal.clear();
        faults.clear();
        rateLimiter.configure(defaultRate, defaultBurst);
        batchRateLimiter.configure(defaultBatchRate, defaultBatchBurst);
    }
}
