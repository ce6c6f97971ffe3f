package io.talkport.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Refuses to start a production server whose embedded realm has no admin password: nobody could promote to live, and
 * an operator would be tempted to weaken the configuration. Dev and test have documented default passwords.
 */
@ApplicationScoped
public class AdminPasswordCheck {

    static final String MESSAGE = "TALKPORT_ADMIN_PASSWORD is not set. Talkport does not start in production without "
            + "a password for the 'admin' user (set TALKPORT_OPERATOR_PASSWORD and TALKPORT_VIEWER_PASSWORD too, for "
            + "the other users), or switch to OpenID Connect (see README, Security).";

    void check(@Observes StartupEvent event) {
        var config = ConfigProvider.getConfig();
        boolean embedded = config.getOptionalValue("quarkus.security.users.embedded.enabled", Boolean.class)
                .orElse(false);
        Optional<String> password = config.getOptionalValue("quarkus.security.users.embedded.users.admin",
                String.class);
        verify(LaunchMode.current(), embedded, password);
    }

    static void verify(LaunchMode mode, boolean embeddedRealm, Optional<String> adminPassword) {
        if (mode == LaunchMode.NORMAL && embeddedRealm && adminPassword.filter(p -> !p.isBlank()).isEmpty()) {
            throw new IllegalStateException(MESSAGE);
        }
    }
}
