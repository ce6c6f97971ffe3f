package io.talkport.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link PostgresResource} for every Quarkus test in this module. */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public final class PostgresTestProfile {
    private PostgresTestProfile() {
    }
}
