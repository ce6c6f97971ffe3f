package io.talkport.bundle;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.RawZip;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Archives as Windows, macOS and Linux tools write them (code pages without the UTF-8 flag, backslashes,
 * {@code __MACOSX}, stray root files, nested folders, duplicate names): each one either stages and pushes to
 * SUCCEEDED with every message and its file in the sandbox, or is refused with its reason. Before one reader decoded
 * names once, a CP437 or backslash name validated READY and the push then never ended.
 */
@QuarkusTest
class ArchiveCorpusTest {

    private static final String USERS = "{\"id\":\"u1\",\"name\":\"Alice\"}\n{\"id\":\"u2\",\"name\":\"Bob\"}\n";
    /** Each archive gets a conversation of its own: TalkJS never removes duplicates, so shared ids would mix. */
    private static String conversations(String c) {
        return "{\"id\":\"" + c + "\",\"participants\":[\"u1\",\"u2\"]}\n";
    }
    private static final byte[] PNG = BundleBuilder.PNG;

    @Inject
    TalkJsSandbox sandbox;

    /** What a corpus archive should come to. */
    private record Expected(String rejectedWith, List<String> warnings, int messages, String attachment) {
        static Expected pushes(String attachment, String... warnings) {
            return new Expected(null, List.of(warnings), 2, attachment);
        }

        static Expected refused(String reason) {
            return new Expected(reason, List.of(), 0, null);
        }
    }

    private static String messages(String c, String attachmentName) {
        return "{\"conversationId\":\"" + c + "\",\"sender\":\"u1\",\"timestamp\":1650000000000,\"text\":\"hi\"}\n"
                + "{\"conversationId\":\"" + c + "\",\"sender\":\"u2\",\"timestamp\":1650000000001,\"text\":\"file\","
                + "\"attachment\":\"" + attachmentName + "\"}\n";
    }

    /** The three data files under {@code folder} as UTF-8 names with the flag (Linux Info-ZIP 3). */
    private static RawZip linux(String c, String folder, String attachment) {
        return RawZip.create().utf8(folder + "users.jsonl", USERS).utf8(folder + "conversations.jsonl", conversations(c))
                .utf8(folder + "messages.jsonl", messages(c, attachment));
    }

    /** The data files in a DOS code page with backslashes or not (Windows tools). */
    private static RawZip windows(String c, String folder, String attachment) {
        return RawZip.create().codePage(RawZip.CP437, folder + "users.jsonl", USERS)
                .codePage(RawZip.CP437, folder + "conversations.jsonl", conversations(c))
                .codePage(RawZip.CP437, folder + "messages.jsonl", messages(c, attachment));
    }

