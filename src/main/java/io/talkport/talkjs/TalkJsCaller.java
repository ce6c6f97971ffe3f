package io.talkport.talkjs;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs one logical TalkJS call: resolves the app, waits for the rate limiter, sends, waits out 429s (never
 * dropping the request), and translates the status into a result or a {@link TalkJsException}, all inside the
 * app's fault-tolerance guard. Branches on the status code only; bodies are kept for messages.
 */
final class TalkJsCaller {

    static final String PUBLIC_BASE_URL = "https://api.talkjs.com";
    private static final int BODY_SNIPPET = 500;

    /**
     * What to send. {@code body} is called once per attempt so retried uploads re-read their stream; {@code batch}
     * calls spend the batch endpoint's budget instead of the general one.
     */
    record Call(String route, String method, String path, String contentType, Supplier<BodyPublisher> body,
            Duration timeout, boolean idempotent, boolean batch) {

        Call(String route, String method, String path, String contentType, Supplier<BodyPublisher> body,
                Duration timeout, boolean idempotent) {
            this(route, method, path, contentType, body, timeout, idempotent, false);
        }
    }

    private final TalkJsConfig config;
    private final TalkJsHttp http;
    private final TalkJsMetrics metrics;
    private final Map<TalkJsEnvironment, TalkJsApp> apps = new ConcurrentHashMap<>();
    private final Map<String, AppRateLimiter> limiters = new ConcurrentHashMap<>();
    private volatile String sandboxBaseUrl;

    TalkJsCaller(TalkJsConfig config, TalkJsMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.http = new TalkJsHttp(config.timeout().connect());
    }

    TalkJsHttp.Response call(TalkJsEnvironment env, Call call) {
        TalkJsApp app = app(env);
        try {
            return app.guard().call(() -> attempt(app, call), TalkJsHttp.Response.class);
        } catch (CircuitBreakerOpenException e) {
            throw new TalkJsUnavailableException(env, 0, "TalkJS " + env.key() + " app " + app.appId()
                    + " is unavailable after repeated failures (circuit breaker open); " + call.route()
                    + " was not sent", null);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TalkJsUnavailableException(env, 0, "TalkJS call " + call.route() + " failed: " + e, e);
        }
    }

    /** One guarded attempt; loops only on 429, which TalkJS did not process. */
    private TalkJsHttp.Response attempt(TalkJsApp app, Call call) {
        long deadline = System.nanoTime() + config.rateLimit().maxWait().toNanos();
        int throttled = 0;
        while (true) {
            TalkJsHttp.Response response = sendOnce(app, call, deadline);
            if (response.status() != 429) {
                return check(app, call, response);
            }
            throttled++;
            Duration wait = RetryAfter.parse(response.retryAfter().orElse(null), Instant.now())
                    .orElseGet(backoff(throttled));
            metrics.rateLimited(app.environment(), call.route());
            Duration cap = config.rateLimit().maxRetryAfter();
            if (wait.compareTo(cap) > 0) {
                app.limiter(call.batch()).throttled(cap);
                throw new TalkJsThrottledException(app.environment(), "TalkJS answered 429 to " + call.route()
                        + " in the " + app.environment().key() + " app " + app.appId() + " and asked to wait "
                        + RetryAfter.describe(wait) + " (Retry-After), longer than talkjs.rate-limit.max-retry-after ("
                        + RetryAfter.describe(cap) + "); the app is paused for " + RetryAfter.describe(cap)
                        + " and the call will be tried again after that. Nothing was processed by TalkJS.");
            }
            Log.debugf("TalkJS %s app %s: 429 on %s (#%d), pausing the app for %d ms", app.environment().key(),
                    app.appId(), call.route(), throttled, wait.toMillis());
            app.limiter(call.batch()).throttled(wait);
        }
    }

