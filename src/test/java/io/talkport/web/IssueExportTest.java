package io.talkport.web;

import io.quarkus.test.junit.QuarkusTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /jobs/{id}/issues.csv: the issues table as a file, with the page's filters. */
@QuarkusTest
class IssueExportTest {

    private static long job() {
        byte[] bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob")
                .conversation("c1", "u1", "u2")
                .message("c1", "u1", 1_650_000_000_000L, "hi")
                .message("c1", "=cmd,\"x\"", 1_650_000_001_000L, "ghost")
                .toBytes();
        return Jobs.uploadAndValidate("csv.zip", bundle).getLong("id");
    }

    @Test
    void theIssuesComeAsAnEscapedCsvAttachment() {
        long id = job();
        var response = TestUsers.as(TestUsers.VIEWER).when().get("/jobs/" + id + "/issues.csv")
                .then().statusCode(200).contentType("text/csv").extract();
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"job-" + id + "-issues.csv\"");
        String[] lines = response.asString().split("\r\n");
        assertThat(lines[0]).isEqualTo("severity,code,file,line,field,item_id,message");
        assertThat(lines).hasSizeGreaterThan(1);
        // The message names the unknown sender, which has a comma and quotes: the cell is quoted, its quotes doubled.
        assertThat(lines[1]).isEqualTo("error,UNKNOWN_USER,messages.jsonl,2,sender,,"
                + "\"The sender \"\"=cmd,\"\"x\"\"\"\" is not in users.jsonl. Add that user.\"");
    }

    @Test
    void theFiltersOfThePageApply() {
        long id = job();
        String none = given().queryParam("severity", "warning").queryParam("code", "UNKNOWN_USER")
                .when().get("/jobs/" + id + "/issues.csv").then().statusCode(200).extract().asString();
        assertThat(none).isEqualTo("severity,code,file,line,field,item_id,message\r\n");
        String page = given().queryParam("code", "UNKNOWN_USER").when().get("/jobs/" + id)
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("href=\"/jobs/" + id + "/issues.csv?code=UNKNOWN_USER\"");
    }

    @Test
    void anUnknownJobAnswers404AndAnonymousIsRedirected() {
        given().when().get("/jobs/987654/issues.csv").then().statusCode(404);
        given().auth().none().redirects().follow(false).when().get("/jobs/1/issues.csv").then().statusCode(302);
    }
}
