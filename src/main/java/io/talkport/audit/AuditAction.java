package io.talkport.audit;

/** What the audit trail records; {@link #code} is stored and shown. */
public enum AuditAction {
    UPLOAD("job.upload"),
    DELETE("job.delete"),
    RUN_START("run.start"),
    RUN_PAUSE("run.pause"),
    RUN_RESUME("run.resume"),
    RUN_CANCEL("run.cancel"),
    RUN_RETRY("run.retry-failed"),
    PROMOTE("run.promote"),
    REMOVE_TEST_IMPORT("run.remove-test-import"),
    USER_MAP("job.user-map"),
    LOGIN_FAILED("login.failed"),
    LOGIN_THROTTLED("login.throttled"),
    PURGE("job.purge");

    public final String code;

    AuditAction(String code) {
        this.code = code;
    }
}
