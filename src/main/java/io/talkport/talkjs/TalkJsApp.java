package io.talkport.talkjs;

import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the client keeps per configured environment: the app id, its token source, its (shared) rate
 * limiter, and one fault-tolerance guard whose circuit breaker tracks whether TalkJS answers for this app.
 */
final class TalkJsApp {

    private final TalkJsEnvironment environment;
    private final String appId;
    private final AppTokens tokens;
    private final AppRateLimiter limiter;
    private final AppRateLimiter batchLimiter;
    private final AtomicReference<CircuitBreakerState> breaker = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final Guard guard;

    TalkJsApp(TalkJsEnvironment environment, String appId, TalkJsSecret secret, TalkJsConfig config,
            AppRateLimiter limiter, AppRateLimiter batchLimiter) {
        this.environment = environment;
        this.appId = appId;
        this.tokens = new AppTokens(environment, appId, secret, config.authMode(), config.auth(), Clock.systemUTC());
        this.limiter = limiter;
        this.batchLimiter = batchLimiter;
        this.guard = buildGuard(config.retry(), config.circuitBreaker());
    }

    /**
     * Retry wraps the circuit breaker (SmallRye's fixed order), so each attempt counts. Only
     * {@link TalkJsUnavailableException} is retried: it is thrown for 5xx and I/O errors on idempotent calls.
     * Imports turn the same faults into {@link TalkJsOutcomeUnknownException}, which aborts: never a blind resend.
     * 400/401/404 count as successes for the breaker, since TalkJS answered.
     */
    private Guard buildGuard(TalkJsConfig.Retry retry, TalkJsConfig.CircuitBreaker cb) {
        return Guard.create()
                .withDescription("TalkJS " + environment.key() + " app " + appId)
                .withRetry()
                    .maxRetries(retry.maxRetries())
                    .delay(retry.initialDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(retry.jitter().toMillis(), ChronoUnit.MILLIS)
                    .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                    .retryOn(TalkJsUnavailableException.class)
                    .abortOn(List.of(TalkJsOutcomeUnknownException.class, TalkJsRejectedException.class,
                            TalkJsAuthException.class, TalkJsNotFoundException.class,
                            TalkJsThrottledException.class, CircuitBreakerOpenException.class))
                    .beforeRetry(failure -> Log.warnf("TalkJS %s app %s: retrying after %s", environment.key(),
                            appId, failure.getMessage()))
                    .withExponentialBackoff().factor(2).maxDelay(retry.maxDelay().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .done()
                .withCircuitBreaker()
                    .requestVolumeThreshold(cb.requestVolumeThreshold())
                    .failureRatio(cb.failureRatio())
                    .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(cb.successThreshold())
                    .failOn(List.of(TalkJsUnavailableException.class, TalkJsOutcomeUnknownException.class))
                    .onStateChange(this::breakerChanged)
                .done()
                .build();
    }

    private void breakerChanged(CircuitBreakerState state) {
        breaker.set(state);
        Log.warnf("TalkJS %s app %s: circuit breaker %s", environment.key(), appId, state);
    }

    TalkJsEnvironment environment() {
        return environment;
    }

    String appId() {
        return appId;
    }

    AppTokens tokens() {
        return tokens;
    }

    /** The budget a call spends: the batch endpoint's own, or the general one. */
    AppRateLimiter limiter(boolean batch) {
        return batch ? batchLimiter : limiter;
    }

    Guard guard() {
        return guard;
    }

    boolean isOpen() {
        return breaker.get() == CircuitBreakerState.OPEN;
    }

    @Override
    public String toString() {
        return "TalkJsApp[" + environment.key() + ", " + appId + "]";
    }
}
