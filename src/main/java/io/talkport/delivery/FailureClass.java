package io.talkport.delivery;

import io.talkport.bundle.AttachmentUnreadableException;
import io.talkport.talkjs.TalkJsAuthException;
import io.talkport.talkjs.TalkJsException;
import io.talkport.talkjs.TalkJsNotConfiguredException;
import io.talkport.talkjs.TalkJsNotFoundException;
import io.talkport.talkjs.TalkJsRejectedException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an exception that ended a piece of delivery work means for it. Only TalkJS's transient answers (429, 5xx,
 * timeouts, connection errors) and a database that is briefly away are worth another try; everything else (a local
 * bug, a constraint the database enforces, a file that cannot be read, a 400 from TalkJS) fails the same way every
 * time, so retrying it would keep a run RUNNING forever without a result.
 */
public enum FailureClass {
    /** Worth another try after a back-off: TalkJS or the database was briefly unavailable. */
    TRANSIENT,
    /** Fails the item (user batch, conversation, check) at once; the rest of the run goes on. */
    ITEM,
    /** Fails the whole run at once: nothing of it can work (wrong or missing credentials). */
    RUN;

    /**
     * SQLSTATE classes that mean "not now" rather than "never": 08 connection, 40 transaction rolled back (deadlock,
     * serialization), 53 insufficient resources, 57 operator intervention (shutdown, cancelled statement), 58 system
     * error (I/O of the server).
     */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");

    /** "com.example.SomeException: " at the start of a message. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^([a-z_][\\w$]*\\.)+[A-Z][\\w$]*(: |$)");

    public static FailureClass of(Throwable failure) {
        if (failure instanceof TalkJsAuthException || failure instanceof TalkJsNotConfiguredException) {
            return RUN;
        }
        if (failure instanceof TalkJsRejectedException || failure instanceof TalkJsNotFoundException) {
            return ITEM;
        }
        if (failure instanceof TalkJsException) {
            return TRANSIENT; // unavailable, throttled, outcome unknown: TalkJS's transient answers
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return TRANSIENT; // shutting down: another instance (or this one after a restart) carries on
            }
            if (cause instanceof SQLException sql) {
                return transientSql(sql) ? TRANSIENT : ITEM;
            }
        }
        return ITEM;
    }

    private static boolean transientSql(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        // No SQLSTATE: the connection pool (no connection within its timeout) rather than PostgreSQL.
        return state == null || state.length() < 2 || TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2))
                || "55P03".equals(state);
    }

    /**
     * A sentence for the page and the API about a failure that is not TalkJS's: what happened, in words, without
     * class names, stack traces or SQL details (those go to the server log).
     */
    public static String reason(Throwable failure) {
        if (failure instanceof TalkJsException || failure instanceof AttachmentUnreadableException) {
            return failure.getMessage();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                // A JDBC batch's own message quotes its statement; PostgreSQL's error is the next exception.
                while (sql.getNextException() != null) {
                    sql = sql.getNextException();
                }
                return "The database refused Talkport's write (SQLSTATE " + sql.getSQLState() + ", "
                        + firstLine(sql.getMessage()) + "). This is not a TalkJS problem and retrying will not fix it;"
                        + " see the server log.";
            }
        }
        String detail = failure.getMessage() == null ? "no details" : firstLine(failure.getMessage());
        return "Talkport met an internal error (" + detail + "). This is not a TalkJS problem and retrying will not "
                + "fix it; see the server log.";
    }

    /**
     * The first line, without PostgreSQL's "Detail:" and "Where:" lines (they may quote the row's data), and without
     * the class names that wrapping exceptions put in front of their cause's message.
     */
    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("").trim();
        String stripped;
        do {
            stripped = line;
            line = CLASS_PREFIX.matcher(line).replaceFirst("");
        } while (!line.equals(stripped));
        if (line.startsWith("ERROR: ")) {
            line = line.substring(7);
        }
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
