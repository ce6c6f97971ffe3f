package io.talkport.security;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Security settings of Talkport itself (users, roles and sessions are {@code quarkus.*} keys). */
@ConfigMapping(prefix = "talkport.security")
public interface SecurityConfig {

    /**
     * Key that signs CSRF tokens ({@code TALKPORT_CSRF_KEY}). Default: a random key per start, so open pages need a
     * reload after a restart; instances behind one load balancer must share it.
     */
    Optional<String> csrfKey();
}
