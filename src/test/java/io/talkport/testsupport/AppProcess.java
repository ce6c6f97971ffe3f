package io.talkport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged app (target/quarkus-app/quarkus-run.jar) as a separate process, for tests that kill and restart it.
 * Output goes to a log file under target/ so a failure can be read afterwards.
 */
public final class AppProcess {

    /** Admin password given to every started process (the prod profile insists on one). */
    public static final String ADMIN_PASSWORD = "it-admin-password";

    private final String name;
    private final int port;
    private final Map<String, String> env;
    private final Map<String, String> properties;
    private final String heap;
    private Process process;
    private int starts;

    public AppProcess(String name, String heap, Map<String, String> env, Map<String, String> properties) {
        this.name = name;
        this.heap = heap;
        this.port = freePort();
        this.env = new LinkedHashMap<>(env);
        this.env.putIfAbsent("TALKPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        this.properties = properties;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public int starts() {
        return starts;
    }

    /** The operating-system process id, e.g. to read /proc/<pid>/status; -1 before the first start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the process and waits until /q/health answers UP. */
    public AppProcess start() {
        String runner = System.getProperty("app.runner", "target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + heap, "-Dquarkus.http.port=" + port));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(runner);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Path log = Path.of("target", "it-logs", name + ".log");
            Files.createDirectories(log.getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        starts++;
        awaitHealthy(Duration.ofSeconds(90));
        return this;
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitHealthy(Duration within) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + "; see target/it-logs/" + name + ".log");
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " did not become healthy within " + within);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
