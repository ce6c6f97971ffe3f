package io.talkport.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * More than 30 generated hostile bundles, uploaded one after another to one server: each gets its own specific
 * error, the server stays healthy with bounded memory, and a valid bundle right after succeeds.
 */
@QuarkusTest
@TestProfile(HostileBundleCorpusTest.SmallLimits.class)
class HostileBundleCorpusTest {

    /** Archive limits small enough to hit with generated bundles. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkport.bundle.max-uncompressed-bytes", "80M", "talkport.bundle.max-entries", "200");
        }
    }

    private static final long T0 = 1_650_000_000_000L;

    /** What a bundle must lead to: a rejection whose reason contains a phrase, or an issue code on an item. */
    private record Case(String name, byte[] bundle, String rejectedWith, String issueCode) {
        static Case rejected(String name, byte[] bundle, String phrase) {
            return new Case(name, bundle, phrase, null);
        }

        static Case issue(String name, byte[] bundle, String code) {
            return new Case(name, bundle, null, code);
        }
    }

    /** A bundle written entry by entry (RawZip), for what BundleBuilder cannot write: raw JSON escapes, repeated names. */
    private static io.talkport.testsupport.RawZip rawBundle(String conversationLine, String messageLine) {
        return io.talkport.testsupport.RawZip.create()
                .utf8("users.jsonl", "{\"id\":\"u1\",\"name\":\"Alice\"}\n{\"id\":\"u2\",\"name\":\"Bob\"}\n")
                .utf8("conversations.jsonl", conversationLine + "\n")
                .utf8("messages.jsonl", messageLine + "\n");
    }

    private static BundleBuilder base() {
        return BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").conversation("c1", "u1", "u2")
                .message("c1", "u1", T0, "hello");
    }

    private static byte[] withUser(Map<String, ?> user) {
        return base().item("users.jsonl", user).toBytes();
    }

    private static byte[] withMessage(Map<String, ?> message) {
        return base().item("messages.jsonl", message).toBytes();
    }