    private TalkJsHttp.Response sendOnce(TalkJsApp app, Call call, long deadline) {
        TalkJsEnvironment env = app.environment();
        acquire(app, call, deadline);
        long start = System.nanoTime();
        try {
            TalkJsHttp.Response response = http.exchange(call.method(), uri(app, call.path()),
                    app.tokens().authorizationHeader(), call.contentType(), call.body() == null ? null
                            : call.body().get(), call.timeout());
            metrics.request(env, call.route(), Integer.toString(response.status()), System.nanoTime() - start);
            return response;
        } catch (HttpTimeoutException e) {
            metrics.request(env, call.route(), "timeout", System.nanoTime() - start);
            throw noAnswer(app, call, "no answer within " + call.timeout().toMillis() + " ms", e);
        } catch (IOException e) {
            metrics.request(env, call.route(), "io_error", System.nanoTime() - start);
            throw noAnswer(app, call, ioDetail(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noAnswer(app, call, "interrupted while waiting for the answer", e);
        } finally {
            app.limiter(call.batch()).release();
        }
    }

    /** What a user can make of an I/O failure: nobody answering at the address reads differently from a broken read. */
    private String ioDetail(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "could not connect to " + baseUrl() + " (nothing answers there, or the network is down)";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "the host of " + baseUrl() + " is unknown (DNS)";
        }
        return "I/O error " + e.getClass().getSimpleName();
    }

    private void acquire(TalkJsApp app, Call call, long deadline) {
        boolean acquired;
        try {
            acquired = app.limiter(call.batch()).acquire(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TalkJsThrottledException(app.environment(), "Interrupted while waiting to send "
                    + call.route() + "; nothing was sent");
        }
        if (!acquired) {
            throw new TalkJsThrottledException(app.environment(), "Gave up waiting " + config.rateLimit().maxWait()
                    + " for the rate limit of the " + app.environment().key() + " app " + app.appId() + " to send "
                    + call.route() + "; nothing was sent");
        }
    }

    private TalkJsHttp.Response check(TalkJsApp app, Call call, TalkJsHttp.Response response) {
        int status = response.status();
        TalkJsEnvironment env = app.environment();
        if (response.isSuccess()) {
            return response;
        }
        String body = response.bodySnippet(BODY_SNIPPET);
        if (status == 401 || status == 403) {
            throw new TalkJsAuthException(env, status, app.appId(), body);
        }
        if (status == 404) {
            throw new TalkJsNotFoundException(env, call.route(), body);
        }
        if (status >= 500) {
            String detail = "HTTP " + status + ": " + body;
            if (call.idempotent()) {
                throw new TalkJsUnavailableException(env, status, "TalkJS failed " + call.route() + " in the "
                        + env.key() + " app (" + detail + ")", null);
            }
            throw new TalkJsOutcomeUnknownException(env, status, call.route(), detail, null);
        }
        throw new TalkJsRejectedException(env, status, call.route(), body);
    }

    private RuntimeException noAnswer(TalkJsApp app, Call call, String detail, Exception cause) {
        TalkJsEnvironment env = app.environment();
        if (call.idempotent()) {
            return new TalkJsUnavailableException(env, 0, "TalkJS did not answer " + call.route() + " in the "
                    + env.key() + " app: " + detail, cause);
        }
        return new TalkJsOutcomeUnknownException(env, 0, call.route(), detail, cause);
    }

    /** Exponential back-off for 429s without Retry-After: initial * 2^(n-1), capped, +/-20% jitter. */
    private Supplier<Duration> backoff(int attempt) {
        return () -> {
            long initial = config.rateLimit().backoffInitial().toMillis();
            long cap = config.rateLimit().backoffMax().toMillis();
            long base = Math.min(cap, initial << Math.min(attempt - 1, 20));
            double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
            return Duration.ofMillis(Math.min(cap, (long) (base * jitter)));
        };
    }

    private URI uri(TalkJsApp app, String path) {
        return URI.create(baseUrl() + "/v1/" + segment(app.appId()) + path);
    }

    /** URL-encodes one path segment: spaces as %20, slashes as %2F. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    TalkJsApp app(TalkJsEnvironment env) {
        TalkJsApp app = apps.get(env);
        return app != null ? app : apps.computeIfAbsent(env, this::createApp);
    }

    private TalkJsApp createApp(TalkJsEnvironment env) {
        TalkJsConfig.App settings = config.app(env);
        String prefix = "talkjs." + env.key() + ".";
        String envPrefix = "TALKJS_" + env.name() + "_";
        String appId = settings.appId().filter(id -> !id.isBlank())
                .orElseThrow(() -> new TalkJsNotConfiguredException(env, prefix + "app-id (" + envPrefix
                        + "APP_ID)"));
        TalkJsSecret secret = settings.secretKey().orElseThrow(() -> new TalkJsNotConfiguredException(env,
                prefix + "secret-key (" + envPrefix + "SECRET_KEY)"));
        AppRateLimiter limiter = limiters.computeIfAbsent(appId, id -> new AppRateLimiter(
                config.rateLimit().requestsPerSecond(), config.rateLimit().burst(), config.maxInFlight()));
        AppRateLimiter batchLimiter = limiters.computeIfAbsent(appId + " batch", id -> new AppRateLimiter(
                config.batch().requestsPerSecond(), config.batch().burst(), config.maxInFlight()));
        return new TalkJsApp(env, appId.trim(), secret, config, limiter, batchLimiter);
    }

    Optional<TalkJsApp> existingApp(TalkJsEnvironment env) {
        return Optional.ofNullable(apps.get(env));
    }

    /** The effective base URL, without trailing slash. */
    String baseUrl() {
        Optional<String> configured = config.baseUrl().filter(url -> !url.isBlank());
        if (configured.isPresent()) {
            return stripSlash(configured.get());
        }
        if (!config.sandbox().enabled()) {
            return PUBLIC_BASE_URL;
        }
        String sandbox = sandboxBaseUrl;
        if (sandbox == null) {
            int port = httpPort();
            sandbox = "http://localhost:" + port + "/sandbox/talkjs";
            if (port > 0) {
                sandboxBaseUrl = sandbox; // a 0 means the server has not bound yet: resolve again next time
            }
        }
        return sandbox;
    }

    /** True when calls go to our own simulator rather than TalkJS. */
    boolean isSandbox() {
        return baseUrl().endsWith("/sandbox/talkjs");
    }

    /**
     * The port our HTTP server listens on. With a random port ({@code quarkus.http.test-port=0}) Quarkus publishes
     * the bound port as a system property of the same name once the server is up, so this is read lazily.
     */
    private static int httpPort() {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        String bound = System.getProperty(key);
        if (bound != null && !bound.isBlank()) {
            return Integer.parseInt(bound.trim());
        }
        return ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8080);
    }

    private static String stripSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
