package io.talkport.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a real PostgreSQL server from the pinned zonky binaries when no external database is configured.
 * <p>
 * Used by {@link io.talkport.TalkportMain} (dev mode and the packaged jar, data kept under a folder) and by the
 * tests (a throw-away data folder, random port). It is for trying Talkport out: production points {@code DB_URL}
 * at a managed PostgreSQL.
 */
public final class EmbeddedDatabase {

    /** System property set when the embedded server is in use, so the app can warn about it once it runs. */
    public static final String IN_USE_PROPERTY = "talkport.embedded-db.in-use";

    private static EmbeddedPostgres server;

    private EmbeddedDatabase() {
    }

    /**
     * Starts (or reuses) a server that keeps its data in {@code dataDir} and listens on {@code port}.
     * A server left running by an earlier process that was killed is reused rather than started twice.
     *
     * @return the JDBC URL of the {@code postgres} database
     */
    public static synchronized String startPersistent(Path dataDir, int port) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        if (server == null && !isListening(port)) {
            try {
                Files.createDirectories(dataDir);
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir, e);
            }
        }
        return url;
    }

    /** Starts a throw-away server on a free port, for tests; it is stopped when the JVM exits. */
    public static synchronized String startEphemeral() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
