package io.certlife.renewal.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.DnsRecordsRequestedV1;
import io.certlife.outbound.OutboundRefused;
import io.certlife.renewal.Refusal;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.client.InventoryClient;
import io.certlife.renewal.config.AcmeConfig;
import io.certlife.renewal.issuer.Issuer;
import io.certlife.renewal.issuer.acme.AcmeCa;
import io.certlife.renewal.issuer.acme.AcmeFailure;
import io.certlife.renewal.issuer.acme.AcmeIssuer;
import io.certlife.renewal.issuer.acme.AcmeOrder;
import io.certlife.renewal.issuer.acme.AriCheck;
import io.certlife.renewal.issuer.acme.ChallengeDns;
import io.certlife.renewal.issuer.csr.CsrIssuer;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.PkiException;
import io.certlife.renewal.policy.AriSchedule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.hibernate.Timeouts;
import org.hibernate.jpa.AvailableHints;
import org.jboss.logging.Logger;

/**
 * Carries ACME orders through the CA, one step per look: place the order and write (or ask an operator for) the
 * dns-01 TXT records; once every authoritative server answers with them, tell the CA to look; finalize with the
 * renewal's CSR once the names are proven; fetch and accept the certificate (its key, its names, its chain to the
 * ACME issuer's trust anchors) and announce it with {@code CertificateIssued}. Orders are claimed with a lease
 * ({@code FOR UPDATE SKIP LOCKED}, then {@code next_check_at} moved past the lease), so replicas share them and a
 * replica that dies mid-step only delays its orders; the CA is asked outside any transaction. A failure is recorded
 * on the renewal as any other ({@code RenewalFailed}, the durable backoff, the CA's Retry-After when later) and a
 * passing one starts a new order at the renewal's next attempt time.
 */
@ApplicationScoped
public class AcmeProgress {

    private static final Logger LOG = Logger.getLogger(AcmeProgress.class);
    private static final int CLAIM = 20;
    private static final Duration SOON = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    @Inject
    AcmeConfig acme;

    @Inject
    AcmeCa ca;

    @Inject
    ChallengeDns dns;

    @Inject
    CsrIssuer csrIssuer;

    @Inject
    Issuance issuance;

    @Inject
    RenewalPlanner planner;

    @Inject
    Outbox outbox;

    @Inject
    InventoryClient inventory;

    @Inject
    Clock clock;

    private final RandomGenerator random = new SecureRandom();

    /** What one step needs to know, read when the order was claimed. */
    private record Work(UUID renewalId, String certificateId, AcmeOrder.Stage stage, String orderUrl,
                        List<AcmeOrder.DnsChallenge> challenges, Instant publishedAt, List<String> names, String csrPem,
                        Optional<X509Certificate> replaces) {
    }

    /** A certificate whose renewal window is to be asked for. */
    private record Watch(UUID certificateId, X509Certificate certificate, Instant renewAt, Instant requestedAt) {
    }

    @Scheduled(every = "${certlife.acme.poll-interval:5s}", delay = 5, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (acme.directory().isPresent()) {
            advance();
            checkRenewalWindows();
        }
    }

    /** Takes one step on every order whose time has come; returns how many it looked at. */
    public int advance() {
        List<Work> claimed = QuarkusTransaction.requiringNew().call(this::claim);
        for (Work work : claimed) {
            try {
                step(work);
            } catch (AcmeFailure failure) {
                removeRecords(work);
                QuarkusTransaction.requiringNew().run(() -> fail(work.renewalId(), failure));
            }
        }
        return claimed.size();
    }

