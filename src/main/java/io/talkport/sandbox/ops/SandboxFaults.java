package io.talkport.sandbox.ops;

import io.talkport.sandbox.SandboxRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Per-app fault injection: scripted rules first (deterministic), then seeded random faults. Decisions are serialised
 * so a fixed seed and a serial caller give the same faults on every run.
 */
public final class SandboxFaults {

    /** The fault chosen for one call. */
    public record Decision(FaultKind kind, Integer retryAfterSeconds, String source) {
    }

    /** Current settings and pending scripts, as the control API shows them. */
    public record View(FaultSettings random, List<FaultRule> scripts) {
    }

    private final long defaultSeed;
    private FaultSettings settings = FaultSettings.NONE;
    private final List<MutableRule> rules = new ArrayList<>();
    private Random random;

    public SandboxFaults(long defaultSeed) {
        this.defaultSeed = defaultSeed;
        this.random = new Random(defaultSeed);
    }

    public synchronized View view() {
        return new View(settings, rules.stream().map(MutableRule::toRule).toList());
    }

    /** Replaces the random settings (reseeding) and the scripts. */
    public synchronized void configure(FaultSettings newSettings, List<FaultRule> scripts) {
        settings = newSettings.validated();
        random = new Random(newSettings.seed() != null ? newSettings.seed() : defaultSeed);
        rules.clear();
        scripts.forEach(this::addScript);
    }

    public synchronized void addScript(FaultRule rule) {
        rule.validated();
        rules.add(new MutableRule(rule));
    }

    public synchronized void clear() {
        configure(FaultSettings.NONE, List.of());
    }

    public synchronized long latencyMillis() {
        return settings.latencyMillis();
    }

    /** The fault for this call, or null. Every matching script counts the call, the first due one fires. */
    public synchronized Decision decide(SandboxRoute route) {
        Decision scripted = null;
        for (MutableRule rule : rules) {
            if (!rule.rule.matches(route.name())) {
                continue;
            }
            if (rule.skip > 0) {
                rule.skip--;
            } else if (scripted == null) {
                rule.times--;
                scripted = new Decision(rule.rule.kind(), rule.rule.retryAfterSeconds(), "script");
            }
        }
        rules.removeIf(r -> r.times <= 0);
        return scripted != null ? scripted : randomDecision(route);
    }

    private Decision randomDecision(SandboxRoute route) {
        if (settings.error500() + settings.error503() + settings.error429() > 0) {
            double roll = random.nextDouble();
            if (roll < settings.error500()) {
                return new Decision(FaultKind.ERROR_500, null, "random");
            }
            if (roll < settings.error500() + settings.error503()) {
                return new Decision(FaultKind.ERROR_503, null, "random");
            }
            if (roll < settings.error500() + settings.error503() + settings.error429()) {
                return new Decision(FaultKind.RATE_429, settings.retryAfterSeconds(), "random");
            }
        }
        if (route == SandboxRoute.IMPORT && settings.storedThen500() > 0
                && random.nextDouble() < settings.storedThen500()) {
            return new Decision(FaultKind.STORED_THEN_500, null, "random");
        }
        return null;
    }

    private static final class MutableRule {
        final FaultRule rule;
        int skip;
        int times;

        MutableRule(FaultRule rule) {
            this.rule = rule;
            this.skip = rule.skip();
            this.times = rule.times();
        }

        FaultRule toRule() {
            return new FaultRule(rule.route(), rule.kind(), skip, times, rule.retryAfterSeconds());
        }
    }
}
