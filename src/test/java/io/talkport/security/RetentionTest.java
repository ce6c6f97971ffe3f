package io.talkport.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.retention.Retention;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.SmallBundles;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The archive and staged rows of an ended job go after talkport.retention.after (30 days); the job stays. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class RetentionTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Retention retention;

    @Test
    void anEndedJobLosesItsDataAfterTheRetentionPeriodButKeepsItsHistory() {
        Db db = new Db(dataSource);
        long expired = SmallBundles.readyJob("old.zip");
        long recent = SmallBundles.readyJob("recent.zip");
        long pushing = SmallBundles.readyJob("pushing.zip");
        given().contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + pushing + "/runs").then().statusCode(202);
        Path archive = Path.of("target/test-data/archives/job-" + expired + ".zip");
        assertThat(Files.exists(archive)).isTrue();
        db.update("UPDATE job SET updated_at = now() - interval '31 days' WHERE id IN (" + expired + ", " + pushing
                + ")");
        db.update("UPDATE run SET updated_at = now() - interval '31 days', created_at = now() - interval '31 days'"
                + " WHERE job_id = " + pushing);

        JsonPath before = given().get("/api/jobs/" + recent).jsonPath();
        assertThat(Instant.parse(before.getString("dataDeletedAfter")))
                .isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));

        assertThat(retention.purgeExpired()).isGreaterThanOrEqualTo(1);

        assertThat(Files.exists(archive)).isFalse();
        for (String table : new String[] {"staged_user", "staged_conversation", "staged_participant",
                "staged_message", "staged_attachment", "job_issue"}) {
            assertThat(db.count("SELECT count(*) FROM " + table + " WHERE job_id = " + expired)).as(table).isZero();
            if (!table.equals("staged_attachment")) { // the bundle has no attachments
                assertThat(db.count("SELECT count(*) FROM " + table + " WHERE job_id = " + pushing)).as(table)
                        .isPositive();
            }
        }
        assertThat(db.rows("SELECT archive_path IS NULL, purged_at IS NOT NULL FROM job WHERE id = " + expired))
                .containsExactly("t | t");
        assertThat(db.rows("SELECT purged_at IS NULL FROM job WHERE id IN (" + recent + ", " + pushing + ")"))
                .containsOnly("t");

        JsonPath job = given().get("/api/jobs/" + expired).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("status")).isEqualTo("READY");
        assertThat(job.getString("dataDeletedAt")).isNotNull();
        assertThat(job.getString("dataDeletedAfter")).isNull();
        given().get("/jobs/" + expired).then().statusCode(200).body(containsString("were deleted on"))
                .body(containsString("id=\"retention\""));
        given().contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + expired + "/runs").then().statusCode(409)
                .body("message", containsString("deleted by retention"));
        assertThat(db.count("SELECT count(*) FROM audit_event WHERE action = 'job.purge' AND job_id = " + expired))
                .isEqualTo(1);

        assertThat(retention.purgeExpired()).isZero();
    }
}
