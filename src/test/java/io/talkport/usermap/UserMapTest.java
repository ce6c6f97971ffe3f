package io.talkport.usermap;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.bundle.format.DirectoryArchive;
import io.talkport.bundle.format.Zips;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import io.talkport.testsupport.SandboxContents.Msg;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Sendbird's tutorial export mapped by email to the customer's ids, then pushed: senders and members carry them (and
 * reactors, on Mattermost's sample).
 */
@QuarkusTest
class UserMapTest {

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void emptySandbox() {
        sandbox.resetAll();
    }

    private static long sendbirdJob() {
        JsonPath job = Jobs.uploadAndValidate("sendbird.zip", Zips.of(DirectoryArchive.sample("sendbird/exported-data"), ""));
        assertThat(job.getString("status")).isEqualTo("READY");
        return job.getLong("id");
    }

    private static io.restassured.response.ValidatableResponse map(long id, String csv, String policy) {
        return given().multiPart("file", "map.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("policy", policy).when().post("/api/jobs/" + id + "/user-map").then();
    }

    @Test
    void mappedByEmailTheIdsReachSendersParticipantsAndUsers() {
        long id = sendbirdJob();
        given().when().get("/jobs/" + id).then().statusCode(200)
                .body(containsString("Sendbird export, 4 users, 1 group channel, 4 messages"))
                .body(containsString("id=\"user-map-form\""))
                .body(org.hamcrest.Matchers.not(containsString("name=\"addPlaceholderUsers\"")));
        map(id, "email,talkjsId\nShane.Riley@domain.com,crm-shane\nclyde.howell@domain.com,crm-clyde\n"
                + "nobody@domain.com,crm-nobody\n", "placeholder")
                .statusCode(200).body("mapped", equalTo(2)).body("placeholders", equalTo(2))
                .body("unmapped", org.hamcrest.Matchers.contains("523915", "523916"))
                .body("unusedRows", org.hamcrest.Matchers.contains("line 4: nobody@domain.com"));
        given().when().get("/api/audit?size=50").then().statusCode(200)
                .body("items.find { it.action == 'job.user-map' && it.jobId == " + id + " }.detail",
                        equalTo("user ids mapped: 2 from the CSV, 0 kept, 2 placeholders, 1 CSV row matched nobody"));
        given().when().get("/api/jobs/" + id + "/user-map").then().statusCode(200)
                .body("find { it.sourceId == '523917' }.talkjsId", equalTo("crm-shane"))
                .body("find { it.sourceId == '523915' }.how", equalTo("placeholder"));
        given().when().get("/jobs/" + id).then().statusCode(200).body(containsString("<td>crm-shane</td>"))
                .body(containsString("Map user ids again"));

        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        SandboxApp app = sandbox.app("sandbox-test");
        assertThat(app.users().keySet()).containsExactlyInAnyOrder("crm-shane", "crm-clyde", "unmapped-523915",
                "unmapped-523916");
        assertThat(app.user("crm-shane").name()).isEqualTo("Shane Riley");
        String channel = "sendbird_group_channel_229583953_53183fc50174e861b9a7d5c6684636dc94922349";
        assertThat(SandboxContents.messages(app).get(channel)).extracting(Msg::sender)
                .containsExactly("unmapped-523915", "unmapped-523916", "crm-clyde", "crm-shane");
        assertThat(app.conversation(channel).participant("crm-clyde")).isNotNull();
    }

    @Test
    void reactorsAreMappedLikeSenders() {
        byte[] zip = Zips.of(new io.talkport.bundle.format.MappedArchive().file("export.json",
                DirectoryArchive.SAMPLES.resolve("mattermost/export.json")), "");
        long id = Jobs.uploadAndValidate("mattermost-team.zip", zip).getLong("id");
        map(id, "sourceId,talkjsId\nron,crm-ron\n", "keep").statusCode(200).body("mapped", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("environment", "test", "addMissingSenders", true))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.reactions(sandbox.app("sandbox-test"))).as("ron's four reactions, by his new id")
                .filteredOn(line -> line.endsWith(" | crm-ron")).hasSize(4);
        assertThat(SandboxContents.reactions(sandbox.app("sandbox-test"))).noneMatch(line -> line.endsWith(" | ron"))
                .contains("gryffindor.gryffindor-quidditch-team | crm-ron: How is everything going | 🍎 | harry");
    }

    @Test
    void mappedAgainFromTheExportsIdsAndAfterAPushOnlyOnceTheTestImportIsRemoved() {
        long id = sendbirdJob();
        map(id, "sourceId,talkjsId\n523917,first-shane\n523918,first-clyde\n", "placeholder").statusCode(200)
                .body("mapped", equalTo(2)).body("placeholders", equalTo(2));
        // Mapped again: the CSV names the export's ids, not the first mapping's; the earlier ids are all gone.
        map(id, "sourceId,talkjsId\n523917,crm-shane\n523915,crm-ann\n", "keep").statusCode(200)
                .body("mapped", equalTo(2)).body("kept", equalTo(2)).body("placeholders", equalTo(0));
        given().when().get("/api/jobs/" + id + "/user-map").then().statusCode(200)
                .body("talkjsId", org.hamcrest.Matchers.containsInAnyOrder("crm-shane", "crm-ann", "523916",
                        "523918"));

        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        assertThat(Jobs.awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED").getString("status"))
                .isEqualTo("SUCCEEDED");
        SandboxApp app = sandbox.app("sandbox-test");
        String channel = "sendbird_group_channel_229583953_53183fc50174e861b9a7d5c6684636dc94922349";
        assertThat(SandboxContents.messages(app).get(channel)).extracting(Msg::sender)
                .containsExactly("crm-ann", "523916", "523918", "crm-shane");

        map(id, "sourceId,talkjsId\n523918,crm-clyde\n", "keep").statusCode(409)
                .body("error", containsString("remove this job's test import"));
        given().contentType(ContentType.JSON).body(Map.of("confirm", "sendbird.zip"))
                .when().post("/api/jobs/" + id + "/runs/test/remove-import").then().statusCode(200);
        map(id, "sourceId,talkjsId\n523918,crm-clyde\n", "keep").statusCode(200).body("mapped", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        assertThat(Jobs.awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED").getString("status"))
                .isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.messages(app).get(channel)).as("pushed again under the new ids, once")
                .extracting(Msg::sender).containsExactly("523915", "523916", "crm-clyde", "523917");
    }

    @Test
    void idsThatWouldCollideAreRefusedWithBothNames() {
        long id = sendbirdJob();
        map(id, "sourceId,talkjsId\n523917,same\n523918,same\n", "keep").statusCode(400)
                .body("error", equalTo("Two users would get the same TalkJS id: \"523917\" and \"523918\" would both "
                        + "become \"same\". Give each user its own id in the CSV."));
        map(id, "sourceId,talkjsId\n523917,523918\n", "keep").statusCode(400)
                .body("error", containsString("would both become \"523918\""));
    }
}
