package io.talkport.testsupport;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** The users of the %test profile (application.properties) and requests made as one of them. */
public final class TestUsers {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-test-password";
    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "operator-test-password";
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-test-password";

    private TestUsers() {
    }

    /** A request authenticated with HTTP Basic as {@code user} (admin, operator or viewer). */
    public static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, passwordOf(user));
    }

    public static String passwordOf(String user) {
        return switch (user) {
            case ADMIN -> ADMIN_PASSWORD;
            case OPERATOR -> OPERATOR_PASSWORD;
            case VIEWER -> VIEWER_PASSWORD;
            default -> throw new IllegalArgumentException("No test user " + user);
        };
    }
}
