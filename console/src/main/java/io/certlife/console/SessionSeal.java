package io.certlife.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a {@link Session} into a cookie value and opens it again: AES-256-GCM under the console's session key, with a
 * fresh 96-bit nonce per seal, so the browser holds a value it can neither read (the API token is inside) nor change. A
 * value that was altered, sealed under another key, or whose session has ended opens to nothing.
 */
@Singleton
public class SessionSeal {

    private static final String CONTEXT = "certlife-console-session-v1";
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

    public String seal(Session session) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(session));
            byte[] value = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, value, 0, nonce.length);
            System.arraycopy(sealed, 0, value, nonce.length, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot seal a session", e);
        }
    }

    /** The session in a cookie value, if it is one this console sealed and it has not ended. */
    public Optional<Session> open(String value) {
        if (value == null || value.isEmpty() || value.length() > 8192) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(value);
            if (bytes.length < 12 + 16) {
                return Optional.empty();
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(bytes, 12));
            Session session = JSON.readValue(cipher.doFinal(bytes, 12, bytes.length - 12), Session.class);
            return session.expiresAt().isAfter(clock.instant()) ? Optional.of(session) : Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(CONTEXT.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return cipher;
    }
}
