package io.talkport.security;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UserPasswordsConfigSourceTest {

    @Test
    void onlyUsersWithAPasswordAreDefined() {
        UserPasswordsConfigSource source = new UserPasswordsConfigSource(Map.of(
                "TALKPORT_ADMIN_PASSWORD", "s3cret", "TALKPORT_VIEWER_PASSWORD", " ", "OTHER", "x"));
        assertThat(source.getProperties())
                .containsExactly(Map.entry("quarkus.security.users.embedded.users.admin", "s3cret"));
        assertThat(source.getValue("quarkus.security.users.embedded.users.viewer")).isNull();
        assertThat(source.getOrdinal()).isGreaterThan(250);
    }
}
