package io.certlife.renewal.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CertificateSummary;
import io.certlife.events.DriftItem;
import io.certlife.events.KeyCustody;
import io.certlife.events.ServerCsrRequestedV1;
import io.certlife.events.CloudEvent;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalFailedV1;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.RenewalStalledV1;
import io.certlife.renewal.Refusal;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.config.RenewalConfig;
import io.certlife.renewal.issuer.Issuers;
import io.certlife.renewal.issuer.acme.AcmeOrder;
import io.certlife.renewal.keys.KeyVaultException;
import io.certlife.renewal.pki.Csr;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.PkiException;
import io.certlife.renewal.policy.IssuerNames;
import io.certlife.renewal.policy.PlanDrift;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Timeouts;
import org.hibernate.jpa.AvailableHints;

/**
 * Turns a due certificate into a renewal plan: a clone of the old certificate (same subject, SANs in
 * order, key algorithm and size) with its drift from current policy fixed and listed, issued self-signed when
 * the old one was, by the internal CA when it issued the old one, otherwise through a CSR. At most one plan
 * exists per (certificate, generation). Policy approves it or it waits for {@code POST /renewals/{id}/approve}.
 * A transient failure (the key vault) keeps the plan and retries after 1 h x 2^(n-1), capped, counted in the
 * row; a terminal one fails it; each emits {@code RenewalFailed}. Success resets the count.
 */
@ApplicationScoped
public class RenewalPlanner {

    /** Failure reasons (machine-readable, stable). */
    public static final String REASON_KEY_VAULT_UNAVAILABLE = "KeyVaultUnavailable";
    public static final String REASON_UNSUPPORTED_KEY = "UnsupportedKey";

    private static final Duration REQUEST_LIFETIME = Duration.ofHours(1);

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    Issuance issuance;

    @Inject
    Issuers issuers;

    @Inject
    RenewalConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public Renewal plan(RenewalDueV1 due) {
        CertificateSummary old = due.certificate();
        return Renewal.find(old.certificateId(), due.generation()).orElseGet(() -> create(due, old));
    }

    private Renewal create(RenewalDueV1 due, CertificateSummary old) {
        PlanDrift.Plan plan = PlanDrift.of(old, due.exportableKeyRequired(), due.requirements());
        Instant now = clock.instant();
        Renewal renewal = new Renewal();
        renewal.id = UUID.randomUUID();
        renewal.certificateId = old.certificateId();
        renewal.generation = due.generation();
        renewal.issuer = issuers.choose(due).name();
        RenewalConfig.IssuerNames allowed = config.issuerNames().get(renewal.issuer);
        List<DriftItem> outside = allowed == null ? List.of() : IssuerNames.outside(renewal.issuer, allowed.dnsSuffixes(),
                allowed.ipRanges(), plan.subject(), plan.subjectAltNames());
        renewal.subject = plan.subject();
        renewal.subjectAltNames = plan.subjectAltNames();
        renewal.keyAlgorithm = plan.keyAlgorithm();
        renewal.keySize = plan.keySize();
        renewal.exportableKey = plan.exportableKey();
        renewal.keyCustody = due.requirements().keyCustody();
        renewal.maxValidityDays = plan.maxValidityDays();
        renewal.alignTo = config.alignTo().orElse(null);
        renewal.drift = outside.isEmpty() ? plan.drift() : concat(plan.drift(), outside);
        renewal.clientAuth = due.slots().stream().anyMatch(slot -> slot.service().clientAuthentication());
        renewal.slots = due.slots();
        renewal.activationWindows = due.activationWindows();
        renewal.createdAt = now;
        renewal.requestedBy = takeRequest(old.certificateId()).orElse(due.requestedBy());
        boolean approved = outside.isEmpty() && switch (config.autoApprove()) {
            case ALWAYS -> true;
            case WITHOUT_WARNINGS -> !plan.hasWarnings();
            case NEVER -> false;
        };
        renewal.state = approved ? Renewal.State.PLANNED : Renewal.State.PENDING_APPROVAL;
        renewal.stateSince = now;
        if (approved) {
            renewal.approvedBy = "policy " + config.autoApprove();
            renewal.approvedAt = now;
        }
        CloudEvent<?> planned = CloudEvent.create(Issuance.SOURCE, renewal.id.toString(), new RenewalPlannedV1(
                renewal.id.toString(), renewal.certificateId, renewal.generation, renewal.issuer,
                renewal.subject, renewal.subjectAltNames, renewal.keyAlgorithm, renewal.keySize,
                renewal.exportableKey, due.slots(), renewal.drift, approved), clock);
        // issued before it is persisted, so the row is inserted once, complete (the key's reference to it is checked
        // at commit), and both events go to the outbox in one statement, in order
        Optional<CloudEvent<?>> outcome = approved ? attempt(renewal) : Optional.empty();
        renewal.persist();
        outbox.publishAll(outcome.isEmpty() ? List.of(planned) : List.of(planned, outcome.get()));
        return renewal;
    }

