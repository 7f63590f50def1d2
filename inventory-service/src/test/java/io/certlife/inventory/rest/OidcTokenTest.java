package io.certlife.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.certlife.testsupport.CertlifeInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens of an OpenID Connect provider, verified by quarkus-oidc for real (signature, issuer, audience, expiry)
 * against a key this test makes; the provider's roles (Keycloak's {@code realm_access.roles}) become certlife roles
 * through {@code certlife.access.role-mapping}.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@TestProfile(OidcTokenTest.Provider.class)
class OidcTokenTest {

    private static final KeyPair PROVIDER = rsa("provider");
    private static final KeyPair STRANGER = rsa("stranger");

    /** An identity provider whose public key, issuer and audience the service is configured with. */
    public static class Provider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(PROVIDER.getPublic().getEncoded()),
                    "quarkus.oidc.token.issuer", "https://idp.contoso.test/realms/certlife",
                    "quarkus.oidc.token.audience", "certlife",
                    "quarkus.oidc.roles.role-claim-path", "realm_access/roles",
                    "certlife.access.role-mapping.\"certlife-operators\"", "operator",
                    "certlife.access.role-mapping.\"certlife-admins\"", "admin");
        }
    }

    @Test
    void aProviderRoleMappedToOperatorMayRunASweepAndReadButNotEditTheEstate() {
        String operator = token(PROVIDER, "alice", "certlife", List.of("certlife-operators", "offline_access"));
        given().header("Authorization", "Bearer " + operator).post("/expiry-sweeps").then().statusCode(200);
        given().header("Authorization", "Bearer " + operator).get("/teams").then().statusCode(200);
        given().header("Authorization", "Bearer " + operator).contentType("application/json").body(Map.of("name", "oidc-team"))
                .put("/teams/oidc-team").then().statusCode(403).body("detail", containsString("admin"));
        String admin = token(PROVIDER, "bob", "certlife", List.of("certlife-admins"));
        given().header("Authorization", "Bearer " + admin).contentType("application/json").body(Map.of("name", "oidc-team"))
                .put("/teams/oidc-team").then().statusCode(201);
    }

    @Test
    void aTokenOfAnotherSignerOrAudienceOrWithoutACertlifeRoleIsNoOne() {
        given().header("Authorization", "Bearer " + token(STRANGER, "mallory", "certlife", List.of("certlife-admins")))
                .get("/teams").then().statusCode(401);
        given().header("Authorization", "Bearer " + token(PROVIDER, "carol", "another-app", List.of("certlife-admins")))
                .get("/teams").then().statusCode(401);
        given().header("Authorization", "Bearer " + token(PROVIDER, "dave", "certlife", List.of("offline_access")))
                .get("/teams").then().statusCode(403);
    }

    private static String token(KeyPair signer, String subject, String audience, List<String> providerRoles) {
        return Jwt.issuer("https://idp.contoso.test/realms/certlife").subject(subject).audience(audience)
                .claim("realm_access", Map.of("roles", providerRoles)).expiresIn(300).sign(signer.getPrivate());
    }

    /**
     * A key pair made once per JVM: Quarkus loads this class again for the application it starts with the profile, and
     * the profile's public key and the tests' signing key must be one pair.
     */
    private static KeyPair rsa(String name) {
        try {
            synchronized (System.getProperties()) {
                String property = "certlife.test-oidc-key." + name;
                if (System.getProperty(property) == null) {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048);
                    KeyPair pair = generator.generateKeyPair();
                    System.setProperty(property, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + ":"
                            + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                }
                String[] encoded = System.getProperty(property).split(":");
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded[1]))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded[0]))));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
