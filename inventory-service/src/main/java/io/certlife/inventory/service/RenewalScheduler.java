package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalDueV1;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.PublishingRule;
import io.certlife.inventory.Slot;
import io.certlife.inventory.policy.ServiceKind;
import io.certlife.inventory.estate.EstateChanged;
import io.certlife.inventory.policy.RenewalTime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each certificate's renewal time and emits {@code RenewalDue} once per certificate when it has
 * come. The renewal time uses the certificate's own renewBefore, else the shortest renewBefore of the
 * slots it serves, else two thirds of the lifetime. The once is durable: a row in
 * {@code lifecycle_notice} whose primary key no second sweep or replica can insert again.
 */
@ApplicationScoped
public class RenewalScheduler {

    static final String RENEWAL_DUE = "RENEWAL_DUE";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    /** Recomputes and stores the certificate's renewal time. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(Certificate certificate) {
        certificate.renewalAt = RenewalTime.of(certificate.notBefore, certificate.notAfter, renewBefore(certificate));
    }

    void onEstateChanged(@Observes EstateChanged change) {
        change.affectedCertificateIds().stream()
                .map(id -> Certificate.<Certificate>findById(id))
                .filter(Objects::nonNull)
                .forEach(this::refresh);
    }

    private Optional<Duration> renewBefore(Certificate certificate) {
        if (certificate.renewBefore().isPresent()) {
            return certificate.renewBefore();
        }
        return Slot.ofCertificate(certificate.id).stream()
                .filter(slot -> !slot.retired && slot.renewBeforeSeconds != null)
                .map(slot -> Duration.ofSeconds(slot.renewBeforeSeconds))
                .max(Duration::compareTo);
    }

    /** Emits {@code RenewalDue} if the certificate's renewal time has passed by {@code now} and it was not emitted before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean noticeIfDue(Certificate certificate, Instant now) {
        if (now.isBefore(certificate.renewalAt) || !recordNotice(certificate, RENEWAL_DUE)) {
            return false;
        }
        outbox.publish(CloudEvent.create(CertificateEvents.SOURCE, certificate.id.toString(),
                new RenewalDueV1(CertificateEvents.summary(certificate), certificate.generation + 1, certificate.renewalAt,
                        ExpirySweep.activeSlots(certificate.id), publishedByIsa(certificate)),
                clock));
        return true;
    }

    /** Whether an ISA rule publishes a CAS whose IIS slot uses the certificate: then its key must be exportable. */
    static boolean publishedByIsa(Certificate certificate) {
        return Slot.ofCertificate(certificate.id).stream()
                .filter(slot -> !slot.retired && slot.key.service().equals(ServiceKind.IIS.name()))
                .anyMatch(slot -> !PublishingRule.publishing(slot.key.serverFqdn()).isEmpty());
    }

    /** Records that a notice was emitted; false when it had been already (by this or another replica). */
    boolean recordNotice(Certificate certificate, String notice) {
        return entityManager.createNativeQuery("""
                        insert into {h-schema}lifecycle_notice (certificate_id, notice) values (:id, :notice)
                        on conflict do nothing""")
                .setParameter("id", certificate.id)
                .setParameter("notice", notice)
                .executeUpdate() == 1;
    }
}