    private static List<DriftItem> concat(List<DriftItem> first, List<DriftItem> second) {
        List<DriftItem> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Approves a plan that waits for a person, and issues it. */
    @Transactional
    public Renewal approve(UUID id, String by) {
        Renewal renewal = find(id);
        if (renewal.state != Renewal.State.PENDING_APPROVAL) {
            throw Refusal.conflict("renewal " + id + " is " + renewal.state + ", not waiting for approval");
        }
        List<String> blocked = renewal.drift.stream().filter(d -> d.code().equals(IssuerNames.NAME_NOT_ALLOWED))
                .map(DriftItem::message).toList();
        if (!blocked.isEmpty()) {
            throw Refusal.conflict("renewal " + id + " cannot be approved: " + String.join("; ", blocked));
        }
        if (config.approval() == RenewalConfig.Approval.FOUR_EYES && by.equals(renewal.requestedBy)) {
            throw Refusal.forbidden("four eyes: " + by + " asked for renewal " + id + ", so another approver must approve it");
        }
        renewal.approvedBy = by;
        renewal.approvedAt = clock.instant();
        renewal.moveTo(Renewal.State.PLANNED, clock.instant());
        attempt(renewal).ifPresent(outbox::publish);
        return renewal;
    }

    /**
     * Remembers who asked inventory-service to make a certificate due now, so that the plan its {@code RenewalDue}
     * brings names that person rather than this service. A request older than an hour is not honoured.
     */
    @Transactional
    public void recordRequest(String certificateId, String by) {
        Instant now = clock.instant();
        entityManager.createNativeQuery("""
                        insert into {h-schema}renew_request (certificate_id, requested_by, requested_at) values (?1, ?2, ?3)
                        on conflict (certificate_id) do update set requested_by = ?2, requested_at = ?3""")
                .setParameter(1, certificateId).setParameter(2, by).setParameter(3, now).executeUpdate();
    }

    /** Forgets a request inventory-service refused. */
    @Transactional
    public void dropRequest(String certificateId) {
        takeRequest(certificateId);
    }

    private Optional<String> takeRequest(String certificateId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "delete from {h-schema}renew_request where certificate_id = ?1 returning requested_by, requested_at")
                .setParameter(1, certificateId).getResultList();
        return rows.stream().filter(row -> ((Instant) row[1]).isAfter(clock.instant().minus(REQUEST_LIFETIME)))
                .map(row -> (String) row[0]).findFirst();
    }

    /**
     * The server's CSR for a renewal whose key it makes (custody ON_SERVER): checked against the plan (its own
     * signature, the subject, the SANs in order, the key type and size), then issued by the renewal's issuer (the
     * internal CA at once; a CA certlife cannot drive gets it as the CSR to submit). The key never reaches certlife.
     */
    @Transactional
    public Renewal serverCsr(UUID id, String pem) {
        Renewal renewal = find(id);
        if (renewal.state != Renewal.State.AWAITING_SERVER_CSR) {
            throw Refusal.conflict("renewal " + id + " is " + renewal.state + ", not waiting for a server's CSR"
                    + (renewal.keyCustody == KeyCustody.ON_SERVER ? "" : " (its key is made by certlife)"));
        }
        try {
            renewal.csrPem = Csr.checkAgainstPlan(pem, renewal.subject, renewal.subjectAltNames,
                    KeySpec.of(renewal.keyAlgorithm, renewal.keySize));
        } catch (PkiException e) {
            throw Refusal.unprocessable("the CSR does not match renewal " + id + "'s plan: " + e.getMessage());
        }
        attempt(renewal).ifPresent(outbox::publish);
        return renewal;
    }

    /**
     * "Renew now": retries a renewal waiting out its backoff at once (an ACME order waiting to be placed again is placed
     * at the next look); returns it, or null when the certificate has none.
     */
    @Transactional
    public Renewal retryNow(String certificateId) {
        Renewal latest = Renewal.<Renewal>find("certificateId = ?1 order by generation desc", certificateId).firstResult();
        if (latest != null && latest.state == Renewal.State.PLANNED && latest.approvedAt != null) {
            attempt(latest).ifPresent(outbox::publish);
        }
        if (latest != null && latest.state == Renewal.State.AWAITING_CERTIFICATE) {
            AcmeOrder.<AcmeOrder>findByIdOptional(latest.id).filter(order -> order.stage == AcmeOrder.Stage.ORDER)
                    .ifPresent(order -> order.nextCheckAt = clock.instant());
        }
        return latest;
    }

