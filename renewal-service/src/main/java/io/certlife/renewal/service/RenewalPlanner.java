package io.certlife.renewal.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.renewal.Renewal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CsrGeneratedV1;
import io.certlife.events.SlotRef;
import io.certlife.renewal.pki.Pki;
import io.certlife.events.RenewalFailedV1;
import io.certlife.renewal.keys.KeyVaultException;
import io.certlife.renewal.pki.IssuedCertificate;
import io.certlife.renewal.pki.PkiException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a due certificate into a renewal plan: a clone of the old certificate (same subject, SANs in
 * order, key algorithm and size), issued self-signed when the old one was, by the internal CA when it
 * issued the old one, otherwise through a CSR to the CA that did.
 * At most one plan exists per (certificate, generation). A self-signed plan is approved and issued at once;
 * a key-vault failure leaves it FAILED with a reason and emits {@code RenewalFailed}.
 */
@ApplicationScoped
public class RenewalPlanner {

    static final String SOURCE = "/certlife/renewal";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** Services whose certificates also authenticate as clients (SMTP between servers, UM to gateways). */
    static final Set<String> MUTUAL_TLS_SERVICES = Set.of("SMTP", "UM", "UM_CALL_ROUTER");

    @Inject
    Issuance issuance;

    @Inject
    InternalCa internalCa;

    /** Issues a self-signed clone at once, or generates the CSR; a key failure fails the renewal with a reason. */
    private void issue(Renewal renewal) {
        try {
            if (renewal.issuer == Renewal.Issuer.SELF_SIGNED) {
                X509Certificate certificate = issuance.selfSigned(renewal);
                outbox.publish(CloudEvent.create(SOURCE, renewal.id.toString(), issued(renewal, certificate, List.of()), clock));
            } else if (renewal.issuer == Renewal.Issuer.INTERNAL_CA) {
                List<X509Certificate> chain = issuance.internalCa(renewal, internalCa.authority());
                outbox.publish(CloudEvent.create(SOURCE, renewal.id.toString(),
                        issued(renewal, chain.get(0), chain.subList(1, chain.size())), clock));
            } else {
                String csr = issuance.requestCertificate(renewal);
                outbox.publish(CloudEvent.create(SOURCE, renewal.id.toString(), new CsrGeneratedV1(renewal.id.toString(),
                        renewal.certificateId, renewal.subject, renewal.subjectAltNames, csr), clock));
            }
        } catch (KeyVaultException | PkiException e) {
            renewal.state = Renewal.State.FAILED;
            renewal.failureReason = e instanceof KeyVaultException ? REASON_KEY_VAULT_UNAVAILABLE : REASON_UNSUPPORTED_KEY;
            renewal.failureMessage = e.getMessage();
            outbox.publish(CloudEvent.create(SOURCE, renewal.id.toString(), new RenewalFailedV1(renewal.id.toString(),
                    renewal.certificateId, renewal.failureReason, e.getMessage(), !(e instanceof KeyVaultException), 1,
                    null), clock));
        }
    }

    /** The {@code CertificateIssued} event of an issued renewal: certificate and chain, never the key. */
    static CertificateIssuedV1 issued(Renewal renewal, X509Certificate leaf, List<X509Certificate> chain) {
        return new CertificateIssuedV1(renewal.id.toString(), renewal.certificateId,
                IssuedCertificate.summary(renewal.newCertificateId, leaf), Pki.pem(leaf),
                chain.stream().map(Pki::pem).toList(),
                renewal.slots.stream().map(s -> new SlotRef(s.substring(0, s.lastIndexOf('/')), s.substring(s.lastIndexOf('/') + 1)))
                        .toList(),
                renewal.exportableKey);
    }

    /** Failure reasons (machine-readable, stable). */
    public static final String REASON_KEY_VAULT_UNAVAILABLE = "KeyVaultUnavailable";
    public static final String REASON_UNSUPPORTED_KEY = "UnsupportedKey";

    @Transactional(Transactional.TxType.MANDATORY)
    public Renewal plan(RenewalDueV1 due) {
        CertificateSummary old = due.certificate();
        return Renewal.find(old.certificateId(), due.generation()).orElseGet(() -> create(due, old));
    }

    private Renewal create(RenewalDueV1 due, CertificateSummary old) {
        Renewal renewal = new Renewal();
        renewal.id = UUID.randomUUID();
        renewal.certificateId = old.certificateId();
        renewal.generation = due.generation();
        renewal.issuer = old.selfSigned() ? Renewal.Issuer.SELF_SIGNED
                : internalCa.issues(old.issuer()) ? Renewal.Issuer.INTERNAL_CA : Renewal.Issuer.CSR;
        renewal.subject = old.subject();
        renewal.subjectAltNames = old.subjectAltNames();
        renewal.keyAlgorithm = old.keyAlgorithm();
        renewal.keySize = old.keySize();
        renewal.state = Renewal.State.PLANNED;
        renewal.exportableKey = due.exportableKeyRequired();
        renewal.clientAuth = due.slots().stream().anyMatch(slot -> MUTUAL_TLS_SERVICES.contains(slot.service()));
        renewal.slots = due.slots().stream().map(slot -> slot.server() + "/" + slot.service()).toList();
        renewal.createdAt = clock.instant();
        renewal.persist();
        outbox.publish(CloudEvent.create(SOURCE, renewal.id.toString(), new RenewalPlannedV1(
                renewal.id.toString(), renewal.certificateId, renewal.generation, renewal.issuer.name(),
                renewal.subject, renewal.subjectAltNames, renewal.keyAlgorithm, renewal.keySize,
                // approved at once: a self-signed clone replaces like for like; a CSR only asks a CA, which approves
                renewal.exportableKey, due.slots(), List.of(), true), clock));
        issue(renewal);
        return renewal;
    }
}
