package io.talkport;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.talkport.db.EmbeddedDatabase;

import java.nio.file.Path;

/**
 * Entry point for dev mode and the packaged jar. Without {@code DB_URL} it first starts the embedded PostgreSQL
 * (data under {@code TALKPORT_EMBEDDED_DB_DIR}, default {@code ./data/postgres}) and points the datasource at it.
 */
@QuarkusMain
public class TalkportMain {

    private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    public static void main(String... args) {
        if (isBlank(System.getenv("DB_URL")) && isBlank(System.getProperty(URL_PROPERTY))) {
            Path dir = Path.of(envOr("TALKPORT_EMBEDDED_DB_DIR", "data/postgres")).toAbsolutePath();
            int port = Integer.parseInt(envOr("TALKPORT_EMBEDDED_DB_PORT", "54329"));
            System.setProperty(URL_PROPERTY, EmbeddedDatabase.startPersistent(dir, port));
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty(EmbeddedDatabase.IN_USE_PROPERTY, dir.toString());
        }
        Quarkus.run(args);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return isBlank(value) ? fallback : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
