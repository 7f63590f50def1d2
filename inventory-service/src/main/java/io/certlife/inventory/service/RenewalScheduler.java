package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalDueV1;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.policy.RenewalTime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Emits {@code RenewalDue} once per certificate when its renewal time has come. The once is durable:
 * a row in {@code lifecycle_notice} whose primary key no second sweep or replica can insert again.
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

    public Instant renewalTime(Certificate certificate) {
        return RenewalTime.of(certificate.notBefore, certificate.notAfter, certificate.renewBefore());
    }

    /** Emits {@code RenewalDue} if the certificate's renewal time has passed and it was not emitted before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean noticeIfDue(Certificate certificate) {
        Instant renewalTime = renewalTime(certificate);
        if (clock.instant().isBefore(renewalTime) || !recordNotice(certificate, RENEWAL_DUE)) {
            return false;
        }
        outbox.publish(CloudEvent.create(CertificateEvents.SOURCE, certificate.id.toString(),
                new RenewalDueV1(CertificateEvents.summary(certificate), certificate.generation + 1, renewalTime,
                        List.of(), false),
                clock));
        return true;
    }

    private boolean recordNotice(Certificate certificate, String notice) {
        return entityManager.createNativeQuery("""
                        insert into {h-schema}lifecycle_notice (certificate_id, notice) values (:id, :notice)
                        on conflict do nothing""")
                .setParameter("id", certificate.id)
                .setParameter("notice", notice)
                .executeUpdate() == 1;
    }
}