    /**
     * Attempts the renewals whose backoff has passed; returns how many it attempted. Rows are claimed with
     * {@code FOR UPDATE SKIP LOCKED}, so replicas running this at the same time never attempt one renewal twice.
     */
    @Transactional
    public int retryDue() {
        List<Renewal> due = Renewal.<Renewal>find("state = ?1 and approvedAt is not null and nextAttemptAt <= ?2",
                Renewal.State.PLANNED, clock.instant()).withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI).list();
        outbox.publishAll(due.stream().map(this::attempt).<CloudEvent<?>>flatMap(Optional::stream).toList());
        return due.size();
    }

    /** Emits {@code RenewalStalled} once (rows claimed as in {@link #retryDue()}) for each renewal that has stayed in a stage longer than that stage's limit. */
    @Transactional
    public int detectStalls() {
        Instant now = clock.instant();
        List<CloudEvent<?>> stalled = new ArrayList<>();
        for (Renewal.State stage : List.of(Renewal.State.PENDING_APPROVAL, Renewal.State.PLANNED, Renewal.State.AWAITING_SERVER_CSR,
                Renewal.State.AWAITING_CERTIFICATE)) {
            Duration limit = switch (stage) {
                case PENDING_APPROVAL -> config.stallPendingApproval();
                case PLANNED -> config.stallPlanned();
                default -> config.stallAwaitingCertificate();
            };
            for (Renewal renewal : Renewal.<Renewal>find("state = ?1 and stalledAt is null and stateSince < ?2", stage,
                    now.minus(limit)).withLock(LockModeType.PESSIMISTIC_WRITE)
                    .withHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI).list()) {
                renewal.stalledAt = now;
                stalled.add(CloudEvent.create(Issuance.SOURCE, renewal.id.toString(), new RenewalStalledV1(renewal.id.toString(),
                        renewal.certificateId, stage.name(), renewal.stateSince, limit), clock));
            }
        }
        outbox.publishAll(stalled);
        return stalled.size();
    }

    /**
     * Asks the renewal's issuer for its certificate (or its CSR); failures back off or stop, with a reason.
     *
     * @return the event that tells what happened, for the caller to publish (none when an ACME order was opened)
     */
    private Optional<CloudEvent<?>> attempt(Renewal renewal) {
        Instant now = clock.instant();
        if (renewal.keyCustody == KeyCustody.ON_SERVER && renewal.csrPem == null) {
            renewal.moveTo(Renewal.State.AWAITING_SERVER_CSR, now);
            return Optional.of(CloudEvent.create(Issuance.SOURCE, renewal.id.toString(), new ServerCsrRequestedV1(renewal.id.toString(),
                    renewal.certificateId, renewal.subject, renewal.subjectAltNames, renewal.keyAlgorithm, renewal.keySize,
                    renewal.exportableKey, renewal.slots), clock));
        }
        try {
            Optional<CloudEvent<?>> outcome = issuance.record(renewal, issuers.named(renewal.issuer).issue(renewal));
            renewal.attempts = 0;
            renewal.nextAttemptAt = null;
            renewal.failureReason = null;
            renewal.failureMessage = null;
            return outcome;
        } catch (KeyVaultException e) {
            return Optional.of(failed(renewal, REASON_KEY_VAULT_UNAVAILABLE, e.getMessage(), false, null));
        } catch (PkiException e) {
            return Optional.of(failed(renewal, REASON_UNSUPPORTED_KEY, e.getMessage(), true, null));
        }
    }

    /**
     * Records a failed attempt: counted; a terminal one fails the renewal, a passing one waits out the backoff (and
     * never less than until {@code notBefore}, a CA's Retry-After, when given). Returns the {@code RenewalFailed} to publish.
     */
    CloudEvent<?> failed(Renewal renewal, String reason, String message, boolean terminal, Instant notBefore) {
        Instant now = clock.instant();
        renewal.attempts++;
        if (terminal) {
            renewal.moveTo(Renewal.State.FAILED, now);
            renewal.nextAttemptAt = null;
        } else {
            Instant next = now.plus(config.backoff(renewal.attempts));
            renewal.nextAttemptAt = notBefore != null && notBefore.isAfter(next) ? notBefore : next;
        }
        renewal.failureReason = reason;
        renewal.failureMessage = message;
        return CloudEvent.create(Issuance.SOURCE, renewal.id.toString(), new RenewalFailedV1(renewal.id.toString(),
                renewal.certificateId, reason, message, terminal, renewal.attempts, renewal.nextAttemptAt), clock);
    }

    private static Renewal find(UUID id) {
        return Renewal.<Renewal>findByIdOptional(id).orElseThrow(() -> Refusal.notFound("no renewal " + id));
    }
}