    private static Map<String, Object> message(Object... extra) {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("conversationId", "c1", "sender", "u2",
                "timestamp", T0 + 5, "text", "x"));
        for (int i = 0; i < extra.length; i += 2) {
            fields.put((String) extra[i], extra[i + 1]);
        }
        return fields;
    }

    private static byte[] rawZip(Map<String, byte[]> entries, int level) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(level);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] randomText(int bytes, long seed) {
        byte[] random = new byte[bytes * 3 / 4];
        new Random(seed).nextBytes(random);
        return Base64.getEncoder().encode(random);
    }

    private static List<Case> corpus() throws Exception {
        List<Case> cases = new ArrayList<>();
        byte[] valid = base().toBytes();
        cases.add(Case.rejected("not a zip", "just text, not an archive".getBytes(StandardCharsets.UTF_8), "not a .zip"));
        cases.add(Case.rejected("empty file", new byte[0], "not a .zip"));
        cases.add(Case.rejected("truncated zip", Arrays.copyOf(valid, valid.length / 2), "truncated"));
        byte[] corrupt = valid.clone();
        for (int i = 40; i < 90 && i < corrupt.length; i++) {
            corrupt[i] ^= 0x5A;
        }
        cases.add(Case.rejected("corrupt zip", corrupt, "corrupt"));
        cases.add(Case.rejected("zip slip ../", base().entry("../evil.txt", "x".getBytes()).toBytes(), "evil"));
        cases.add(Case.rejected("zip slip nested ../", base().entry("attachments/../../evil", "x".getBytes()).toBytes(),
                "evil"));
        cases.add(Case.rejected("absolute path", base().entry("/etc/passwd", "x".getBytes()).toBytes(), "passwd"));
        cases.add(Case.rejected("drive letter", base().entry("C:/windows/evil", "x".getBytes()).toBytes(), "evil"));
        cases.add(Case.rejected("backslash traversal", base().entry("..\\evil", "x".getBytes()).toBytes(), "evil"));
        cases.add(Case.rejected("symlink entry", base().symlink("attachments/link", "/etc/passwd").toBytes(), "link"));
        cases.add(Case.rejected("zip bomb by ratio", rawZip(Map.of("users.jsonl", new byte[60_000_000],
                "conversations.jsonl", new byte[0], "messages.jsonl", new byte[0]), 9), "zip bomb"));
        cases.add(Case.rejected("zip bomb by total size", rawZip(Map.of("users.jsonl", randomText(30_000_000, 1),
                "conversations.jsonl", randomText(30_000_000, 2), "messages.jsonl", randomText(30_000_000, 3)), 1),
                "zip bomb"));
        BundleBuilder many = base();
        for (int i = 0; i < 250; i++) {
            many.attachment("attachments/f" + i + ".txt", ("file " + i).getBytes());
        }
        cases.add(Case.rejected("too many entries", many.toBytes(), "at most 200"));
        cases.add(Case.rejected("no users file", base().without("users.jsonl").toBytes(), "users"));
        cases.add(Case.rejected("no messages file", base().without("messages.jsonl").toBytes(), "messages"));
        cases.add(Case.rejected("users twice (.jsonl and .json)", base().entry("users.json", "[]".getBytes()).toBytes(),
                "users"));
        cases.add(Case.rejected("bad manifest", base().entry("manifest.json", "{\"version\": 99}".getBytes()).toBytes(),
                "manifest.json"));

        String hugeLine = "{\"conversationId\":\"c1\",\"sender\":\"u1\",\"timestamp\":" + T0 + ",\"text\":\""
                + new String(randomText(50_000_000, 4), StandardCharsets.US_ASCII) + "\"}";
        cases.add(Case.issue("50 MB single JSON line", base().rawLine("messages.jsonl", hugeLine).toBytes(),
                "LINE_TOO_LONG"));
        cases.add(Case.issue("deep JSON nesting", base().rawLine("users.jsonl",
                "{\"id\":\"deep\",\"name\":\"D\",\"custom\":" + "[".repeat(5000) + "]".repeat(5000) + "}").toBytes(),
                "JSON_TOO_DEEP"));
        byte[] badUtf8 = base().rawLine("messages.jsonl", "{\"conversationId\":\"c1\",\"sender\":\"u1\",\"timestamp\":"
                + T0 + ",\"text\":\"\u00e9\"}").toBytes();
        cases.add(Case.issue("invalid UTF-8", replaceUtf8(badUtf8), "INVALID_UTF8"));
        cases.add(Case.issue("malformed JSON line", base().rawLine("messages.jsonl", "{\"conversationId\": ").toBytes(),
                "MALFORMED_JSON"));
        cases.add(Case.issue("user id is a number", withUser(Map.of("id", 5, "name", "N")), "WRONG_TYPE"));
        cases.add(Case.issue("user name is an array", withUser(Map.of("id", "u9", "name", List.of("a"))), "WRONG_TYPE"));
        cases.add(Case.issue("email is a number", withUser(Map.of("id", "u9", "name", "N", "email", 7)), "WRONG_TYPE"));
        // A non-string custom value is repaired into a string with a warning (ItemRulesTest); a custom that is not an
        // object cannot be repaired.
        cases.add(Case.issue("custom is not an object", withUser(Map.of("id", "u9", "name", "N",
                "custom", List.of(42))), "WRONG_TYPE"));
        // Ids that differ only in an unpaired surrogate would collapse into one id once decoded (U+FFFD).
        cases.add(Case.issue("conversation id with a lone surrogate", rawBundle(
                "{\"id\":\"k\\udfff\",\"participants\":[\"u1\",\"u2\"]}",
                "{\"conversationId\":\"k\\udfff\",\"sender\":\"u1\",\"timestamp\":1714550400000,\"text\":\"hi\"}")
                .toBytes(), "INVALID_ID"));
        // Two entries of one name: which one is meant cannot be known.
        cases.add(Case.rejected("two messages.jsonl entries", rawBundle("{\"id\":\"c1\",\"participants\":[\"u1\",\"u2\"]}",
                "{\"conversationId\":\"c1\",\"sender\":\"u1\",\"timestamp\":1714550400000,\"text\":\"one\"}")
                .utf8("messages.jsonl", "{\"conversationId\":\"c1\",\"sender\":\"u2\",\"timestamp\":1714550400001,"
                        + "\"text\":\"two\"}").toBytes(), "two entries named \"messages.jsonl\""));
        cases.add(Case.issue("participants is a string", base().item("conversations.jsonl",
                Map.of("id", "c9", "participants", "u1")).toBytes(), "WRONG_TYPE"));
        cases.add(Case.issue("timestamp is a string", withMessage(message("timestamp", "yesterday")), "WRONG_TYPE"));
        cases.add(Case.issue("readBy is a string", withMessage(message("readBy", "u1")), "WRONG_TYPE"));
        cases.add(Case.issue("text is a number", withMessage(message("text", 12)), "WRONG_TYPE"));
        cases.add(Case.issue("id with a control character", withUser(Map.of("id", "u\u0007x", "name", "Bell")),
                "INVALID_VALUE"));
        Map<String, String> huge = new LinkedHashMap<>();
        for (int i = 0; i < 80_000; i++) {
            huge.put("k" + i, "v" + i);
        }
        cases.add(Case.issue("huge custom map", withUser(Map.of("id", "u9", "name", "N", "custom", huge)),
                "LINE_TOO_LONG"));
        cases.add(Case.issue("duplicate user id", withUser(Map.of("id", "u1", "name", "Again")), "DUPLICATE_ID"));
        cases.add(Case.issue("cycle of dependent errors", base()
                .item("users.jsonl", Map.of("id", "bad", "name", 1))
                .conversation("c9", "bad", "u1")
                .message("c9", "u1", T0, "depends on an invalid conversation").toBytes(), "INVALID_DEPENDENCY"));
        cases.add(Case.issue("system message", withMessage(message("type", "SystemMessage")),
                "UNSUPPORTED_MESSAGE_TYPE"));
        cases.add(Case.issue("future timestamp", withMessage(message("timestamp", 4_102_444_800_000L)),
                "FUTURE_TIMESTAMP"));
        cases.add(Case.issue("negative timestamp", withMessage(message("timestamp", -5)), "INVALID_TIMESTAMP"));
        cases.add(Case.issue("attachment escaping its folder", withMessage(message("attachment", "users.jsonl")),
                "ATTACHMENT_OUTSIDE_FOLDER"));
        cases.add(Case.issue("empty attachment", base().attachment("attachments/empty.png", new byte[0])
                .item("messages.jsonl", message("attachment", "attachments/empty.png")).toBytes(), "ATTACHMENT_EMPTY"));
        cases.add(Case.issue("missing required fields", withMessage(Map.of("conversationId", "c1")), "MISSING_FIELD"));
        return cases;
    }

    /** Replaces the two UTF-8 bytes of "é" in a stored (uncompressed-by-level-0?) archive with an invalid byte. */
    private static byte[] replaceUtf8(byte[] zip) throws Exception {
        java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            byte[] content = in.readAllBytes();
            if (entry.getName().equals("messages.jsonl")) {
                for (int i = 0; i + 1 < content.length; i++) {
                    if ((content[i] & 0xFF) == 0xC3 && (content[i + 1] & 0xFF) == 0xA9) {
                        content[i] = (byte) 0xFF;
                    }
                }
            }
            entries.put(entry.getName(), content);
        }
        return rawZip(entries, 6);
    }

    @Test
    void everyHostileBundleGetsItsSpecificErrorAndTheServerStaysHealthy() throws Exception {
        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
        System.gc();
        long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        List<String> failures = new ArrayList<>();
        for (Case c : corpus) {
            JsonPath job = Jobs.uploadAndValidate(c.name().replace(' ', '-') + ".zip", c.bundle());
            long id = job.getLong("id");
            if (c.rejectedWith() != null) {
                if (!"REJECTED".equals(job.getString("status"))
                        || !job.getString("rejectReason").toLowerCase().contains(c.rejectedWith().toLowerCase())) {
                    failures.add(c.name() + ": expected rejection mentioning \"" + c.rejectedWith() + "\", got "
                            + job.getString("status") + " / " + job.getString("rejectReason"));
                }
            } else {
                int found = given().queryParam("code", c.issueCode()).queryParam("severity", "error")
                        .when().get("/api/jobs/" + id + "/issues").then().statusCode(200)
                        .extract().jsonPath().getInt("total");
                if (!"READY".equals(job.getString("status")) || found == 0) {
                    failures.add(c.name() + ": expected READY with a " + c.issueCode() + " error, got "
                            + job.getString("status") + " / " + job.getString("rejectReason") + " / "
                            + given().get("/api/jobs/" + id + "/issues").asString());
                }
            }
            given().delete("/api/jobs/" + id).then().statusCode(204);
        }
        assertThat(failures).isEmpty();

        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        System.gc();
        long usedHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        // The test JVM is shared by the whole suite, so what is measured is what the corpus leaves behind.
        assertThat(usedHeap - heapBefore).as("heap kept after the corpus (bytes)").isLessThan(128L * 1024 * 1024);
        assertThat(Jobs.uploadAndValidate("valid-after.zip", base().toBytes()).getString("status")).isEqualTo("READY");
    }
}
