package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.delivery.ReconcileConfig;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalPlannedV1;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;
import java.time.Instant;
import io.certlife.events.KeyCustody;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.SlotRef;
import io.certlife.events.MaintenanceWindow;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.Server;
import io.certlife.inventory.Site;
import io.certlife.inventory.config.WindowsConfig;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.Slot;
import io.certlife.inventory.estate.EstateChanged;
import io.certlife.inventory.pki.CertificatePem;
import io.certlife.inventory.policy.PlanningFacts.SlotUse;
import io.certlife.inventory.policy.PlanningRules;
import io.certlife.inventory.policy.RenewalTime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps each certificate's renewal time and emits {@code RenewalDue} once per certificate when it has
 * come. The renewal time uses the certificate's own renewBefore, else the longest renewBefore of the
 * slots it serves (the slot that needs the most lead time decides), else two thirds of the lifetime. The
 * once is durable: a row in {@code lifecycle_notice} whose primary key no second sweep or replica can insert again.
 */
@ApplicationScoped
public class RenewalScheduler {

    static final String RENEWAL_DUE = "RENEWAL_DUE";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    LifecycleNotices lifecycle;

    @Inject
    FindingsService findings;

    @Inject
    ReconcileConfig reconcile;

    @Inject
    MeterRegistry meters;

    @Inject
    WindowsConfig windows;

    private static final Logger LOG = Logger.getLogger(RenewalScheduler.class);

    /**
     * Recomputes and stores the certificate's renewal time: its renew-before rule, or earlier when a site it serves
     * has maintenance windows and the last one that ends a safety margin before expiry comes sooner than the issuance
     * lead after that (the renewal is planned earlier rather than activated in an emergency).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(Certificate certificate) {
        Instant byRule = RenewalTime.of(certificate.notBefore, certificate.notAfter, renewBefore(certificate));
        Instant deadline = certificate.notAfter.minus(windows.safetyMargin());
        Instant latest = byRule;
        for (Site site : sitesWithWindows(liveSlots(List.of(certificate.id))).getOrDefault(certificate.id, List.of())) {
            Optional<MaintenanceWindow.Occurrence> last = MaintenanceWindow.last(site.maintenanceWindows, ZoneId.of(site.timeZone),
                    certificate.notBefore, deadline);
            if (last.isPresent() && last.get().start().minus(windows.issuanceLead()).isBefore(latest)) {
                latest = last.get().start().minus(windows.issuanceLead());
            }
        }
        certificate.renewalAt = latest.isBefore(certificate.notBefore) ? certificate.notBefore : latest;
    }

    /** Each certificate's live (not retired) slots, as the one intended or as the pending replacement, in one query. */
    private static Map<UUID, List<Slot>> liveSlots(Collection<UUID> certificateIds) {
        Set<UUID> wanted = new HashSet<>(certificateIds);
        Map<UUID, List<Slot>> slots = new HashMap<>();
        for (Slot slot : Slot.ofCertificates(wanted)) {
            for (UUID id : Arrays.asList(slot.certificateId, slot.pendingCertificateId)) {
                if (!slot.retired && id != null && wanted.contains(id)) {
                    slots.computeIfAbsent(id, key -> new ArrayList<>()).add(slot);
                }
            }
        }
        return slots;
    }

    /** For each certificate, the sites with maintenance windows whose servers hold a live slot of it, by name. */
    private static Map<UUID, List<Site>> sitesWithWindows(Map<UUID, List<Slot>> liveSlots) {
        List<String> servers = liveSlots.values().stream().flatMap(List::stream).map(s -> s.key.serverFqdn()).distinct().toList();
        if (servers.isEmpty()) {
            return Map.of();
        }
        List<Site> withWindows = Site.<Site>list("order by name").stream()
                .filter(site -> site.maintenanceWindows != null && !site.maintenanceWindows.isEmpty()).toList();
        if (withWindows.isEmpty()) {
            return Map.of();
        }
        Map<String, String> siteOf = new HashMap<>();
        Server.<Server>list("fqdn in ?1", servers).forEach(server -> siteOf.put(server.fqdn, server.site));
        Map<UUID, List<Site>> sites = new HashMap<>();
        liveSlots.forEach((id, slots) -> {
            Set<String> names = slots.stream().map(s -> siteOf.get(s.key.serverFqdn())).filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            sites.put(id, withWindows.stream().filter(site -> names.contains(site.name)).toList());
        });
        return sites;
    }

    /** Per site with windows, the window the replacement is planned into now (none fits: start and end null). */
    private List<RenewalDueV1.ActivationWindow> activationWindows(Certificate certificate, List<Site> sitesWithWindows) {
        Instant earliest = clock.instant().plus(windows.issuanceLead());
        Instant deadline = certificate.notAfter.minus(windows.safetyMargin());
        return sitesWithWindows.stream().map(site -> MaintenanceWindow.next(site.maintenanceWindows,
                        ZoneId.of(site.timeZone), earliest, deadline)
                .map(o -> new RenewalDueV1.ActivationWindow(site.name, o.start(), o.end()))
                .orElse(new RenewalDueV1.ActivationWindow(site.name, null, null))).toList();
    }