    private List<Work> claim() {
        Instant now = clock.instant();
        List<Work> claimed = new ArrayList<>();
        for (AcmeOrder order : AcmeOrder.<AcmeOrder>find("nextCheckAt <= ?1 order by nextCheckAt", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).withHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
                .page(0, CLAIM).list()) {
            Renewal renewal = Renewal.findById(order.renewalId);
            if (renewal.state != Renewal.State.AWAITING_CERTIFICATE) {
                order.delete();
                continue;
            }
            order.nextCheckAt = now.plus(acme.lease());
            claimed.add(new Work(order.renewalId, renewal.certificateId, order.stage, order.orderUrl, order.challenges,
                    order.publishedAt, AcmeIssuer.names(renewal), renewal.csrPem, issuedHere(renewal.certificateId)));
        }
        return claimed;
    }

    /** The certificate being replaced, when this ACME issuer made it (sent as the order's {@code replaces}). */
    private static Optional<X509Certificate> issuedHere(String certificateId) {
        UUID id;
        try {
            id = UUID.fromString(certificateId);
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
        return Renewal.<Renewal>find("newCertificateId = ?1 and issuer = ?2 and certificatePem is not null", id, AcmeIssuer.NAME)
                .firstResultOptional().map(previous -> Pem.certificates(previous.certificatePem).get(0));
    }

    /**
     * Asks the CA for the renewal window (ARI) of each certificate it issued whose time to ask has come, chooses the
     * renewal time in it ({@link AriSchedule}), and asks inventory to make the certificate due once that time has come.
     * A CA without ARI leaves the certificate to inventory's own rule (its renew-before).
     */
    public int checkRenewalWindows() {
        List<Watch> due = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<Watch> watches = new ArrayList<>();
            for (AriCheck check : AriCheck.<AriCheck>find("nextCheckAt <= ?1 order by nextCheckAt", now)
                    .withLock(LockModeType.PESSIMISTIC_WRITE).withHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
                    .page(0, CLAIM).list()) {
                Renewal issued = Renewal.findById(check.renewalId);
                if (Renewal.count("certificateId", check.certificateId.toString()) > 0 || issued.certificatePem == null) {
                    check.delete(); // its own renewal has begun
                    continue;
                }
                check.nextCheckAt = now.plus(acme.lease());
                watches.add(new Watch(check.certificateId, Pem.certificates(issued.certificatePem).get(0), check.renewAt, check.requestedAt));
            }
            return watches;
        });
        for (Watch watch : due) {
            Instant now = clock.instant();
            Optional<AcmeCa.Window> window;
            try {
                window = ca.renewalInfo(watch.certificate());
            } catch (AcmeFailure failure) {
                LOG.infof("renewal window of certificate %s not known yet: %s", watch.certificateId(), failure.getMessage());
                continue; // asked again when the lease ends
            }
            if (window.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> AriCheck.deleteById(watch.certificateId()));
                continue;
            }
            Instant renewAt = AriSchedule.renewAt(window.get().start(), window.get().end(), watch.renewAt(), now, random);
            boolean replaced = false;
            Instant requestedAt = watch.requestedAt();
            if (!renewAt.isAfter(now) && requestedAt == null) {
                try {
                    inventory.requestRenewal(watch.certificateId().toString());
                    requestedAt = now;
                } catch (Refusal refusal) {
                    replaced = refusal.kind() == Refusal.Kind.CONFLICT || refusal.kind() == Refusal.Kind.NOT_FOUND;
                    LOG.infof("certificate %s is due in its ACME renewal window, but inventory-service refused: %s",
                            watch.certificateId(), refusal.getMessage());
                }
            }
            boolean done = replaced;
            Instant asked = requestedAt;
            QuarkusTransaction.requiringNew().run(() -> {
                AriCheck check = AriCheck.findById(watch.certificateId());
                if (check == null) {
                    return;
                }
                if (done) {
                    check.delete();
                    return;
                }
                check.windowStart = window.get().start();
                check.windowEnd = window.get().end();
                check.renewAt = renewAt;
                check.requestedAt = asked;
                check.nextCheckAt = AriSchedule.nextCheck(window.get().retryAfter(), now);
            });
        }
        return due.size();
    }

    private void step(Work work) throws AcmeFailure {
        switch (work.stage()) {
            case ORDER -> place(work);
            case PUBLISHED -> checkRecords(work);
            case VALIDATING, FINALIZING -> follow(work);
        }
    }

    private void place(Work work) throws AcmeFailure {
        AcmeCa.Placed placed = ca.order(work.names(), name -> dns.zoneOf(name).map(AcmeConfig.Zone::domain).orElse(null),
                work.replaces());
        List<DnsRecordsRequestedV1.TxtRecord> manual = new ArrayList<>();
        Instant now = clock.instant();
        Instant until = now;
        for (AcmeOrder.DnsChallenge challenge : placed.challenges()) {
            AcmeConfig.Zone zone = zone(challenge);
            until = later(until, now.plus(ChallengeDns.propagationTimeout(zone)));
            if (zone.solver() == AcmeConfig.Solver.MANUAL) {
                manual.add(new DnsRecordsRequestedV1.TxtRecord(zone.domain(), challenge.name(), challenge.value()));
            } else {
                dnsCall(() -> dns.publish(zone, challenge.name(), challenge.value()), AcmeFailure.DNS_UPDATE_FAILED,
                        "the TXT record " + challenge.name() + " could not be written");
            }
        }
        Instant deadline = until;
        QuarkusTransaction.requiringNew().run(() -> {
            AcmeOrder order = AcmeOrder.findById(work.renewalId());
            order.orderUrl = placed.orderUrl();
            order.challenges = placed.challenges();
            order.publishedAt = now;
            order.stage = placed.challenges().isEmpty() ? AcmeOrder.Stage.VALIDATING : AcmeOrder.Stage.PUBLISHED;
            order.nextCheckAt = now;
            if (!manual.isEmpty()) {
                outbox.publish(CloudEvent.create(Issuance.SOURCE, work.renewalId().toString(), new DnsRecordsRequestedV1(
                        work.renewalId().toString(), work.certificateId(), manual, deadline), clock));
            }
        });
    }

    private void checkRecords(Work work) throws AcmeFailure {
        Instant now = clock.instant();
        for (AcmeOrder.DnsChallenge challenge : work.challenges()) {
            AcmeConfig.Zone zone = zone(challenge);
            boolean visible;
            try {
                visible = dns.visible(zone, challenge.name(), challenge.value());
            } catch (OutboundRefused e) {
                throw AcmeFailure.passing(AcmeFailure.OUTBOUND_REFUSED, "an authoritative server of " + zone.domain() + " is refused: " + e.getMessage());
            } catch (IOException e) {
                visible = false;
            }
            if (!visible) {
                Duration timeout = ChallengeDns.propagationTimeout(zone);
                if (now.isAfter(work.publishedAt().plus(timeout))) {
                    throw AcmeFailure.passing(AcmeFailure.DNS_RECORD_NOT_VISIBLE, "TXT " + challenge.name() + " was not answered by every "
                            + "authoritative server of " + zone.domain() + " " + zone.authoritative() + " within " + timeout);
                }
                Duration waited = Duration.between(work.publishedAt(), now);
                Duration next = waited.dividedBy(10).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : later(waited.dividedBy(10), SOON);
                at(work, AcmeOrder.Stage.PUBLISHED, now.plus(next));
                return;
            }
        }
        ca.trigger(work.challenges());
        at(work, AcmeOrder.Stage.VALIDATING, now.plus(SOON));
    }

    private void follow(Work work) throws AcmeFailure {
        Instant now = clock.instant();
        AcmeCa.Progress progress = ca.progress(work.orderUrl());
        if (progress instanceof AcmeCa.Waiting waiting) {
            at(work, work.stage(), earlier(later(waiting.after(), now.plus(SOON)), now.plus(LONGEST_WAIT)));
        } else if (progress instanceof AcmeCa.Ready) {
            ca.finalizeOrder(work.orderUrl(), Pem.der(work.csrPem()));
            at(work, AcmeOrder.Stage.FINALIZING, now.plus(SOON));
        } else {
            List<X509Certificate> chain = ((AcmeCa.Issued) progress).chain();
            QuarkusTransaction.requiringNew().run(() -> accept(work.renewalId(), chain));
            removeRecords(work);
        }
    }

    private void accept(UUID renewalId, List<X509Certificate> chain) {
        Renewal renewal = Renewal.findById(renewalId, LockModeType.PESSIMISTIC_WRITE);
        AcmeOrder.deleteById(renewalId);
        if (renewal.state != Renewal.State.AWAITING_CERTIFICATE) {
            return;
        }
        Issuer.Issued issued;
        try {
            issued = csrIssuer.accept(renewal, chain, AcmeIssuer.NAME);
        } catch (PkiException e) {
            outbox.publish(planner.failed(renewal, AcmeFailure.UNTRUSTED_CERTIFICATE, "the CA's certificate is refused: "
                    + e.getMessage(), true, null));
            return;
        }
        renewal.attempts = 0;
        renewal.nextAttemptAt = null;
        renewal.failureReason = null;
        renewal.failureMessage = null;
        outbox.publish(issuance.issued(renewal, issued));
        AriCheck.of(renewal.newCertificateId, renewal.id, clock.instant()).persist();
    }

    private void fail(UUID renewalId, AcmeFailure failure) {
        Renewal renewal = Renewal.findById(renewalId, LockModeType.PESSIMISTIC_WRITE);
        AcmeOrder order = AcmeOrder.findById(renewalId);
        if (order == null || renewal.state != Renewal.State.AWAITING_CERTIFICATE) {
            return;
        }
        outbox.publish(planner.failed(renewal, failure.reason(), failure.getMessage(), failure.terminal(), failure.retryAfter()));
        if (failure.terminal()) {
            order.delete();
        } else {
            order.restartAt(renewal.nextAttemptAt);
        }
        LOG.infof("ACME renewal %s: %s (%s), attempt %d%s", renewalId, failure.reason(), failure.getMessage(), renewal.attempts,
                failure.terminal() ? ", final" : ", next at " + renewal.nextAttemptAt);
    }

    private void at(Work work, AcmeOrder.Stage stage, Instant next) {
        QuarkusTransaction.requiringNew().run(() -> {
            AcmeOrder order = AcmeOrder.findById(work.renewalId());
            if (order != null) {
                order.stage = stage;
                order.nextCheckAt = next;
            }
        });
    }

    /** Removes the order's RFC 2136 records; a record left behind is harmless (a stale value), so failures are only logged. */
    private void removeRecords(Work work) {
        for (AcmeOrder.DnsChallenge challenge : work.challenges()) {
            Optional<AcmeConfig.Zone> zone = dns.zoneOf(challenge.domain());
            if (zone.isPresent() && zone.get().solver() == AcmeConfig.Solver.RFC2136) {
                try {
                    dns.remove(zone.get(), challenge.name(), challenge.value());
                } catch (IOException | OutboundRefused e) {
                    LOG.warnf("the TXT record %s could not be removed: %s", challenge.name(), e.getMessage());
                }
            }
        }
    }

    private AcmeConfig.Zone zone(AcmeOrder.DnsChallenge challenge) throws AcmeFailure {
        return dns.zoneOf(challenge.domain()).orElseThrow(() -> new AcmeFailure(AcmeFailure.REFUSED, challenge.domain()
                + " is in no zone of certlife.acme.zones any more", true, null));
    }

    private interface DnsCall {
        void run() throws IOException, OutboundRefused;
    }

    private static void dnsCall(DnsCall call, String reason, String what) throws AcmeFailure {
        try {
            call.run();
        } catch (OutboundRefused e) {
            throw AcmeFailure.passing(AcmeFailure.OUTBOUND_REFUSED, what + ": " + e.getMessage());
        } catch (IOException e) {
            throw AcmeFailure.passing(reason, what + ": " + e.getMessage());
        }
    }

    private static <T extends Comparable<? super T>> T later(T a, T b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static <T extends Comparable<? super T>> T earlier(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
