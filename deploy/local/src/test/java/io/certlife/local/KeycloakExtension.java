package io.certlife.local;

import io.certlife.embedded.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Keycloak (the Maven Central distribution the build unpacks) in dev mode on a free loopback port, with the
 * realm {@code certlife} imported from {@code src/test/resources/keycloak/certlife-realm.json}: realm roles named like
 * certlife's, a confidential client {@code ops-platform} whose service account is an operator, a public client
 * {@code certlife-cli} for the password grant of the admin {@code alice}, and a public client {@code certlife-console}
 * for the console's authorization code flow (PKCE S256 required, redirects to any loopback address). The client secret
 * and the password are made here for the run; nothing secret is in the repository.
 */
public final class KeycloakExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port = FreePorts.one();
    private final String clientSecret = random();
    private final String alicePassword = random();
    private Process keycloak;
    private Path log;

    /** The realm's issuer URL, what the services' {@code quarkus.oidc.auth-server-url} is. */
    public String realmUrl() {
        return "http://127.0.0.1:" + port + "/realms/certlife";
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("certlife.keycloak.home", "target/keycloak/keycloak")).toAbsolutePath();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution in " + home + ": run the ITs through Maven "
                    + "(`./mvnw verify`), which unpacks org.keycloak:keycloak-quarkus-dist before them");
        }
        // a fresh dev database each run: an imported realm is kept there, with the last run's secrets
        Folders.delete(home.resolve("data/h2"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (InputStream realm = getClass().getResourceAsStream("/keycloak/certlife-realm.json")) {
            Files.writeString(imports.resolve("certlife-realm.json"), new String(realm.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${OPS_PLATFORM_SECRET}", clientSecret).replace("${ALICE_PASSWORD}", alicePassword));
        }
        log = Files.createDirectories(Path.of("target")).resolve("keycloak-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                "--http-host=127.0.0.1", "--http-port=" + port, "--health-enabled=false")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        keycloak = builder.start();
        awaitRealm(Duration.ofSeconds(240));
    }

    private void awaitRealm(Duration within) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(within);
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!keycloak.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + keycloak.exitValue() + ", see " + log);
            }
            try {
                if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak did not serve the certlife realm within " + within + ", see " + log);
    }

    /** The password of the realm's admin {@code alice}, made for this run (for a browser sign-in). */
    public String alicePassword() {
        return alicePassword;
    }

    /** An access token for the ops platform's service account (client credentials grant). */
    public String clientCredentialsToken() {
        return token(Map.of("grant_type", "client_credentials", "client_id", "ops-platform", "client_secret", clientSecret));
    }

    /** An access token for the user alice (password grant through the public CLI client). */
    public String aliceToken() {
        return token(Map.of("grant_type", "password", "client_id", "certlife-cli", "username", "alice",
                "password", alicePassword, "scope", "openid"));
    }

    private String token(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("Keycloak refused the " + form.get("grant_type") + " grant: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (keycloak != null) {
            keycloak.descendants().forEach(ProcessHandle::destroy);
            keycloak.destroy();
        }
    }

    private static String random() {
        byte[] bits = new byte[24];
        new SecureRandom().nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
