package io.certlife.renewal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certlife.renewal.config.KeyConfig;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pki;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Envelope encryption: round trip, binding to key and certificate, rotation, and failing closed. */
class KeyVaultTest {

    private static final KeyPair KEYS = Pki.generateKeyPair(KeySpec.EC_P256);

    static String randomKek() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return Base64.getEncoder().encodeToString(kek);
    }

    static KeyVault vault(String kekId, String kek, Map<String, String> previous) {
        KeyVault vault = new KeyVault();
        vault.config = new KeyConfig() {
            @Override
            public Optional<String> kek() {
                return Optional.ofNullable(kek);
            }

            @Override
            public String kekId() {
                return kekId;
            }

            @Override
            public Map<String, String> previousKeks() {
                return previous;
            }
        };
        return vault;
    }

    @Test
    void sealedKeysOpenOnlyForTheirOwnKeyAndCertificate() {
        KeyVault vault = vault("kek-1", randomKek(), Map.of());
        UUID keyId = UUID.randomUUID();
        UUID certificateId = UUID.randomUUID();

        KeyVault.SealedKey sealed = vault.seal(keyId, certificateId, KEYS.getPrivate());

        assertThat(vault.open(keyId, certificateId, sealed).getEncoded()).isEqualTo(KEYS.getPrivate().getEncoded());
        assertThat(new String(sealed.ciphertext(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(KEYS.getPrivate().getEncoded(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> vault.open(keyId, UUID.randomUUID(), sealed))
                .isInstanceOf(KeyVaultException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> vault.open(UUID.randomUUID(), certificateId, sealed))
                .isInstanceOf(KeyVaultException.class);
    }

    @Test
    void rotationRewrapsTheDataKeyAndLeavesTheCiphertext() {
        String oldKek = randomKek();
        KeyVault before = vault("kek-1", oldKek, Map.of());
        UUID keyId = UUID.randomUUID();
        UUID certificateId = UUID.randomUUID();
        KeyVault.SealedKey sealed = before.seal(keyId, certificateId, KEYS.getPrivate());

        KeyVault after = vault("kek-2", randomKek(), Map.of("kek-1", oldKek));
        KeyVault.SealedKey rewrapped = after.rewrap(keyId, sealed);

        assertThat(rewrapped.kekId()).isEqualTo("kek-2");
        assertThat(rewrapped.ciphertext()).isEqualTo(sealed.ciphertext());
        assertThat(rewrapped.wrappedDataKey()).isNotEqualTo(sealed.wrappedDataKey());
        assertThat(vault("kek-2", null, Map.of()).unavailableReason()).isPresent();
        assertThat(after.open(keyId, certificateId, rewrapped).getEncoded()).isEqualTo(KEYS.getPrivate().getEncoded());
        assertThatThrownBy(() -> vault("kek-2", randomKek(), Map.of()).open(keyId, certificateId, sealed))
                .isInstanceOf(KeyVaultException.class).hasMessageContaining("kek-1 is not configured");
    }

    @Test
    void withoutAUsableKekEveryOperationFailsClosed() {
        assertThatThrownBy(() -> vault("kek-1", null, Map.of()).seal(UUID.randomUUID(), UUID.randomUUID(), KEYS.getPrivate()))
                .isInstanceOf(KeyVaultException.class).hasMessageContaining("certlife.keys.kek");
        assertThatThrownBy(() -> vault("kek-1", Base64.getEncoder().encodeToString(new byte[16]), Map.of())
                .seal(UUID.randomUUID(), UUID.randomUUID(), KEYS.getPrivate()))
                .isInstanceOf(KeyVaultException.class).hasMessageContaining("32 bytes");
        assertThat(vault("kek-1", "not base64 !", Map.of()).unavailableReason()).get().asString().contains("base64");
    }
}
