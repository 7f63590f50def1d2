package io.certlife.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sealed session opens only under its key, unaltered and before it ends; the browser cannot read the token in it. */
class SessionSealTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static SessionSeal at(String key, Instant now) {
        return new SessionSeal(key, Clock.fixed(now, ZoneOffset.UTC));
    }

    private final Session session = new Session("certlife_" + "x".repeat(43), "alice", List.of("viewer", "operator"),
            NOW.plus(Duration.ofHours(8)));

    @Test
    void opensWhatItSealedUntilTheSessionEnds() {
        String key = newKey();
        String sealed = at(key, NOW).seal(session);
        assertThat(at(key, NOW).open(sealed, Session.class)).contains(session);
        assertThat(at(key, NOW.plus(Duration.ofHours(8))).open(sealed, Session.class)).as("ended").isEmpty();
    }

    @Test
    void theTokenIsNotReadableInTheCookieAndTwoSealsDiffer() {
        SessionSeal seal = at(newKey(), NOW);
        String sealed = seal.seal(session);
        assertThat(new String(Base64.getUrlDecoder().decode(sealed), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("certlife_").doesNotContain("alice");
        assertThat(seal.seal(session)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(session.toString()).doesNotContain(session.token());
    }

    @Test
    void aValueSealedAsOneKindDoesNotOpenAsAnother() {
        String key = newKey();
        String pending = at(key, NOW).seal(new OidcSignIn.Pending("state", "verifier", "https://console/sign-in/oidc",
                NOW.plus(Duration.ofMinutes(10))));
        assertThat(at(key, NOW).open(pending, OidcSignIn.Pending.class)).map(OidcSignIn.Pending::state).contains("state");
        assertThat(at(key, NOW).open(pending, Session.class)).as("a sign-in under way is no session").isEmpty();
        assertThat(at(key, NOW).open(at(key, NOW).seal(session), OidcSignIn.Pending.class)).isEmpty();
    }

    @Test
    void anAlteredValueAnotherKeysOrGarbageOpensToNothing() {
        String key = newKey();
        String sealed = at(key, NOW).seal(session);
        char[] altered = sealed.toCharArray();
        altered[20] = altered[20] == 'A' ? 'B' : 'A';
        assertThat(at(key, NOW).open(new String(altered), Session.class)).isEmpty();
        assertThat(at(newKey(), NOW).open(sealed, Session.class)).isEmpty();
        for (String garbage : new String[] {"", "%%%", "AAAA", "x".repeat(10_000), null}) {
            assertThat(at(key, NOW).open(garbage, Session.class)).isEmpty();
        }
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64StopsTheStart() {
        assertThatThrownBy(() -> at("not base64!", NOW)).hasMessageContaining("32 random bytes in base64");
        assertThatThrownBy(() -> at(Base64.getEncoder().encodeToString(new byte[16]), NOW)).hasMessageContaining("got 16 bytes");
    }
}
