package io.talkport.sandbox;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sandbox keys outside dev and tests: random per installation, kept in an owner-only file, wired to the client. */
class SandboxKeysTest {

    @TempDir
    Path dir;

    private SmallRyeConfig config(Map<String, String> configured) {
        Map<String, String> properties = new HashMap<>(configured);
        properties.put("talkjs.sandbox.keys-file", dir.resolve("keys/sandbox-keys.properties").toString());
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new SandboxKeys()).build();
    }

    private static String value(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class).orElse(null);
    }

    @Test
    void generatesKeysOncePerInstallationAndWiresTheClient() throws IOException {
        SmallRyeConfig first = config(Map.of("talkjs.sandbox.enabled", "true"));
        String testKey = value(first, "talkjs.sandbox.apps.sandbox-test.secret-key");
        String liveKey = value(first, "talkjs.sandbox.apps.sandbox-live.secret-key");
        assertThat(testKey).matches("sk_test_[A-Za-z0-9_-]{43}").isNotEqualTo("sk_test_sandboxTestSecret0000000000");
        assertThat(liveKey).matches("sk_live_[A-Za-z0-9_-]{43}");
        assertThat(value(first, "talkjs.sandbox.apps.sandbox-live.mode")).isEqualTo("live");
        assertThat(value(first, "talkjs.test.app-id")).isEqualTo("sandbox-test");
        assertThat(value(first, "talkjs.test.secret-key")).isEqualTo(testKey);
        assertThat(value(first, "talkjs.live.secret-key")).isEqualTo(liveKey);
        Path file = dir.resolve("keys/sandbox-keys.properties");
        assertThat(value(first, "talkjs.sandbox.generated-keys-file")).isEqualTo(file.toAbsolutePath().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains(testKey).contains(liveKey);

        SmallRyeConfig restarted = config(Map.of("talkjs.sandbox.enabled", "true"));
        assertThat(value(restarted, "talkjs.sandbox.apps.sandbox-test.secret-key")).isEqualTo(testKey);
        Files.delete(file);
        assertThat(value(config(Map.of("talkjs.sandbox.enabled", "true")),
                "talkjs.sandbox.apps.sandbox-test.secret-key")).isNotEqualTo(testKey);
    }

    @Test
    void configuredKeysAndClientCredentialsWin() {
        SmallRyeConfig config = config(Map.of("talkjs.sandbox.enabled", "true",
                "talkjs.sandbox.apps.sandbox-test.secret-key", "sk_test_mine",
                "talkjs.live.app-id", "real-live-app", "talkjs.live.secret-key", "sk_live_real"));
        assertThat(value(config, "talkjs.sandbox.apps.sandbox-test.secret-key")).isEqualTo("sk_test_mine");
        assertThat(value(config, "talkjs.test.secret-key")).isNull(); // the operator's own key stays theirs to wire
        assertThat(value(config, "talkjs.sandbox.apps.sandbox-live.secret-key")).startsWith("sk_live_");
        assertThat(value(config, "talkjs.live.app-id")).isEqualTo("real-live-app");
        assertThat(value(config, "talkjs.live.secret-key")).isEqualTo("sk_live_real");
    }

    @Test
    void nothingWhenTheSandboxIsOff() {
        SmallRyeConfig config = config(Map.of("talkjs.sandbox.enabled", "false"));
        assertThat(value(config, "talkjs.sandbox.apps.sandbox-test.secret-key")).isNull();
        assertThat(value(config, "talkjs.test.secret-key")).isNull();
        assertThat(dir.resolve("keys")).doesNotExist();
    }
}
