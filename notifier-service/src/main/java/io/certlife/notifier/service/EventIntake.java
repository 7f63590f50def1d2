package io.certlife.notifier.service;

import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.CsrGeneratedV1;
import io.certlife.events.DeploymentOverdueV1;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.events.DnsRecordsRequestedV1;
import io.certlife.events.EventData;
import io.certlife.events.EventType;
import io.certlife.events.PolicyFindingRaisedV1;
import io.certlife.events.PolicyFindingResolvedV1;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalFailedV1;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.RenewalStalledV1;
import io.certlife.events.ServerCsrRequestedV1;
import io.certlife.events.Severity;
import io.certlife.events.SlotRef;
import io.certlife.events.TopologyChangedV1;
import io.certlife.notifier.Alert;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.CertificateState;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.estate.EstateView;
import io.certlife.notifier.estate.TransactionMemo;
import io.certlife.notifier.policy.AlertText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Turns inventory's and renewal's events into estate knowledge, alerts, resolutions and tasks. */
@ApplicationScoped
public class EventIntake {

    /** The event types the notifier acts on; others in the catalogue are skipped. */
    public static final Set<EventType> ACCEPTED = EnumSet.of(EventType.CERTIFICATE_EXPIRING, EventType.CERTIFICATE_EXPIRED,
            EventType.RENEWAL_DUE, EventType.POLICY_FINDING_RAISED, EventType.POLICY_FINDING_RESOLVED,
            EventType.TOPOLOGY_CHANGED, EventType.RENEWAL_PLANNED, EventType.CSR_GENERATED, EventType.CERTIFICATE_ISSUED,
            EventType.RENEWAL_FAILED, EventType.RENEWAL_STALLED, EventType.DEPLOYMENT_VERIFIED, EventType.DEPLOYMENT_OVERDUE,
            EventType.SERVER_CSR_REQUESTED, EventType.DNS_RECORDS_REQUESTED);

    /** Events that share one read of what they need and one flush of what they wrote. */
    static final int RUN = 100;

    /** What issuing the replacement cures: the renewal's own troubles. */
    private static final List<AlertKind> CURED_BY_ISSUANCE = List.of(AlertKind.CSR_PENDING, AlertKind.RENEWAL_FAILED,
            AlertKind.RENEWAL_STALLED);

