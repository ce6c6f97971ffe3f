package io.talkport.sandbox.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file store's quota per app (issue 16, finding 2): clear 413 when an upload would pass it, nothing kept. */
class FileQuotaTest {

    @TempDir
    Path dir;

    /** The sandbox configuration with its documented defaults, except the given values (by method name). */
    static SandboxConfig config(Map<String, Object> overrides) {
        return (SandboxConfig) Proxy.newProxyInstance(SandboxConfig.class.getClassLoader(),
                new Class<?>[] {SandboxConfig.class}, (proxy, method, args) -> overrides.containsKey(method.getName())
                        ? overrides.get(method.getName()) : defaultOf(method));
    }

    private static Object defaultOf(Method method) {
        Class<?> type = method.getReturnType();
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == Map.class) {
            return Map.of();
        }
        String value = method.getAnnotation(WithDefault.class).value();
        if (type == int.class) {
            return Integer.parseInt(value);
        }
        if (type == double.class) {
            return Double.parseDouble(value);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(value);
        }
        if (type == MemorySize.class) {
            return new MemorySize(BigInteger.valueOf(Long.parseLong(value.replace("M", "")) * 1024 * 1024));
        }
        throw new IllegalStateException("No default for " + method);
    }

    private FileOps.Upload upload(String name, int bytes) throws IOException {
        Path file = Files.write(dir.resolve(name), new byte[bytes]);
        return new FileOps.Upload(new org.jboss.resteasy.reactive.multipart.FileUpload() {
            public String name() {
                return "file";
            }

            public Path filePath() {
                return file;
            }

            public String fileName() {
                return name;
            }

            public long size() {
                return bytes;
            }

            public String contentType() {
                return "application/octet-stream";
            }

            public String charSet() {
                return null;
            }

            public MultivaluedMap<String, String> getHeaders() {
                return new MultivaluedHashMap<>();
            }
        }, null, null, null, null, null);
    }

    @Test
    void anUploadThatWouldPassTheQuotaIs413AndKeepsNothing() throws IOException {
        SandboxConfig config = config(Map.of("fileQuota", new MemorySize(BigInteger.valueOf(1000))));
        SandboxApp app = new SandboxApp("a", "sk_test_x", SandboxConfig.Mode.test, config);
        FileOps files = new FileOps(config);
        files.store(app, upload("one.bin", 600));
        files.store(app, upload("two.bin", 400));
        assertThatThrownBy(() -> files.store(app, upload("three.bin", 1)))
                .isInstanceOfSatisfying(SandboxException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.errorCode()).isEqualTo("FILE_QUOTA_EXCEEDED");
                    assertThat(e.reasons().toString()).contains("holds 1000 bytes").contains("quota of 1000 bytes")
                            .contains("talkjs.sandbox.file-quota");
                });
        assertThat(app.state().files()).isEqualTo(2);
        app.resetData();
        files.store(app, upload("three.bin", 1));
        assertThat(app.state().files()).isEqualTo(1);
    }
}
