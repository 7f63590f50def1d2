package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sign-in with an OpenID Connect provider: the authorization code flow with PKCE (RFC 7636, S256). The state and the
 * code verifier stay in the browser in a sealed cookie ({@link Pending}) until the provider sends the browser back; the
 * code is then exchanged for an access token at the provider's token endpoint, and that token is what the console
 * presents to the services for this person. The provider's endpoints come from its discovery document.
 */
@ApplicationScoped
public class OidcSignIn {

    /** How long a person may take at the provider. */
    static final Duration PENDING_FOR = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sign-in under way: its state, PKCE code verifier and redirect URI. */
    public record Pending(String state, String verifier, String redirectUri, Instant expiresAt) implements SessionSeal.Sealable {
        @Override
        public String toString() {
            return "Pending[redirectUri=" + redirectUri + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** Where to send the browser, and what to keep until it comes back. */
    public record Started(URI authorization, Pending pending) {
    }

    /** The access token the provider issued for the person, and when it ends. */
    public record Tokens(String accessToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Tokens[expiresAt=" + expiresAt + "]";
        }
    }

    /** The provider could not be reached or refused; the message names why, never a token or secret. */
    public static class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private record Endpoints(URI authorization, URI token) {
    }

    @Inject
    ConsoleConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Endpoints endpoints;

    public boolean enabled() {
        return config.oidc().issuer().isPresent();
    }

    public String name() {
        return config.oidc().name();
    }

    /** Starts a sign-in that comes back to {@code redirectUri}. */
    public Started start(String redirectUri) throws Refused {
        String state = random(24);
        String verifier = random(32);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", config.oidc().clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", config.oidc().scope());
        query.put("state", state);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        URI authorization = endpoints().authorization();
        return new Started(URI.create(authorization + (authorization.getQuery() == null ? "?" : "&") + form(query)),
                new Pending(state, verifier, redirectUri, Instant.now().plus(PENDING_FOR)));
    }

    /** Exchanges the code the provider sent back for the person's access token. */
    public Tokens finish(Pending pending, String code) throws Refused {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", pending.redirectUri());
        body.put("client_id", config.oidc().clientId());
        body.put("code_verifier", pending.verifier());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoints().token()).timeout(config.callTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        config.oidc().clientSecret().ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((encode(config.oidc().clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8))));
        JsonNode answer = call(request.build(), "token endpoint");
        if (!answer.path("access_token").isTextual()) {
            throw new Refused("the provider did not issue an access token: " + answer.path("error").asText("no error given")
                    + (answer.path("error_description").isTextual() ? " (" + answer.path("error_description").asText() + ")" : ""));
        }
        long seconds = answer.path("expires_in").asLong(300);
        return new Tokens(answer.path("access_token").asText(), Instant.now().plusSeconds(seconds));
    }

    private Endpoints endpoints() throws Refused {
        Endpoints known = endpoints;
        if (known != null) {
            return known;
        }
        String issuer = config.oidc().issuer().orElseThrow(() -> new Refused("no identity provider is configured"));
        JsonNode discovery = call(HttpRequest.newBuilder(URI.create(issuer.replaceAll("/+$", "")
                + "/.well-known/openid-configuration")).timeout(config.callTimeout()).GET().build(), "discovery document");
        if (!issuer.replaceAll("/+$", "").equals(discovery.path("issuer").asText().replaceAll("/+$", ""))
                || !discovery.path("authorization_endpoint").isTextual() || !discovery.path("token_endpoint").isTextual()) {
            throw new Refused("the provider's discovery document does not describe issuer " + issuer);
        }
        known = new Endpoints(URI.create(discovery.path("authorization_endpoint").asText()),
                URI.create(discovery.path("token_endpoint").asText()));
        endpoints = known;
        return known;
    }

    private JsonNode call(HttpRequest request, String what) throws Refused {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = json.readTree(response.body());
            if (response.statusCode() / 100 != 2 && !body.has("error")) {
                throw new Refused("the provider's " + what + " answered HTTP " + response.statusCode());
            }
            return body;
        } catch (IOException e) {
            throw new Refused("the provider's " + what + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] bits = new byte[bytes];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
