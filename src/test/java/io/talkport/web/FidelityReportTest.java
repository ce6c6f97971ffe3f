package io.talkport.web;

import io.quarkus.test.junit.QuarkusTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The job page says, before the push, what will arrive differently from the export. */
@QuarkusTest
class FidelityReportTest {

    private static final long T0 = 1_650_000_000_000L;

    @Test
    void theJobPageListsEveryKindOfChangeWithItsCount() {
        byte[] bundle = BundleBuilder.create()
                .item("users.jsonl", Map.of("id", "u1", "name", "Alice", "custom", Map.of("age", 40)))
                .user("u2", "Bob").conversation("c1", "u1", "u2")
                .message("c1", "u1", T0, "kept")
                .message("c1", "u1", T0 + 1, "retracted", Map.<String, Object>of("deleted", true))
                .message("c1", "u2", T0 + 2, "also retracted", Map.<String, Object>of("deleted", true))
                .message("c1", "u2", T0 + 3, "nul\u0000here")
                .message("c1", "u2", T0 + 4, "liked", Map.<String, Object>of("reactions", "lots"))
                .message("c1", "u2", T0 + 5, "")
                .toBytes();
        long id = Jobs.uploadAndValidate("fidelity.zip", bundle).getLong("id");

        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("Fidelity report");
        assertThat(page).containsPattern("data-code=\"error\"><strong>1</strong> item has errors and is not imported")
                .containsPattern("data-code=\"DELETED_MESSAGE\"><strong>2</strong> messages deleted in the source")
                .containsPattern("data-code=\"CHARACTERS_REPLACED\"><strong>1</strong>")
                .containsPattern("data-code=\"CUSTOM_STRINGIFIED\"><strong>1</strong>")
                .containsPattern("data-code=\"REACTIONS_DROPPED\"><strong>1</strong>");
        assertThat(Jobs.get(id).getInt("counts.messages")).isEqualTo(3);
        assertThat(Jobs.get(id).getInt("counts.users")).isEqualTo(2);
    }

    @Test
    void aFaithfulBundleSaysSo() {
        byte[] bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").conversation("c1", "u1", "u2")
                .message("c1", "u1", T0, "hi").toBytes();
        long id = Jobs.uploadAndValidate("faithful.zip", bundle).getLong("id");
        assertThat(given().when().get("/jobs/" + id).then().statusCode(200).extract().asString())
                .contains("id=\"fidelity-faithful\"");
    }
}
