package io.certlife.renewal.export;

import io.certlife.renewal.Refusal;
import io.certlife.renewal.keys.KeyVault;
import io.certlife.renewal.keys.PrivateKeyRecord;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.PfxBuilder;
import io.certlife.renewal.pki.PfxProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PFX exports of issued certificates with their private key, for targets such as an ISA server: built
 * when requested in the profile the target imports, protected by a generated one-time password that is
 * returned once and never stored, downloadable once with a token until it expires.
 */
@ApplicationScoped
public class ExportService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** A created export: deliver the token and the password by different channels. */
    public record Created(String token, String password, PfxProfile profile, Instant expiresAt) {
        @Override
        public String toString() {
            return "Created[" + profile + ", expires " + expiresAt + "]";
        }
    }

    @Inject
    KeyVault vault;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    @ConfigProperty(name = "certlife.export.token-ttl", defaultValue = "P1D")
    Duration tokenTtl;

    @Transactional
    public Created create(UUID certificateId, PfxProfile profile) {
        // the key and the certificate it belongs to, in one round trip
        Object[] found = entityManager.createQuery("""
                        select k, r.certificatePem from PrivateKeyRecord k join Renewal r on r.id = k.renewalId
                        where k.certificateId = ?1""", Object[].class)
                .setParameter(1, certificateId).getResultStream().findFirst()
                .orElseThrow(() -> Refusal.notFound("no certificate " + certificateId + " issued by renewal-service"));
        PrivateKeyRecord key = (PrivateKeyRecord) found[0];
        if (!key.exportable) {
            throw Refusal.conflict("the private key of certificate " + certificateId + " is not exportable: "
                    + "it was made non-exportable at renewal (only certificates a reverse proxy publishes are exportable)");
        }
        if (found[1] == null) {
            throw Refusal.conflict("certificate " + certificateId + " is not issued yet: its CSR waits for the CA's answer");
        }
        X509Certificate certificate = Pem.certificates((String) found[1]).get(0);
        PrivateKey privateKey = vault.open(key.id, key.certificateId, key.sealed());
        char[] password = password();
        PfxExport export = new PfxExport();
        export.token = token();
        export.certificateId = certificateId;
        export.profile = profile.name();
        export.pfx = PfxBuilder.build(privateKey, certificate, List.of(), friendlyName(certificate), password, profile);
        export.createdAt = clock.instant();
        export.expiresAt = export.createdAt.plus(tokenTtl);
        export.persist();
        return new Created(export.token, new String(password), profile, export.expiresAt);
    }

    /** The PFX, once: the token is spent and the file deleted in the same statement. */
    @Transactional
    public byte[] download(String token) {
        @SuppressWarnings("unchecked")
        List<byte[]> pfx = entityManager.createNativeQuery("""
                        update {h-schema}pfx_export set downloaded_at = :now, pfx = null
                        where token = :token and downloaded_at is null and expires_at > :now
                        returning (select e.pfx from {h-schema}pfx_export e where e.token = :token)""")
                .setParameter("token", token)
                .setParameter("now", OffsetDateTime.now(clock))
                .getResultList();
        if (pfx.isEmpty()) {
            throw Refusal.notFound("export token unknown, already used or expired");
        }
        return pfx.get(0);
    }

    private static String friendlyName(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName().replaceFirst("^CN=", "").split(",")[0]
                + " (certlife " + certificate.getNotAfter().toInstant().toString().substring(0, 10) + ")";
    }

    private static char[] password() {
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length()));
        }
        return password;
    }

    private static String token() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }
}
