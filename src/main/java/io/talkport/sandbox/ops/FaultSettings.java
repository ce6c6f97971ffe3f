package io.talkport.sandbox.ops;

/**
 * Random fault probabilities (0..1 per call) and a fixed added latency. {@code retryAfterSeconds} null means random
 * 429s carry no Retry-After header. {@code storedThen500} applies to import calls only.
 */
public record FaultSettings(double error500, double error503, double error429, Integer retryAfterSeconds,
                            double storedThen500, long latencyMillis, Long seed) {

    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 1, 0, 0, null);

    /** Checks ranges; a fixed message for the control API. */
    public FaultSettings validated() {
        for (double p : new double[]{error500, error503, error429, storedThen500}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("Probabilities must be between 0 and 1");
            }
        }
        if (error500 + error503 + error429 > 1) {
            throw new IllegalArgumentException("error500 + error503 + error429 must not exceed 1");
        }
        if (latencyMillis < 0 || (retryAfterSeconds != null && retryAfterSeconds < 0)) {
            throw new IllegalArgumentException("latencyMillis and retryAfterSeconds must not be negative");
        }
        return this;
    }
}
