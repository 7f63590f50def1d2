package io.certlife.testsupport;

import io.certlife.access.ApiTokens;
import io.certlife.access.Roles;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API tokens made for a test run: one per role (named after it) and {@value #EVERYONE}, which holds every role and is
 * what RestAssured sends unless a test says otherwise. Only their SHA-256 goes into the service's configuration.
 */
public final class TestTokens {

    /** The token that holds every role: the default for tests that are not about access. */
    public static final String EVERYONE = "everyone";
    /** A token that holds every role but expired in 2000: refused. */
    public static final String EXPIRED = "expired";
    /** notifier-service's identity at renewal-service: key-custodian, making exports for operator tasks only. */
    public static final String NOTIFIER = "notifier-service";

    private static final Map<String, List<String>> ROLES = new LinkedHashMap<>();

    static {
        Roles.ALL.forEach(role -> ROLES.put(role, List.of(role)));
        ROLES.put(EVERYONE, Roles.ALL);
        ROLES.put(EXPIRED, Roles.ALL);
        ROLES.put(NOTIFIER, List.of(Roles.KEY_CUSTODIAN));
    }

    private TestTokens() {
    }

    /** The secret of a token: a role's name, or {@link #EVERYONE}. */
    public static String secret(String name) {
        if (!ROLES.containsKey(name)) {
            throw new IllegalArgumentException("no test token " + name + " (one of " + ROLES.keySet() + ")");
        }
        // kept in system properties: Quarkus loads this class again for each application it restarts, and the
        // service's configuration and the test's requests must agree on one secret per JVM
        synchronized (System.getProperties()) {
            String property = "certlife.test-token." + name;
            if (System.getProperty(property) == null) {
                System.setProperty(property, ApiTokens.newSecret());
            }
            return System.getProperty(property);
        }
    }

    /** A RestAssured request that presents this token (or none, for {@code null}). */
    public static RequestSpecification as(String name) {
        return RestAssured.given().header("Authorization", name == null ? "" : "Bearer " + secret(name));
    }

    /** The configuration that makes a service accept these tokens. */
    static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        ROLES.forEach((name, roles) -> {
            config.put("certlife.access.tokens." + name + ".sha256", ApiTokens.sha256Hex(secret(name)));
            config.put("certlife.access.tokens." + name + ".roles", String.join(",", roles));
        });
        config.put("certlife.access.tokens." + EXPIRED + ".expires", "2000-01-01T00:00:00Z");
        return config;
    }

    /** RestAssured presents {@link #EVERYONE}'s token unless a request sets its own Authorization header. */
    public static synchronized void useEveryoneByDefault() {
        if (!RestAssured.filters().contains(DEFAULT_TOKEN)) {
            RestAssured.filters(DEFAULT_TOKEN);
        }
    }

    private static final Filter DEFAULT_TOKEN = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + secret(EVERYONE));
        }
        return context.next(request, response);
    };
}
