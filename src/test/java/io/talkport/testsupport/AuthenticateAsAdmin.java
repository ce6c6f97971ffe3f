package io.talkport.testsupport;

import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every test talks to the app as {@code admin} over HTTP Basic unless it says otherwise per request
 * ({@code given().auth().none()}, {@link TestUsers#as}). Registered for all tests through the ServiceLoader file and
 * {@code junit.jupiter.extensions.autodetection.enabled} in junit-platform.properties.
 */
public class AuthenticateAsAdmin implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) throws ReflectiveOperationException {
        RestAssured.authentication = RestAssured.preemptive().basic(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        // A @QuarkusTest runs in Quarkus's class loader, with its own copy of RestAssured: set that one too.
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        Class<?> restAssured = Class.forName(RestAssured.class.getName(), true, loader);
        if (restAssured != RestAssured.class) {
            Object preemptive = restAssured.getMethod("preemptive").invoke(null);
            Object basic = preemptive.getClass().getMethod("basic", String.class, String.class)
                    .invoke(preemptive, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
            restAssured.getField("authentication").set(null, basic);
        }
    }
}
