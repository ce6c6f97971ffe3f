package io.talkport.benchmark;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Times routes one after another (never in parallel: one user clicking) and prints p50, p95 and max per route,
 * with PASS when p95 is within the budget. Times are printed, not asserted: a shared 2-core machine gives noisy
 * figures. Status and content are asserted, so a fast error page never counts as a fast page.
 */
final class RouteTimings {

    static final long BUDGET_MS = 200;

    private final int warmup;
    private final int runs;
    private final List<String> rows = new ArrayList<>();

    RouteTimings(int warmup, int runs) {
        this.warmup = warmup;
        this.runs = runs;
    }

    /** GET {@code path} (headers as name, value pairs), expecting 200 and a body containing {@code expected}. */
    void get(String label, String path, String expected, String... headers) {
        time(label, path, true, () -> {
            long started = System.nanoTime();
            RequestSpecification request = given();
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            Response response = request.when().get(path);
            assertThat(response.statusCode()).as(label + ": " + path).isEqualTo(200);
            String body = response.asString();
            long nanos = System.nanoTime() - started;
            assertThat(body).as(label + ": " + path).contains(expected);
            return new Sample(nanos, response.asByteArray().length);
        });
    }

    /** How long one request took (as the caller defines it, e.g. to the first byte) and the bytes it received. */
    record Sample(long nanos, long bytes) {
    }

    /**
     * Times {@code call}, which makes one request, checks it and returns its sample. Without {@code budgeted} the row
     * is for information (a whole download) and does not count as a page.
     */
    void time(String label, String path, boolean budgeted, Supplier<Sample> call) {
        for (int i = 0; i < warmup; i++) {
            call.get();
        }
        long[] millis = new long[runs];
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            Sample sample = call.get();
            bytes = sample.bytes();
            millis[i] = sample.nanos() / 1_000_000;
        }
        Arrays.sort(millis);
        long p50 = millis[(runs - 1) / 2];
        long p95 = millis[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)];
        String verdict = !budgeted ? "n/a" : p95 <= BUDGET_MS ? "PASS" : "FAIL";
        String row = String.format(Locale.ROOT, "| %-44s | %-58s | %6d | %6d | %6d | %11s | %s |", label, path, p50, p95,
                millis[runs - 1], String.format(Locale.ROOT, "%,d", bytes), verdict);
        System.out.println(row);
        rows.add(row);
    }

    void print(String title, Map<String, String> facts) {
        System.out.printf("%n%s%n", title);
        facts.forEach((key, value) -> System.out.printf("  %s: %s%n", key, value));
        System.out.printf("| %-44s | %-58s | %6s | %6s | %6s | %11s | %s |%n", "route", "request", "p50 ms", "p95 ms",
                "max ms", "bytes", "≤200ms p95");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(60), "-".repeat(8), "-".repeat(8),
                "-".repeat(8), "-".repeat(13), "-".repeat(12));
        rows.forEach(System.out::println);
        long failed = rows.stream().filter(r -> r.endsWith("FAIL |")).count();
        long budgeted = rows.stream().filter(r -> !r.endsWith("n/a |")).count();
        System.out.printf("%d routes, %d over budget: %s%n%n", budgeted, failed, failed == 0 ? "PASS" : "FAIL");
    }
}