    /** The renewal time of a certificate just stored: no slot serves it yet, so only its own renew-before counts. */
    public void refreshNew(Certificate certificate) {
        certificate.renewalAt = RenewalTime.of(certificate.notBefore, certificate.notAfter, certificate.renewBefore());
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

    private RenewalRequirements requirements(List<SlotUse> uses, List<Slot> liveSlots) {
        PlanningRules.Requirements r = PlanningRules.requirements(uses, clock.instant());
        return new RenewalRequirements(r.requiredNames(), r.firstName(), r.rsaRequired(), r.maxValidityDays(), custody(liveSlots));
    }

    /**
     * ON_SERVER when every live slot of the certificate says so and they are all on one server (a key made on a server
     * stays there, so it cannot serve another); otherwise CENTRAL.
     */
    private static KeyCustody custody(List<Slot> slots) {
        boolean onServer = !slots.isEmpty() && slots.stream().allMatch(s -> s.keyCustody == KeyCustody.ON_SERVER)
                && slots.stream().map(s -> s.key.serverFqdn()).distinct().count() == 1;
        return onServer ? KeyCustody.ON_SERVER : KeyCustody.CENTRAL;
    }

    /**
     * "Renew now": emits {@code RenewalDue} at once, naming who asked; renewal-service dedupes by (certificate,
     * generation).
     */
    @Transactional
    public void renewNow(UUID id, String requestedBy) {
        Certificate certificate = Certificate.findById(id);
        if (certificate == null) {
            throw Refusal.notFound("no certificate with id " + id);
        }
        if (Certificate.count("replacesId", id) > 0) {
            throw Refusal.conflict("certificate " + id + " has been replaced already: renew its replacement");
        }
        lifecycle.claim(List.of(id), List.of(RENEWAL_DUE));
        outbox.publishAll(renewalDue(List.of(certificate), requestedBy));
    }

    /** renewal-service has planned the certificate's renewal ({@code RenewalPlanned}): its RenewalDue arrived. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledged(RenewalPlannedV1 planned) {
        lifecycle.acknowledgeRenewal(UUID.fromString(planned.certificateId()));
    }

    /**
     * Reconciliation: emits {@code RenewalDue} again for certificates whose renewal nobody acknowledged within
     * {@code certlife.reconcile.after} (the event, or renewal's answer, was lost or dead-lettered) and that have no
     * replacement; renewal-service dedupes by (certificate, generation), so a late acknowledgement costs nothing.
     * Idempotent and safe on every replica (the notices are claimed with SKIP LOCKED). Returns how many it re-emitted.
     */
    @Transactional
    public int reemitUnacknowledged(Instant now) {
        List<UUID> ids = lifecycle.claimUnacknowledgedRenewals(now.minus(reconcile.after()), 500);
        if (ids.isEmpty()) {
            return 0;
        }
        List<Certificate> certificates = Certificate.list("id in ?1", ids);
        outbox.publishAll(renewalDue(certificates, null));
        meters.counter("certlife.reconcile.repairs", "loop", "renewal-due").increment(certificates.size());
        LOG.infof("Reconciliation: RenewalDue emitted again for %d certificates whose renewal was not acknowledged within %s",
                certificates.size(), reconcile.after());
        return certificates.size();
    }

    @Scheduled(every = "${certlife.reconcile.interval:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        reemitUnacknowledged(clock.instant());
    }

    /** The {@code RenewalDue} events of certificates whose notice was just claimed ({@code requestedBy}: null when due). */
    List<CloudEvent<?>> renewalDue(List<Certificate> certificates, String requestedBy) {
        List<UUID> ids = certificates.stream().map(c -> c.id).toList();
        // what every plan needs, read for all of them at once: a sweep emits thousands
        Map<UUID, List<SlotRef>> slots = lifecycle.activeSlots(ids);
        Set<UUID> exportable = lifecycle.publishedByIsa(ids);
        Map<UUID, List<SlotUse>> uses = findings.uses(ids);
        Map<UUID, List<Slot>> live = liveSlots(ids);
        Map<UUID, List<Site>> sites = sitesWithWindows(live);
        List<CloudEvent<?>> events = new ArrayList<>(certificates.size());
        for (Certificate certificate : certificates) {
            events.add(CloudEvent.create(CertificateEvents.SOURCE, certificate.id.toString(),
                    new RenewalDueV1(CertificateEvents.summary(certificate), certificate.generation + 1, certificate.renewalAt,
                            slots.getOrDefault(certificate.id, List.of()), exportable.contains(certificate.id),
                            requirements(uses.getOrDefault(certificate.id, List.of()), live.getOrDefault(certificate.id, List.of())),
                            requestedBy, CertificatePem.of(List.of(certificate.der)),
                            activationWindows(certificate, sites.getOrDefault(certificate.id, List.of()))),
                    clock));
        }
        return events;
    }
}
