package io.talkport.sandbox.ops;

/**
 * A deterministic fault script: of the calls to {@code route} ("*" for any) from now on, let {@code skip} pass, then
 * the next {@code times} get {@code kind}. "The 3rd import stores then answers 500" is
 * {@code (IMPORT, STORED_THEN_500, 2, 1, null)}; "the next 429 has no Retry-After" is
 * {@code ("*", RATE_429, 0, 1, null)}.
 */
public record FaultRule(String route, FaultKind kind, int skip, int times, Integer retryAfterSeconds) {

    /** {@code times} left out of the JSON (0) means once. */
    public FaultRule {
        if (times == 0) {
            times = 1;
        }
    }

    public FaultRule validated() {
        if (route == null || kind == null || skip < 0 || times < 1) {
            throw new IllegalArgumentException("A fault rule needs route, kind, skip >= 0 and times >= 1");
        }
        return this;
    }

    boolean matches(String routeName) {
        return "*".equals(route) || route.equalsIgnoreCase(routeName);
    }
}
