package io.talkport.db;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/** Warns once at start-up when the app runs on the embedded PostgreSQL. */
public class EmbeddedDatabaseWarning {

    void onStart(@Observes StartupEvent event) {
        String dir = System.getProperty(EmbeddedDatabase.IN_USE_PROPERTY);
        if (dir != null) {
            Log.warnf("Using the EMBEDDED PostgreSQL (data in %s): for trying Talkport out only. "
                    + "Set DB_URL, DB_USER and DB_PASSWORD to use a real PostgreSQL server.", dir);
        }
    }
}