    /** What only the replacement seen served cures, with the renewal's troubles if they were still open. */
    private static final List<AlertKind> CURED_BY_REPLACEMENT = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(AlertKind.CERTIFICATE_EXPIRING, AlertKind.CERTIFICATE_EXPIRED),
            CURED_BY_ISSUANCE.stream()).toList();

    @Inject
    EntityManager entityManager;

    @Inject
    AlertService alerts;

    @Inject
    TaskService tasks;

    @Inject
    EstateView estate;

    @Inject
    Clock clock;

    @Inject
    TransactionMemo memo;

    /**
     * A poll's events, in order, in runs of {@value #RUN}: each run reads what its events need in a few queries
     * ({@link IntakeBatch}) and writes in one flush, instead of several round trips to the database per event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void handleAll(List<CloudEvent<?>> events) {
        for (int from = 0; from < events.size(); from += RUN) {
            List<CloudEvent<?>> run = events.subList(from, Math.min(events.size(), from + RUN));
            IntakeBatch batch = IntakeBatch.open(run, run.stream().map(e -> noteOf(e.data())).filter(Objects::nonNull).toList(),
                    entityManager, memo, clock.instant());
            run.forEach(this::handle);
            entityManager.flush();
            entityManager.clear();
            batch.close(memo);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void handle(CloudEvent<?> event) {
        EventData data = event.data();
        if (data instanceof TopologyChangedV1 e) {
            estate.apply(e);
        } else if (data instanceof CertificateExpiringV1 e) {
            note(noteOf(e));
            alerts.raisePerServer(event, AlertKind.CERTIFICATE_EXPIRING,
                    "CERTIFICATE_EXPIRING:" + e.certificateId() + ":" + e.thresholdDays(), e.certificateId(), e.subject(), e.slots(),
                    e.thresholdDays() <= 7 ? Alert.Severity.CRITICAL : Alert.Severity.WARNING,
                    place -> place + " " + AlertText.expiresIn(e.daysLeft()),
                    e.subject() + " expires on " + e.notAfter() + (e.selfSigned() ? " (self-signed)." : "."),
                    certificateFacts(e.subject(), e.thumbprintSha1(), e.notAfter()));
        } else if (data instanceof CertificateExpiredV1 e) {
            note(noteOf(e));
            alerts.raisePerServer(event, AlertKind.CERTIFICATE_EXPIRED, "CERTIFICATE_EXPIRED:" + e.certificateId(),
                    e.certificateId(), e.subject(), e.slots(), Alert.Severity.CRITICAL,
                    place -> place + " " + AlertText.expired(e.notAfter()),
                    e.selfSigned() ? "Self-signed: internal traffic keeps working, but the servers log errors until it is renewed."
                            : "Clients connecting to these services now fail certificate validation.",
                    certificateFacts(e.subject(), e.thumbprintSha1(), e.notAfter()));
        } else if (data instanceof RenewalDueV1 e) {
            note(noteOf(e));
        } else if (data instanceof RenewalPlannedV1 e) {
            CertificateState state = renewal(e.certificateId(), e.renewalId(), e.issuer(), "PLANNED");
            if (!e.slots().isEmpty()) {
                state.slots = slots(e.slots());
            }
        } else if (data instanceof CsrGeneratedV1 e) {
            renewal(e.certificateId(), e.renewalId(), "CSR", "CSR_PENDING");
            alerts.raisePerServer(event, AlertKind.CSR_PENDING, "CSR_PENDING:" + e.renewalId(), e.certificateId(), e.subject(),
                    List.of(), Alert.Severity.WARNING, place -> "CSR ready for " + place + ": submit it to your CA",
                    "Download the request from renewal-service (GET /renewals/" + e.renewalId() + "/csr), have the CA issue it,"
                            + " then upload the certificate and chain (POST /renewals/" + e.renewalId() + "/certificate).",
                    List.of(new Message.Fact("Renewal", e.renewalId()), new Message.Fact("Names", String.join(", ", e.subjectAltNames()))));
        } else if (data instanceof RenewalFailedV1 e) {
            if (e.terminal()) {
                renewal(e.certificateId(), e.renewalId(), null, "FAILED");
            }
            alerts.raisePerServer(event, AlertKind.RENEWAL_FAILED, "RENEWAL_FAILED:" + event.id(), e.certificateId(), null, List.of(),
                    e.terminal() ? Alert.Severity.CRITICAL : Alert.Severity.WARNING,
                    place -> "Renewal of " + place + " failed (" + e.reason() + ")",
                    e.message() + (e.terminal() ? " It will not be retried." : " Attempt " + e.attempt() + "; the next one is at "
                            + e.nextAttemptAt() + "."),
                    List.of(new Message.Fact("Renewal", e.renewalId()), new Message.Fact("Reason", e.reason())));
        } else if (data instanceof RenewalStalledV1 e) {
            alerts.raisePerServer(event, AlertKind.RENEWAL_STALLED, "RENEWAL_STALLED:" + event.id(), e.certificateId(), null, List.of(),
                    Alert.Severity.WARNING, place -> "Renewal of " + place + " stalled in " + e.stage(),
                    "The renewal has been in " + e.stage() + " since " + e.since() + ", longer than its limit of " + e.limit() + ".",
                    List.of(new Message.Fact("Renewal", e.renewalId()), new Message.Fact("Stage", e.stage())));
        } else if (data instanceof PolicyFindingRaisedV1 e) {
            alerts.raisePerServer(event, AlertKind.POLICY_FINDING, "POLICY_FINDING:" + e.findingId(), e.certificateId(), null,
                    e.slot() == null ? List.of() : List.of(e.slot()), findingSeverity(e.severity()),
                    place -> e.ruleId() + ": " + e.message(), e.message(), List.of(new Message.Fact("Rule", e.ruleId())));
        } else if (data instanceof PolicyFindingResolvedV1 e) {
            alerts.resolve(Alert.list("dedupeKey like ?1", "POLICY_FINDING:" + e.findingId() + ":%"), event,
                    "Resolved: " + e.ruleId(), "The finding no longer holds.", List.of(new Message.Fact("Rule", e.ruleId())));
        } else if (data instanceof CertificateIssuedV1 e) {
            issued(event, e);
        } else if (data instanceof ServerCsrRequestedV1 e) {
            tasks.onServerCsrRequested(event, e, renewal(e.certificateId(), e.renewalId(), null, "SERVER_CSR_PENDING"));
        } else if (data instanceof DnsRecordsRequestedV1 e) {
            tasks.onDnsRecordsRequested(event, e, renewal(e.certificateId(), e.renewalId(), null, "DNS_RECORDS_PENDING"));
        } else if (data instanceof DeploymentVerifiedV1 e) {
            verified(event, e);
        } else if (data instanceof DeploymentOverdueV1 e) {
            CertificateState replacement = state(e.certificateId());
            alerts.raisePerServer(event, AlertKind.DEPLOYMENT_OVERDUE, "DEPLOYMENT_OVERDUE:" + e.certificateId(), e.certificateId(),
                    null, e.pending(), Alert.Severity.WARNING,
                    place -> "Replacement " + e.thumbprintSha1() + " for " + place + " not yet seen served",
                    "It was issued " + e.issuedAt() + " and is still not served " + e.deployWithin().toDays()
                            + " days later: the old certificate keeps serving and keeps alerting until its tasks are done.",
                    replacement.subject == null ? List.of() : certificateFacts(replacement.subject, e.thumbprintSha1(), replacement.notAfter));
        }
    }

    /**
     * A replacement is issued: the renewal's own alerts (a CSR waiting, failures, stalls) are resolved; the old
     * certificate's expiry alerts stay open until the replacement is seen served on its slots (a renewal that serves no
     * slot has nothing to wait for: they are resolved now too).
     */
    private void issued(CloudEvent<?> event, CertificateIssuedV1 e) {
        CertificateSummary replacement = e.certificate();
        CertificateState old = e.replacesCertificateId() == null ? null : renewal(e.replacesCertificateId(), e.renewalId(), null, "ISSUED");
        if (old != null) {
            old.replacedBy = replacement.certificateId();
            old.replacedAt = clock.instant();
            boolean nothingToDeploy = e.slots().isEmpty();
            alerts.resolve(Alert.list("certificateId = ?1 and kind in ?2", e.replacesCertificateId(),
                            nothingToDeploy ? CURED_BY_REPLACEMENT : CURED_BY_ISSUANCE), event,
                    "Resolved: " + AlertText.commonName(replacement.subject()) + (nothingToDeploy ? " has a replacement"
                            : "'s replacement is issued"),
                    nothingToDeploy ? "A replacement certificate was issued and no slot is bound to serve it; the alerts about "
                            + "the old one are closed."
                            : "The renewal is done; the expiry alerts stay open until the replacement is seen served.",
                    certificateFacts(replacement.subject(), replacement.thumbprintSha1(), replacement.notAfter()));
        }
        note(said(replacement.certificateId(), replacement.subject(), replacement.thumbprintSha1(), replacement.notAfter(), e.slots()));
        tasks.onIssued(event, e, old);
    }

    /** Seen served on one slot: its tasks there are done; once no slot waits, the old certificate's alerts resolve. */
    private void verified(CloudEvent<?> event, DeploymentVerifiedV1 e) {
        tasks.onVerified(e);
        if (!e.pending().isEmpty()) {
            return;
        }
        CertificateState replacement = state(e.certificateId());
        List<Message.Fact> facts = replacement.subject == null ? List.of()
                : certificateFacts(replacement.subject, e.thumbprintSha1(), replacement.notAfter);
        // one message for everything this cures: the replacement's overdue deployment and the old certificate's alerts
        List<Alert> cured = new ArrayList<>(Alert.list("certificateId = ?1 and kind = ?2", e.certificateId(),
                AlertKind.DEPLOYMENT_OVERDUE));
        if (e.replacesCertificateId() != null) {
            renewal(e.replacesCertificateId(), state(e.replacesCertificateId()).renewalId, null, "VERIFIED");
            cured.addAll(Alert.list("certificateId = ?1 and kind in ?2", e.replacesCertificateId(), CURED_BY_REPLACEMENT));
        }
        alerts.resolve(cured, event, "Resolved: " + AlertText.commonName(replacement.subject) + " is replaced where it served",
                "Its replacement " + e.thumbprintSha1() + " is seen served on every slot (last: " + e.slot().server() + " "
                        + e.slot().service() + "); the alerts about the old certificate and the deployment are closed.", facts);
    }

    private static List<Message.Fact> certificateFacts(String subject, String thumbprint, Instant notAfter) {
        List<Message.Fact> facts = new ArrayList<>();
        facts.add(new Message.Fact("Certificate", subject));
        if (thumbprint != null) {
            facts.add(new Message.Fact("Thumbprint", thumbprint));
        }
        facts.add(new Message.Fact("Expires", notAfter.toString()));
        return facts;
    }

    private static Alert.Severity findingSeverity(Severity severity) {
        return switch (severity) {
            case ERROR -> Alert.Severity.CRITICAL;
            case WARNING -> Alert.Severity.WARNING;
            case INFO -> Alert.Severity.INFO;
        };
    }

    /** Records what an event says of a certificate; the row changes (and {@code updatedAt} moves) only when it differs. */
    private CertificateState note(IntakeBatch.Note said) {
        CertificateState state = state(said.certificateId());
        List<SlotRef> named = said.slots().isEmpty() ? state.slots : said.slots();
        if (!Objects.equals(state.subject, said.subject()) || !Objects.equals(state.thumbprint, said.thumbprint())
                || !Objects.equals(state.notAfter, said.notAfter()) || !Objects.equals(state.slots, named)) {
            state.subject = said.subject();
            state.thumbprint = said.thumbprint();
            state.notAfter = said.notAfter();
            state.slots = named;
            state.updatedAt = clock.instant();
        }
        return state;
    }

    /**
     * What an event says of a certificate, as the state row keeps it: the expiry at PostgreSQL's precision
     * (microseconds, so that comparing with the stored one says whether it changed), servers in lower case.
     */
    private static IntakeBatch.Note said(String certificateId, String subject, String thumbprint, Instant notAfter,
                                         List<SlotRef> slots) {
        return new IntakeBatch.Note(certificateId, subject, thumbprint, notAfter.truncatedTo(ChronoUnit.MICROS), slots(slots));
    }

    /** What an expiry notice or a due renewal says of its certificate ({@link #note}); null for other events. */
    private static IntakeBatch.Note noteOf(EventData data) {
        if (data instanceof CertificateExpiringV1 e) {
            return said(e.certificateId(), e.subject(), e.thumbprintSha1(), e.notAfter(), e.slots());
        } else if (data instanceof CertificateExpiredV1 e) {
            return said(e.certificateId(), e.subject(), e.thumbprintSha1(), e.notAfter(), e.slots());
        } else if (data instanceof RenewalDueV1 e) {
            return said(e.certificate().certificateId(), e.certificate().subject(), e.certificate().thumbprintSha1(),
                    e.certificate().notAfter(), e.slots());
        }
        return null;
    }

    private CertificateState renewal(String certificateId, String renewalId, String issuer, String renewalState) {
        CertificateState state = state(certificateId);
        state.renewalId = renewalId;
        state.renewalIssuer = issuer != null ? issuer : state.renewalIssuer;
        state.renewalState = renewalState;
        state.updatedAt = clock.instant();
        return state;
    }

    /**
     * The certificate's state row, made when missing. Both topics' consumers may make it at the same moment (a
     * replacement's {@code CertificateIssued} and its {@code CertificateDiscovered}): whoever comes second waits for the
     * first and takes its row, rather than failing its whole poll on a duplicate key.
     */
    private CertificateState state(String certificateId) {
        CertificateState state = CertificateState.findById(certificateId);
        if (state == null) {
            entityManager.createNativeQuery("""
                            insert into {h-schema}certificate_state (certificate_id, updated_at) values (?1, ?2)
                            on conflict do nothing""")
                    .setParameter(1, certificateId).setParameter(2, clock.instant()).executeUpdate();
            state = CertificateState.findById(certificateId);
        }
        return state;
    }

    private static List<SlotRef> slots(List<SlotRef> slots) {
        return slots.stream().map(s -> new SlotRef(s.server().toLowerCase(), s.service())).toList();
    }
}
