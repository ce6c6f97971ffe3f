package io.talkport.security;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Defines {@code quarkus.security.users.embedded.users.<user>} only for the users whose password variable
 * ({@code TALKPORT_ADMIN_PASSWORD}, ...) is set. In properties, {@code ${TALKPORT_VIEWER_PASSWORD:}} would define the
 * user with an empty password, which stops Quarkus from starting; here an unset password simply leaves the user out,
 * so it cannot log in. Ranks above application.properties, so the variables also win over the dev/test defaults.
 */
public class UserPasswordsConfigSource implements ConfigSource {

    private static final String PREFIX = "quarkus.security.users.embedded.users.";
    private static final int ABOVE_APPLICATION_PROPERTIES = 260;

    private final Map<String, String> properties = new HashMap<>();

    public UserPasswordsConfigSource() {
        this(System.getenv());
    }

    UserPasswordsConfigSource(Map<String, String> environment) {
        for (String user : new String[] {Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER}) {
            String password = environment.get("TALKPORT_" + user.toUpperCase(java.util.Locale.ROOT) + "_PASSWORD");
            if (password != null && !password.isBlank()) {
                properties.put(PREFIX + user, password);
            }
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.copyOf(properties);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "talkport-user-passwords (TALKPORT_*_PASSWORD)";
    }

    @Override
    public int getOrdinal() {
        return ABOVE_APPLICATION_PROPERTIES;
    }
}