    private static Map<String, Map.Entry<byte[], Expected>> corpus() {
        Map<String, Map.Entry<byte[], Expected>> corpus = new LinkedHashMap<>();
        corpus.put("linux-flat", Map.entry(linux("linux-flat", "", "attachments/p.png").utf8("attachments/p.png", null)
                .raw("attachments/p.png".getBytes(StandardCharsets.UTF_8), true, PNG).toBytes(),
                Expected.refused("two entries named \"attachments/p.png\"")));
        corpus.put("linux-folder", Map.entry(linux("linux-folder", "export/", "attachments/p.png").utf8("export/", null)
                .utf8("export/attachments/", null).raw("export/attachments/p.png".getBytes(StandardCharsets.UTF_8),
                        true, PNG).toBytes(), Expected.pushes("p.png")));
        corpus.put("linux-utf8-name", Map.entry(linux("linux-utf8-name", "", "attachments/Grüße.png")
                .raw("attachments/Grüße.png".getBytes(StandardCharsets.UTF_8), true, PNG).toBytes(),
                Expected.pushes("Grüße.png")));
        corpus.put("macos-archive-utility", Map.entry(RawZip.create().utf8NoFlag("Export/users.jsonl", USERS)
                .utf8NoFlag("Export/conversations.jsonl", conversations("macos-archive-utility"))
                .utf8NoFlag("Export/messages.jsonl", messages("macos-archive-utility", "attachments/Fotos – Mai.png"))
                .utf8NoFlag("Export/attachments/Fotos – Mai.png", PNG)
                .utf8NoFlag("__MACOSX/Export/._users.jsonl", "resource fork")
                .utf8NoFlag("__MACOSX/Export/attachments/._Fotos – Mai.png", "resource fork")
                .utf8NoFlag("Export/.DS_Store", "finder").toBytes(), Expected.pushes("Fotos – Mai.png")));
        corpus.put("macos-nfd-name", Map.entry(RawZip.create().utf8NoFlag("users.jsonl", USERS)
                .utf8NoFlag("conversations.jsonl", conversations("macos-nfd-name")).utf8NoFlag("messages.jsonl", messages("macos-nfd-name", "attachments/cafe\u0301.png"))
                .utf8NoFlag("attachments/cafe\u0301.png", PNG).toBytes(), Expected.pushes("cafe\u0301.png")));
        corpus.put("windows-backslashes", Map.entry(windows("windows-backslashes", "", "attachments/p.png")
                .codePage(RawZip.CP437, "attachments\\p.png", PNG).toBytes(),
                Expected.pushes("p.png", "BACKSLASH_ENTRY_NAMES")));
        corpus.put("windows-backslash-folder", Map.entry(windows("windows-backslash-folder", "Export\\", "attachments/p.png")
                .codePage(RawZip.CP437, "Export\\attachments\\p.png", PNG).toBytes(),
                Expected.pushes("p.png", "BACKSLASH_ENTRY_NAMES")));
        corpus.put("windows-cp437-unreferenced", Map.entry(windows("windows-cp437-unreferenced", "", "attachments/p.png")
                .codePage(RawZip.CP437, "attachments/p.png", PNG).codePage(RawZip.CP437, "attachments/Grüße.txt", "hallo")
                .toBytes(), Expected.pushes("p.png")));
        corpus.put("windows-cp437-referenced", Map.entry(windows("windows-cp437-referenced", "", "attachments/Grüße.png")
                .codePage(RawZip.CP437, "attachments/Grüße.png", PNG).toBytes(), Expected.pushes("Grüße.png")));
        corpus.put("windows-cp866-folder", Map.entry(RawZip.create().codePage(RawZip.CP866, "экспорт/users.jsonl", USERS)
                .codePage(RawZip.CP866, "экспорт/conversations.jsonl", conversations("windows-cp866-folder"))
                .codePage(RawZip.CP866, "экспорт/messages.jsonl", messages("windows-cp866-folder", "attachments/p.png"))
                .codePage(RawZip.CP866, "экспорт/attachments/p.png", PNG).toBytes(), Expected.pushes("p.png")));
        corpus.put("windows-unicode-path-field", Map.entry(windows("windows-unicode-path-field", "", "attachments/Отчёт.png")
                .withUnicodePath("attachments/?????.png", "attachments/Отчёт.png", PNG).toBytes(),
                Expected.pushes("Отчёт.png")));
        corpus.put("windows-thumbs-db", Map.entry(windows("windows-thumbs-db", "", "attachments/p.png")
                .codePage(RawZip.CP437, "attachments/p.png", PNG).codePage(RawZip.CP437, "attachments/Thumbs.db", "x")
                .codePage(RawZip.CP437, "desktop.ini", "[.ShellClassInfo]").toBytes(), Expected.pushes("p.png")));
        corpus.put("stray-root-readme", Map.entry(linux("stray-root-readme", "export/", "attachments/p.png")
                .raw("export/attachments/p.png".getBytes(StandardCharsets.UTF_8), true, PNG)
                .utf8("README.txt", "how to import").toBytes(), Expected.pushes("p.png", "IGNORED_ENTRY")));
        corpus.put("nested-folders", Map.entry(linux("nested-folders", "backup/2024/export/", "attachments/2024/05/p.png")
                .raw("backup/2024/export/attachments/2024/05/p.png".getBytes(StandardCharsets.UTF_8), true, PNG)
                .toBytes(), Expected.pushes("p.png")));
        corpus.put("nested-attachment-folders", Map.entry(linux("nested-attachment-folders", "", "attachments/a/b/c/p.png")
                .raw("attachments/a/b/c/p.png".getBytes(StandardCharsets.UTF_8), true, PNG).toBytes(),
                Expected.pushes("p.png")));
        corpus.put("undecodable-utf8-flag", Map.entry(linux("undecodable-utf8-flag", "", "attachments/p.png")
                .raw("attachments/p.png".getBytes(StandardCharsets.UTF_8), true, PNG)
                .raw(new byte[] {'a', 't', 't', 'a', 'c', 'h', 'm', 'e', 'n', 't', 's', '/', (byte) 0xC3, 'x'}, true,
                        "junk".getBytes(StandardCharsets.UTF_8)).toBytes(),
                Expected.pushes("p.png", "UNDECODABLE_ENTRY_NAME")));
        corpus.put("backup-copy-beside-bundle", Map.entry(linux("backup-copy-beside-bundle", "", "attachments/p.png")
                .raw("attachments/p.png".getBytes(StandardCharsets.UTF_8), true, PNG)
                .utf8("old/users.jsonl", USERS).toBytes(), Expected.pushes("p.png", "IGNORED_ENTRY")));
        corpus.put("two-messages-files", Map.entry(linux("two-messages-files", "", "attachments/p.png")
                .raw("attachments/p.png".getBytes(StandardCharsets.UTF_8), true, PNG)
                .utf8("messages.jsonl", "").toBytes(), Expected.refused("two entries named \"messages.jsonl\"")));
        corpus.put("slash-and-backslash-twins", Map.entry(windows("slash-and-backslash-twins", "", "attachments/p.png")
                .codePage(RawZip.CP437, "attachments/p.png", PNG).codePage(RawZip.CP437, "attachments\\p.png", PNG)
                .toBytes(), Expected.refused("two entries named \"attachments/p.png\"")));
        corpus.put("two-bundles", Map.entry(linux("two-bundles", "a/", "attachments/p.png").utf8("b/users.jsonl", USERS).toBytes(),
                Expected.refused("more than one bundle")));
        corpus.put("backslash-zip-slip", Map.entry(windows("backslash-zip-slip", "", "attachments/p.png")
                .codePage(RawZip.CP437, "..\\..\\evil.txt", "x").toBytes(), Expected.refused("points outside")));
        corpus.put("leading-backslash", Map.entry(windows("leading-backslash", "", "attachments/p.png")
                .codePage(RawZip.CP437, "\\attachments\\p.png", PNG).toBytes(), Expected.refused("points outside")));
        return corpus;
    }

