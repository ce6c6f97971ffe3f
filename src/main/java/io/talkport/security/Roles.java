package io.talkport.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.talkport.talkjs.TalkJsEnvironment;

/**
 * The three roles. The hierarchy admin ⊇ operator ⊇ viewer lives in configuration
 * ({@code quarkus.http.auth.roles-mapping}), so code names the lowest role an action needs.
 */
public final class Roles {

    /** Sees jobs, issues, runs and their progress. */
    public static final String VIEWER = "viewer";
    /** Also uploads and deletes jobs, and starts and steers test runs. */
    public static final String OPERATOR = "operator";
    /** Also promotes to live and steers live runs. */
    public static final String ADMIN = "admin";

    private Roles() {
    }

    /** The role needed to start, pause, resume, cancel or retry a run of this environment. */
    public static String toControl(TalkJsEnvironment environment) {
        return environment == TalkJsEnvironment.LIVE ? ADMIN : OPERATOR;
    }

    /** Throws 403 with a clear message unless the user may steer runs of this environment. */
    public static void requireControl(SecurityIdentity identity, TalkJsEnvironment environment) {
        if (!identity.hasRole(toControl(environment))) {
            throw new ForbiddenException(environment == TalkJsEnvironment.LIVE
                    ? "Only an admin may pause, resume, cancel or retry the live run."
                    : "Only an operator or admin may pause, resume, cancel or retry the test run.");
        }
    }
}
