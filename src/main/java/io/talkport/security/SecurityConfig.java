package io.talkport.security;

import io.smallrye.config.ConfigMapping;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Security settings of Talkport itself (users, roles and sessions are {@code quarkus.*} keys). */
@ConfigMapping(prefix = "talkport.security")
public interface SecurityConfig {

    /**
     * Key that signs CSRF tokens ({@code TALKPORT_CSRF_KEY}). Default: a random key per start, so open pages need a
     * reload after a restart; instances behind one load balancer must share it.
     */
    Optional<String> csrfKey();

    /** Failed logins per user name, and per source address, before the back-off starts ({@link LoginThrottle}). Default 5. */
    @WithDefault("5")
    int loginFreeFailures();

    /** Longest wait the back-off imposes (it doubles from 1 s). Default 60s. */
    @WithDefault("60s")
    Duration loginMaxBackoff();

    /** A burst of failed logins ends after this long without one (then its audit summary is written). Default 15m. */
    @WithDefault("15m")
    Duration loginBurstWindow();
}
