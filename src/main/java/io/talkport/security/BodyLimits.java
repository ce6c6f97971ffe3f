package io.talkport.security;

import io.talkport.job.JobConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The route table of body limits: which limit applies to a (method, canonical path). See {@link HttpLimitsConfig}. */
@ApplicationScoped
public class BodyLimits {

    /** Room for the multipart envelope and the name part around an uploaded bundle. */
    public static final long UPLOAD_ENVELOPE_BYTES = 64 * 1024;
    /** The bundle upload route, canonical. */
    public static final String UPLOAD_PATH = "/api/jobs";

    private final long defaultLimit;
    private final long uploadLimit;
    private final List<Rule> rules;

    @Inject
    public BodyLimits(HttpLimitsConfig config, JobConfig upload) {
        this(config.bodyLimit().asLongValue(), upload.maxBytes(), toLongs(config.bodyLimits()));
    }

    BodyLimits(long defaultLimit, long uploadMaxBytes, Map<String, Long> routes) {
        this.defaultLimit = defaultLimit;
        this.uploadLimit = uploadMaxBytes + UPLOAD_ENVELOPE_BYTES;
        List<Rule> parsed = new ArrayList<>();
        routes.forEach((pattern, limit) -> parsed.add(Rule.of(pattern, limit)));
        parsed.sort(Comparator.comparingInt(Rule::specificity).reversed());
        this.rules = List.copyOf(parsed);
    }

    /** Bytes a body may have on this route. */
    public long limitFor(String method, String canonicalPath) {
        if ("POST".equals(method) && UPLOAD_PATH.equals(canonicalPath)) {
            return uploadLimit;
        }
        for (Rule rule : rules) {
            if (rule.matches(canonicalPath)) {
                return rule.limit();
            }
        }
        return defaultLimit;
    }

    /** Whether this is the bundle upload, whose refusal carries the bundle wording. */
    public static boolean isUpload(String method, String canonicalPath) {
        return "POST".equals(method) && UPLOAD_PATH.equals(canonicalPath);
    }

    private static Map<String, Long> toLongs(Map<String, io.quarkus.runtime.configuration.MemorySize> sizes) {
        Map<String, Long> limits = new java.util.HashMap<>();
        sizes.forEach((pattern, size) -> limits.put(pattern, size.asLongValue()));
        return limits;
    }

    /** One pattern of the table. */
    record Rule(String[] segments, long limit) {

        static Rule of(String pattern, long limit) {
            String canonical = pattern.endsWith("/**") ? RequestPaths.canonical(pattern.substring(0,
                    pattern.length() - 3)) + (pattern.equals("/**") ? "**" : "/**") : RequestPaths.canonical(pattern);
            return new Rule(canonical.equals("/") ? new String[0] : canonical.substring(1).split("/"), limit);
        }

        /** More literal segments first, then fewer wildcards. */
        int specificity() {
            int score = 0;
            for (String segment : segments) {
                score += segment.equals("**") ? 0 : segment.equals("*") ? 1 : 3;
            }
            return score;
        }

        boolean matches(String canonicalPath) {
            String[] path = canonicalPath.equals("/") ? new String[0] : canonicalPath.substring(1).split("/");
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].equals("**")) {
                    return true;
                }
                if (i >= path.length || !(segments[i].equals("*") || segments[i].equals(path[i]))) {
                    return false;
                }
            }
            return path.length == segments.length;
        }
    }
}
