package io.talkport.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.talkport.db.EmbeddedDatabase;

import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} a real PostgreSQL: the server named by {@code DB_URL} when set, otherwise a
 * throw-away embedded one shared by the whole test JVM.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String external = System.getenv("DB_URL");
        if (external != null && !external.isBlank()) {
            return Map.of();
        }
        return Map.of("quarkus.datasource.jdbc.url", EmbeddedDatabase.startEphemeral(),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        // The server lives as long as the test JVM, so later test classes reuse it.
    }
}
