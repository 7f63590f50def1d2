package io.certlife.console;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** A session key made for the test run, and services at an address where nothing listens (port 9 on loopback). */
public class NewSessionKey implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of("certlife.console.session-key", Base64.getEncoder().encodeToString(key),
                "certlife.console.inventory-url", "http://127.0.0.1:9",
                "certlife.console.renewal-url", "http://127.0.0.1:9",
                "certlife.console.notifier-url", "http://127.0.0.1:9",
                "quarkus.http.test-port", "0");
    }
}
