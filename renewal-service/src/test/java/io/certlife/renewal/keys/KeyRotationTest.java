package io.certlife.renewal.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** KEK rotation over REST: data keys sealed by the previous KEK are re-wrapped, ciphertexts untouched, keys still open. */
@QuarkusTest
@TestProfile(KeyRotationTest.RotatedKek.class)
@WithTestResource(CertlifeInfrastructure.class)
class KeyRotationTest {

    /** The previous KEK, generated once per run and shared through a system property (profile and test load apart). */
    private static final String OLD_KEK = System.getProperties().computeIfAbsent("certlife.test.previous-kek",
            k -> KeyVaultTest.randomKek()).toString();

    /** The current KEK (from the test infrastructure) is "kek-2"; "kek-1" is the previous one. */
    public static class RotatedKek implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("certlife.keys.kek-id", "kek-2", "certlife.keys.previous-keks.kek-1", OLD_KEK);
        }
    }

    @Inject
    KeyVault vault;

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void rotationRewrapsEveryDataKeySealedByThePreviousKek() {
        // a real renewal's key, then sealed again as the previous KEK had sealed it
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(new CertificateSummary(oldId, "1".repeat(40),
                "2".repeat(64), "CN=hub05", "CN=hub05", "0F", List.of("hub05"), now.minus(300, ChronoUnit.DAYS),
                now.plus(65, ChronoUnit.DAYS), "EC", 256, "SHA256withECDSA", true), 2, now, List.of(), false,
                RenewalRequirements.NONE), Clock.systemUTC()));
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() -> PrivateKeyRecord.count()) > 0);
        PrivateKeyRecord record = QuarkusTransaction.requiringNew().call(() -> PrivateKeyRecord.<PrivateKeyRecord>findAll().firstResult());
        PrivateKey key = vault.open(record.id, record.certificateId, record.sealed());
        KeyVault.SealedKey old = KeyVaultTest.vault("kek-1", OLD_KEK, Map.of()).seal(record.id, record.certificateId, key);
        QuarkusTransaction.requiringNew().run(() -> {
            PrivateKeyRecord stored = PrivateKeyRecord.findById(record.id);
            stored.kekId = old.kekId();
            stored.wrappedDataKey = old.wrappedDataKey();
            stored.ciphertext = old.ciphertext();
        });

        given().post("/keys/rotation").then().statusCode(200).body("kekId", equalTo("kek-2"))
                .body("rewrapped", equalTo(1)).body("remaining", equalTo(0));
        given().post("/keys/rotation").then().statusCode(200).body("rewrapped", equalTo(0));

        PrivateKeyRecord rotated = QuarkusTransaction.requiringNew().call(() -> PrivateKeyRecord.findById(record.id));
        assertThat(rotated.kekId).isEqualTo("kek-2");
        assertThat(rotated.ciphertext).isEqualTo(old.ciphertext());
        assertThat(rotated.wrappedDataKey).isNotEqualTo(old.wrappedDataKey());
        assertThat(vault.open(record.id, record.certificateId, rotated.sealed()).getEncoded()).isEqualTo(key.getEncoded());
    }
}