    @Test
    void everyArchiveEitherPushesInFullOrIsRefusedWithItsReason() {
        sandbox.resetAll();
        Map<String, Long> pushed = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        corpus().forEach((name, archive) -> {
            Expected expected = archive.getValue();
            JsonPath job = Jobs.uploadAndValidate(name + ".zip", archive.getKey());
            long id = job.getLong("id");
            if (expected.rejectedWith() != null) {
                if (!"REJECTED".equals(job.getString("status"))
                        || !Objects.toString(job.getString("rejectReason")).contains(expected.rejectedWith())) {
                    problems.add(name + ": expected refusal \"" + expected.rejectedWith() + "\", got "
                            + job.getString("status") + " " + job.getString("rejectReason"));
                }
                return;
            }
            List<String> codes = given().when().get("/api/jobs/" + id + "/issues").then().statusCode(200)
                    .extract().jsonPath().getList("items.code");
            if (!"READY".equals(job.getString("status")) || job.getInt("issues.errors") != 0
                    || !codes.containsAll(expected.warnings()) || codes.size() < expected.warnings().size()) {
                problems.add(name + ": expected READY with warnings " + expected.warnings() + ", got "
                        + job.getString("status") + " " + job.getString("rejectReason") + " " + codes);
                return;
            }
            given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                    .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
            pushed.put(name, id);
        });
        pushed.forEach((name, id) -> {
            JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED", "FAILED", "CANCELLED");
            if (!"SUCCEEDED".equals(run.getString("status"))) {
                problems.add(name + ": run " + run.getString("status") + " " + run.getString("error"));
            }
        });
        assertThat(problems).isEmpty();
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(20);
        // Every pushed archive's job created the same conversation id: count what the sandbox holds per file name.
        List<SandboxMessage> all = sandbox.app("sandbox-test").conversations().values().stream()
                .flatMap(c -> c.allMessages().stream()).toList();
        assertThat(all).hasSize(2 * pushed.size());
        List<String> files = all.stream().filter(m -> m.attachment() != null)
                .map(m -> m.attachment().filename()).sorted().toList();
        List<String> expectedFiles = corpus().entrySet().stream()
                .filter(e -> pushed.containsKey(e.getKey()))
                .map(e -> e.getValue().getValue().attachment()).sorted().toList();
        assertThat(files).isEqualTo(expectedFiles);
    }
}
