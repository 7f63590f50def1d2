package io.certlife.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The console's settings ({@code certlife.console.*}). */
@ConfigMapping(prefix = "certlife.console")
public interface ConsoleConfig {

    /** inventory-service's base URL, e.g. {@code http://inventory-service:8080}. */
    String inventoryUrl();

    /** renewal-service's base URL. */
    String renewalUrl();

    /** notifier-service's base URL. */
    String notifierUrl();

    /**
     * The key sessions are sealed with: 32 random bytes in base64 (a Kubernetes Secret; the launcher makes one). Changing
     * it signs everyone out.
     */
    String sessionKey();

    /** How long a sign-in lasts. */
    @WithDefault("8h")
    Duration sessionLifetime();

    /** Send the session cookie only over HTTPS: on wherever the console is reached through TLS. */
    @WithDefault("false")
    boolean secureCookie();

    /** How long a call to a service may take before its part of the page says it did not answer. */
    @WithDefault("10s")
    Duration callTimeout();

    /** The 47-day readiness page's assumptions. */
    ReadinessSettings readiness();

    /** What the readiness plan assumes: how long private certificates are valid and how long each manual step takes. */
    interface ReadinessSettings {

        /** The validity of a private certificate (renewal-service's {@code certlife.internal-ca.leaf-validity}). */
        @WithDefault("P365D")
        Duration privateValidity();

        /** Minutes each manual step takes, by step ({@code Readiness.Step}); the defaults are estimates to replace. */
        Map<String, Integer> minutes();
    }
}
