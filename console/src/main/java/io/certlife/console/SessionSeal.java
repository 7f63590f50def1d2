package io.certlife.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals what the console keeps in the browser (a {@link Session}, a sign-in under way with the identity provider) into a
 * cookie value and opens it again: AES-256-GCM under the console's session key, with a fresh 96-bit nonce per seal and
 * the kind of value as associated data, so the browser holds a value it can neither read (the token is inside) nor
 * change, nor pass off as another kind. A value that was altered, sealed under another key or as another kind, or
 * whose time has ended opens to nothing.
 */
@Singleton
public class SessionSeal {

    /** A value kept in the browser until {@link #expiresAt()}. */
    public interface Sealable {
        Instant expiresAt();
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final Clock clock;

    /** Under the configured key ({@code certlife.console.session-key}); a missing or malformed one stops the start. */
    @Inject
    public SessionSeal(ConsoleConfig config) {
        this(config.sessionKey(), Clock.systemUTC());
    }

    /** @throws IllegalArgumentException when the key is not 32 bytes in base64 */
    SessionSeal(String base64Key, Clock clock) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certlife.console.session-key must be 32 random bytes in base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("certlife.console.session-key must be 32 random bytes in base64, got "
                    + bytes.length + " bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.clock = clock;
    }

    public String seal(Sealable value) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, value.getClass());
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(value));
            byte[] cookie = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, cookie, 0, nonce.length);
            System.arraycopy(sealed, 0, cookie, nonce.length, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(cookie);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot seal a " + value.getClass().getSimpleName(), e);
        }
    }

    /** The {@code kind} in a cookie value, if it is one this console sealed as that kind and its time has not ended. */
    public <T extends Sealable> Optional<T> open(String value, Class<T> kind) {
        if (value == null || value.isEmpty() || value.length() > 8192) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(value);
            if (bytes.length < 12 + 16) {
                return Optional.empty();
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(bytes, 12), kind);
            T opened = JSON.readValue(cipher.doFinal(bytes, 12, bytes.length - 12), kind);
            return opened.expiresAt().isAfter(clock.instant()) ? Optional.of(opened) : Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce, Class<?> kind) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(("certlife-console-" + kind.getSimpleName() + "-v1").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return cipher;
    }
}
