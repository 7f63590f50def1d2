package io.certlife.renewal.keys;

import io.certlife.renewal.config.KeyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of private keys at rest: a fresh AES-256-GCM data key per private key encrypts the
 * PKCS#8 encoding, with the key id and certificate id as associated data (a row moved to another record
 * fails to decrypt); the data key is wrapped by the configured key-encryption key (KEK). Without a KEK
 * every operation fails closed. Nothing here logs or returns key material except {@link #open}.
 */
@ApplicationScoped
public class KeyVault {

    private static final int GCM_TAG_BITS = 128;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sealed private key as stored: which KEK wrapped the data key, the wrapped data key, and the ciphertext. */
    public record SealedKey(String algorithm, String kekId, byte[] wrappedDataKey, byte[] ciphertext) {
    }

    @Inject
    KeyConfig config;

    /** Whether private-key operations are possible (a KEK is configured and well-formed). */
    public Optional<String> unavailableReason() {
        try {
            currentKek();
            return Optional.empty();
        } catch (KeyVaultException e) {
            return Optional.of(e.getMessage());
        }
    }

    public SealedKey seal(UUID keyId, UUID certificateId, PrivateKey key) {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        byte[] plain = key.getEncoded();
        try {
            byte[] ciphertext = encrypt(new SecretKeySpec(dataKey, "AES"), plain, aad(keyId, certificateId));
            return new SealedKey(key.getAlgorithm(), config.kekId(), encrypt(currentKek(), dataKey, aad(keyId, null)), ciphertext);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    public PrivateKey open(UUID keyId, UUID certificateId, SealedKey sealed) {
        byte[] dataKey = decrypt(kek(sealed.kekId()), sealed.wrappedDataKey(), aad(keyId, null), "data key of " + keyId);
        byte[] plain = decrypt(new SecretKeySpec(dataKey, "AES"), sealed.ciphertext(), aad(keyId, certificateId),
                "private key " + keyId);
        try {
            return KeyFactory.getInstance(sealed.algorithm()).generatePrivate(new PKCS8EncodedKeySpec(plain));
        } catch (GeneralSecurityException e) {
            throw new KeyVaultException("private key " + keyId + " does not decode as " + sealed.algorithm());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Seals a short secret (an export's password) under the current KEK, bound to {@code id}. */
    public SealedKey sealSecret(UUID id, byte[] secret) {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        try {
            byte[] ciphertext = encrypt(new SecretKeySpec(dataKey, "AES"), secret, aad(id, id));
            return new SealedKey("SECRET", config.kekId(), encrypt(currentKek(), dataKey, aad(id, null)), ciphertext);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Opens what {@link #sealSecret} sealed for {@code id}. */
    public byte[] openSecret(UUID id, SealedKey sealed) {
        byte[] dataKey = decrypt(kek(sealed.kekId()), sealed.wrappedDataKey(), aad(id, null), "data key of secret " + id);
        try {
            return decrypt(new SecretKeySpec(dataKey, "AES"), sealed.ciphertext(), aad(id, id), "secret " + id);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Re-wraps a data key with the current KEK; the key ciphertext is untouched. */
    public SealedKey rewrap(UUID keyId, SealedKey sealed) {
        if (sealed.kekId().equals(config.kekId())) {
            return sealed;
        }
        byte[] dataKey = decrypt(kek(sealed.kekId()), sealed.wrappedDataKey(), aad(keyId, null), "data key of " + keyId);
        try {
            return new SealedKey(sealed.algorithm(), config.kekId(), encrypt(currentKek(), dataKey, aad(keyId, null)),
                    sealed.ciphertext());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public String currentKekId() {
        return config.kekId();
    }

    private SecretKey currentKek() {
        return decodeKek(config.kek().orElseThrow(() -> new KeyVaultException(
                "no key-encryption key configured (certlife.keys.kek): private-key operations are refused")), config.kekId());
    }

    private SecretKey kek(String id) {
        if (id.equals(config.kekId())) {
            return currentKek();
        }
        String previous = config.previousKeks().get(id);
        if (previous == null) {
            throw new KeyVaultException("key-encryption key " + id + " is not configured (certlife.keys.previous-keks."
                    + id + ")");
        }
        return decodeKek(previous, id);
    }

    private static SecretKey decodeKek(String base64, String id) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new KeyVaultException("key-encryption key " + id + " is not base64");
        }
        if (bytes.length != 32) {
            throw new KeyVaultException("key-encryption key " + id + " must be 32 bytes (AES-256), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static byte[] aad(UUID keyId, UUID certificateId) {
        return (keyId + "|" + (certificateId == null ? "" : certificateId)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] encrypt(SecretKey key, byte[] plain, byte[] aad) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new KeyVaultException("encryption failed: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] sealed, byte[] aad, String what) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new KeyVaultException(what + " cannot be decrypted: wrong key-encryption key, or the row does not "
                    + "belong to this key and certificate");
        }
    }
}
