package io.talkport.sandbox;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * Secret keys of the sandbox apps {@code sandbox-test} and {@code sandbox-live} where none are configured: random,
 * generated once per installation and kept in a file readable by its owner only (issue 16, finding 1: no published
 * default key outside dev and tests, where application.properties keeps the fixed ones).
 *
 * <p>Runs only when {@code talkjs.sandbox.enabled} is true. For each app whose
 * {@code talkjs.sandbox.apps.<id>.secret-key} is not configured it reads the key from the keys file
 * ({@code talkjs.sandbox.keys-file}, default {@code ${TALKPORT_DATA_DIR:data}/sandbox-keys.properties}), or generates
 * one ({@code sk_test_} / {@code sk_live_} and 32 random bytes, URL-safe Base64) and writes it there with mode 600.
 * It then defines the app ({@code secret-key}, {@code mode}) and, unless the operator configured TalkJS credentials of
 * their own for that environment, points Talkport's own client at it ({@code talkjs.test.app-id} /
 * {@code talkjs.test.secret-key}, the same for live), so that pushes work without the key ever being shown. It also
 * sets {@code talkjs.sandbox.generated-keys-file} to the file's path, which {@link SandboxStartup} logs (never the
 * keys). Ranks below application.properties and the environment: anything configured wins.
 */
public class SandboxKeys implements ConfigSourceFactory {

    static final String KEYS_FILE = "talkjs.sandbox.keys-file";
    static final String GENERATED_KEYS_FILE = "talkjs.sandbox.generated-keys-file";
    private static final int BELOW_APPLICATION_PROPERTIES = 200;
    private static final List<String> ENVIRONMENTS = List.of("test", "live");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!"true".equalsIgnoreCase(value(context, "talkjs.sandbox.enabled"))) {
            return List.of();
        }
        Map<String, String> properties = new HashMap<>();
        Path file = keysFile(context);
        Properties stored = null;
        for (String environment : ENVIRONMENTS) {
            String appId = "sandbox-" + environment;
            String prefix = "talkjs.sandbox.apps." + appId + ".";
            if (value(context, prefix + "secret-key") != null) {
                continue;
            }
            if (stored == null) {
                stored = load(file);
            }
            String key = stored.getProperty(appId);
            if (key == null || key.isBlank()) {
                key = generate(environment);
                stored.setProperty(appId, key);
                save(file, stored);
            }
            properties.put(prefix + "secret-key", key);
            properties.put(prefix + "mode", environment);
            String clientAppId = value(context, "talkjs." + environment + ".app-id");
            if (value(context, "talkjs." + environment + ".secret-key") == null
                    && (clientAppId == null || clientAppId.equals(appId))) {
                properties.put("talkjs." + environment + ".app-id", appId);
                properties.put("talkjs." + environment + ".secret-key", key);
            }
            properties.put(GENERATED_KEYS_FILE, file.toAbsolutePath().toString());
        }
        if (properties.isEmpty()) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(properties, "talkport-sandbox-keys (" + file + ")",
                BELOW_APPLICATION_PROPERTIES));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(BELOW_APPLICATION_PROPERTIES);
    }

    /** Where the keys are kept: {@code talkjs.sandbox.keys-file}, else {@code <TALKPORT_DATA_DIR or data>/...}. */
    static Path keysFile(ConfigSourceContext context) {
        String configured = value(context, KEYS_FILE);
        if (configured != null) {
            return Path.of(configured);
        }
        String dataDir = value(context, "TALKPORT_DATA_DIR");
        return Path.of(dataDir == null ? "data" : dataDir, "sandbox-keys.properties");
    }

    static String generate(String environment) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "sk_" + environment + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the sandbox keys file " + file, e);
            }
        }
        return properties;
    }

    private static void save(Path file, Properties properties) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".sandbox-keys", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file inherits the folder's access rules
            }
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "Secret keys of the Talkport TalkJS sandbox apps, generated for this "
                        + "installation. Use them as Bearer keys of /sandbox/talkjs/v1/<app id>/...; keep them secret.");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the sandbox keys file " + file, e);
        }
    }
}
