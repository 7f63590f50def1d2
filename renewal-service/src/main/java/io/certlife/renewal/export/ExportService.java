package io.certlife.renewal.export;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.PfxExportRecordedV1;
import io.certlife.events.KeyCustody;
import io.certlife.renewal.Refusal;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.keys.KeyVault;
import io.certlife.renewal.keys.PrivateKeyRecord;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.PfxBuilder;
import io.certlife.renewal.pki.PfxProfile;
import io.certlife.renewal.service.Issuance;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PFX exports of issued certificates with the private key certlife made for them (key custody CENTRAL), to deliver it
 * to the servers that use it: the Exchange server a task enables it on, the ISA server that publishes it. Whether
 * Windows may export the key again after import is another matter (the plan's {@code exportableKey}, which only sets
 * {@code -PrivateKeyExportable} in the import step). Built when requested
 * in the profile the target imports, protected by a generated password, downloadable once with a token until it
 * expires. The token and the password reach different parties: an export for an operator task returns the token to
 * its maker (the notifier, which mails the link to the task's assignee) and keeps the password sealed under the KEK
 * until a key custodian other than the maker reveals it, once; only where policy allows
 * ({@code certlife.export.creator-takes-both}) may a custodian take both. Every step is a {@code PfxExportRecorded}.
 */
@ApplicationScoped
public class ExportService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** A created export: the password is null when it stays sealed for a key custodian. */
    public record Created(UUID exportId, String token, String password, PfxProfile profile, String taskId, Instant expiresAt) {
        @Override
        public String toString() {
            return "Created[" + exportId + ", " + profile + ", expires " + expiresAt + "]";
        }
    }

    @Inject
    KeyVault vault;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "certlife.export.token-ttl", defaultValue = "P1D")
    Duration tokenTtl;

    @ConfigProperty(name = "certlife.export.creator-takes-both", defaultValue = "false")
    boolean creatorTakesBoth;

    @ConfigProperty(name = "certlife.export.task-only-callers", defaultValue = "notifier-service")
    List<String> taskOnlyCallers;

    @ConfigProperty(name = "certlife.export.retention", defaultValue = "P30D")
    Duration retention;

    /**
     * Makes an export: for an operator task ({@code taskId}) the password stays sealed; without one the maker takes
     * both, where policy allows it and the maker is not a service that exports for tasks only.
     */
    @Transactional
    public Created create(UUID certificateId, PfxProfile profile, String taskId, String by) {
        if (taskId == null && (!creatorTakesBoth || taskOnlyCallers.contains(by))) {
            throw Refusal.forbidden(taskOnlyCallers.contains(by)
                    ? by + " exports for operator tasks only: name the task (taskId)"
                    : "an export is made for an operator task (taskId), and its password is revealed to another key "
                            + "custodian; taking both the download and the password needs certlife.export.creator-takes-both");
        }
        // the key and the certificate it belongs to, in one round trip
        Object[] found = entityManager.createQuery("""
                        select k, r.certificatePem from PrivateKeyRecord k join Renewal r on r.id = k.renewalId
                        where k.certificateId = ?1""", Object[].class)
                .setParameter(1, certificateId).getResultStream().findFirst()
                .orElseThrow(() -> Renewal.count("newCertificateId = ?1 and keyCustody = ?2", certificateId, KeyCustody.ON_SERVER) > 0
                        ? Refusal.conflict("the key of certificate " + certificateId + " was made on its server and never "
                                + "left it: there is nothing to export (the server imports the certificate onto its request)")
                        : Refusal.notFound("no certificate " + certificateId + " issued by renewal-service"));
        PrivateKeyRecord key = (PrivateKeyRecord) found[0];
        if (found[1] == null) {
            throw Refusal.conflict("certificate " + certificateId + " is not issued yet: its CSR waits for the CA's answer");
        }
        // the leaf, then the chain its issuer gave: the server and the reverse proxy need the intermediates
        List<X509Certificate> issued = Pem.certificates((String) found[1]);
        X509Certificate certificate = issued.get(0);
        PrivateKey privateKey = vault.open(key.id, key.certificateId, key.sealed());
        char[] password = password();
        PfxExport export = new PfxExport();
        export.exportId = UUID.randomUUID();
        export.token = token();
        export.certificateId = certificateId;
        export.profile = profile.name();
        export.pfx = PfxBuilder.build(privateKey, certificate, issued.subList(1, issued.size()), friendlyName(certificate), password,
                profile);
        export.createdAt = clock.instant();
        export.expiresAt = export.createdAt.plus(tokenTtl);
        export.taskId = taskId;
        export.createdBy = by;
        if (taskId != null) {
            byte[] plain = new String(password).getBytes(StandardCharsets.UTF_8);
            KeyVault.SealedKey sealed = vault.sealSecret(export.exportId, plain);
            Arrays.fill(plain, (byte) 0);
            export.passwordKek = sealed.kekId();
            export.passwordKey = sealed.wrappedDataKey();
            export.password = sealed.ciphertext();
        }
        export.persist();
        record(export.exportId, certificateId, PfxExportRecordedV1.Action.CREATED, export.profile, taskId, by, export.expiresAt);
        return new Created(export.exportId, export.token, taskId == null ? new String(password) : null, profile, taskId,
                export.expiresAt);
    }

    /**
     * The password of a task's export, once, to a key custodian who did not make the export: the download token and
     * the password never reach one party.
     */
    @Transactional
    public String revealPassword(UUID exportId, String by) {
        PfxExport export = PfxExport.<PfxExport>find("exportId", exportId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional().orElseThrow(() -> Refusal.notFound("no export " + exportId));
        if (by.equals(export.createdBy)) {
            throw Refusal.forbidden(by + " made export " + exportId + ": its password is revealed to another key custodian");
        }
        if (export.password == null) {
            throw Refusal.conflict(export.passwordRevealedAt != null
                    ? "the password of export " + exportId + " was revealed already, to " + export.passwordRevealedBy
                    : "export " + exportId + " was made with its password: nothing is kept to reveal");
        }
        if (!export.expiresAt.isAfter(clock.instant())) {
            throw Refusal.conflict("export " + exportId + " expired at " + export.expiresAt + ": ask for a new one");
        }
        byte[] plain = vault.openSecret(exportId, new KeyVault.SealedKey("SECRET", export.passwordKek, export.passwordKey,
                export.password));
        String password = new String(plain, StandardCharsets.UTF_8);
        Arrays.fill(plain, (byte) 0);
        export.password = null;
        export.passwordKey = null;
        export.passwordKek = null;
        export.passwordRevealedAt = clock.instant();
        export.passwordRevealedBy = by;
        record(exportId, export.certificateId, PfxExportRecordedV1.Action.PASSWORD_REVEALED, export.profile, export.taskId,
                by, export.expiresAt);
        return password;
    }

    private void record(UUID exportId, UUID certificateId, PfxExportRecordedV1.Action action, String profile,
                        String taskId, String by, Instant expiresAt) {
        outbox.publish(CloudEvent.create(Issuance.SOURCE, certificateId.toString(), new PfxExportRecordedV1(
                exportId.toString(), certificateId.toString(), action, profile, taskId, by, expiresAt), clock));
    }

    /** The PFX, once: the token is spent and the file deleted in the same statement. */
    @Transactional
    public byte[] download(String token) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        update {h-schema}pfx_export set downloaded_at = :now, pfx = null
                        where token = :token and downloaded_at is null and expires_at > :now
                        returning (select e.pfx from {h-schema}pfx_export e where e.token = :token), export_id, certificate_id,
                                  profile, task_id, expires_at""")
                .setParameter("token", token)
                .setParameter("now", OffsetDateTime.now(clock))
                .getResultList();
        if (rows.isEmpty()) {
            throw Refusal.notFound("export token unknown, already used or expired");
        }
        Object[] row = rows.get(0);
        record((UUID) row[1], (UUID) row[2], PfxExportRecordedV1.Action.DOWNLOADED, (String) row[3], (String) row[4],
                "the link's holder", (Instant) row[5]);
        return (byte[]) row[0];
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledPurge() {
        purge(clock.instant());
    }

    /**
     * An export that expired keeps no copy of the key: its PFX and sealed password are erased at once (a downloaded one
     * has no PFX left already); its row, the record of who made it and when it was used, is deleted
     * {@code certlife.export.retention} after it expired (its {@code PfxExportRecorded} events stay). Returns
     * {erased, deleted}.
     */
    @Transactional
    public int[] purge(Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC);
        int erased = entityManager.createNativeQuery("""
                        update {h-schema}pfx_export set pfx = null, password = null, password_key = null, password_kek = null
                        where expires_at <= :now and (pfx is not null or password is not null)""")
                .setParameter("now", at).executeUpdate();
        int deleted = entityManager.createNativeQuery("delete from {h-schema}pfx_export where expires_at < :cutoff")
                .setParameter("cutoff", at.minus(retention)).executeUpdate();
        return new int[] {erased, deleted};
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
