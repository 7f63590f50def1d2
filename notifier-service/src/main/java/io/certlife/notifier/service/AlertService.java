package io.certlife.notifier.service;

import io.certlife.events.CloudEvent;
import io.certlife.events.EstateEntity;
import io.certlife.events.EventCodec;
import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.certlife.events.SlotRef;
import io.certlife.notifier.Alert;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.CertificateState;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.Refusal;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.estate.EstateView;
import io.certlife.notifier.estate.TransactionMemo;
import io.certlife.notifier.policy.AlertText;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Raises alerts with the hygiene users of Lemur, Uptime Kuma and cert-manager ask for: one alert per
 * (certificate, server, threshold) however many events repeat it; retired slots muted; snoozed and
 * acknowledged alerts stay quiet (acknowledged ones until the next alert is CRITICAL); a replacement closes
 * the old certificate's alerts with one "resolved" message; renewal failures and stalls always alert.
 */
@ApplicationScoped
public class AlertService {

    /** An alert about to be raised for one server (or for the certificate alone when {@code server} is null). */
    record Draft(AlertKind kind, String dedupeKey, String certificateId, String server, List<String> services,
                 Alert.Severity severity, String title, String summary, List<Message.Fact> facts, String sourceEventId,
                 String eventJson) {
    }

    /** How a headline reads for one place, e.g. "mail.contoso.com on CAS01 (IIS)" -> "... expires in 14 days". */
    @FunctionalInterface
    interface Headline {
        String of(String place);
    }

    @Inject
    EstateView estate;

    @Inject
    Deliveries deliveries;

    @Inject
    Clock clock;

    @Inject
    TransactionMemo memo;

    /**
     * Raises one alert per server the certificate's live slots are on (one for the certificate itself when it
     * is bound nowhere; none when every slot is retired).
     *
     * @param dedupePrefix the alert's identity without the server, e.g. "CERTIFICATE_EXPIRING:id:14"
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void raisePerServer(CloudEvent<?> event, AlertKind kind, String dedupePrefix, String certificateId, String subject,
                               List<SlotRef> eventSlots, Alert.Severity severity, Headline headline, String summary,
                               List<Message.Fact> facts) {
        CertificateState state = certificateId == null ? null : CertificateState.findById(certificateId);
        List<SlotRef> slots = !eventSlots.isEmpty() || state == null ? eventSlots : state.slots;
        Map<String, List<ServiceKind>> byServer = new LinkedHashMap<>();
        for (SlotRef slot : slots) {
            if (!estate.retired(slot)) {
                byServer.computeIfAbsent(slot.server().toLowerCase(), s -> new ArrayList<>()).add(slot.service());
            }
        }
        if (slots.isEmpty()) {
            byServer.put(null, List.of());
        }
        String name = AlertText.commonName(subject != null ? subject : state == null ? null : state.subject);
        String renewal = state == null ? null : state.renewalState;
        byServer.forEach((server, services) -> {
            Optional<EstateEntity.Server> known = server == null ? Optional.empty() : estate.server(server);
            String host = known.map(EstateEntity.Server::hostName).orElse(server == null ? null : server.split("\\.")[0].toUpperCase());
            String title = headline.of(AlertText.place(name, host, services));
            if (kind == AlertKind.CERTIFICATE_EXPIRING || kind == AlertKind.CERTIFICATE_EXPIRED) {
                boolean published = server != null && !estate.rulesPublishing(server).isEmpty();
                title = AlertText.withStatus(title, AlertText.status(renewal, state == null ? null : state.replacedAt, published));
            }
            List<String> serviceNames = services.stream().map(Enum::name).toList();
            List<Message.Fact> all = new ArrayList<>(facts);
            if (server != null) {
                all.add(new Message.Fact("Server", server));
                all.add(new Message.Fact("Services", services.isEmpty() ? "-" : String.join(", ", serviceNames)));
            }
            raise(new Draft(kind, dedupePrefix + ":" + (server == null ? "-" : server), certificateId, server, serviceNames,
                    severity, title, summary, all, event.id(), EventCodec.encode(event)));
        });
    }

    /** Raises (or counts another occurrence of) one alert and routes it unless it is snoozed or acknowledged. */
    @Transactional(Transactional.TxType.MANDATORY)
    void raise(Draft draft) {
        Instant now = clock.instant();
        IntakeBatch batch = IntakeBatch.current(memo);
        Alert existing = batch != null && batch.knowsIdentity(draft.kind(), draft.certificateId())
                ? batch.alerts(draft.certificateId()).stream().filter(a -> a.dedupeKey.equals(draft.dedupeKey())).findFirst().orElse(null)
                : Alert.find("dedupeKey", draft.dedupeKey()).firstResult();
        if (existing != null) {
            existing.occurrences++;
            existing.updatedAt = now;
            return;
        }
        Optional<EstateEntity.Server> server = draft.server() == null ? Optional.empty() : estate.server(draft.server());
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.dedupeKey = draft.dedupeKey();
        alert.kind = draft.kind();
        alert.certificateId = draft.certificateId();
        alert.server = draft.server();
        alert.services = draft.services();
        alert.site = server.map(EstateEntity.Server::site).orElse(null);
        alert.owner = server.flatMap(estate::owner).orElse(null);
        alert.severity = draft.severity();
        alert.title = draft.title();
        alert.summary = draft.summary();
        alert.state = Alert.State.OPEN;
        alert.sourceEventId = draft.sourceEventId();
        alert.occurrences = 1;
        alert.createdAt = now;
        alert.updatedAt = now;
        if (!draft.kind().alwaysAlerts()) {
            quietedBy(alert, now, batch).ifPresent(earlier -> {
                alert.state = earlier.state;
                alert.snoozedUntil = earlier.snoozedUntil;
                alert.acknowledgedBy = earlier.acknowledgedBy;
            });
        }
        alert.persist();
        if (batch != null) {
            batch.raised(alert);
        }
        if (alert.state == Alert.State.OPEN) {
            List<Message.Fact> facts = new ArrayList<>(draft.facts());
            if (alert.site != null) {
                facts.add(new Message.Fact("Site", alert.site));
            }
            if (alert.owner != null) {
                facts.add(new Message.Fact("Owner", alert.owner));
            }
            deliveries.routeAlert(alert, server.map(EstateEntity.Server::roles).orElse(List.of()),
                    new Message(alert.severity, alert.title, alert.summary, facts, List.of(), draft.eventJson()));
        }
    }

    /** An earlier alert for the same certificate and server that keeps this one quiet: snoozed, or acknowledged and not yet critical. */
    private Optional<Alert> quietedBy(Alert alert, Instant now, IntakeBatch batch) {
        List<Alert> known = batch == null ? null : batch.alerts(alert.certificateId);
        List<Alert.State> quiet = List.of(Alert.State.SNOOZED, Alert.State.ACKNOWLEDGED);
        List<Alert> earlier = known != null
                ? known.stream().filter(a -> Objects.equals(a.server, alert.server) && quiet.contains(a.state))
                        .sorted(Comparator.comparing((Alert a) -> a.updatedAt).reversed()).toList()
                : alert.server == null
                ? Alert.list("certificateId = ?1 and server is null and state in ?2 order by updatedAt desc",
                        alert.certificateId, quiet)
                : Alert.list("certificateId = ?1 and server = ?2 and state in ?3 order by updatedAt desc",
                        alert.certificateId, alert.server, quiet);
        return earlier.stream().filter(a -> a.state == Alert.State.SNOOZED
                        ? a.snoozedUntil != null && a.snoozedUntil.isAfter(now)
                        : alert.severity != Alert.Severity.CRITICAL)
                .findFirst();
    }

    /**
     * Closes the active alerts of these kinds for a certificate (or with these dedupe keys), cancels what they
     * still had queued, and sends one "resolved" message to every recipient that had heard of them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resolve(List<Alert> alerts, CloudEvent<?> cause, String title, String summary, List<Message.Fact> facts) {
        List<Alert> active = alerts.stream().filter(Alert::isActive).toList();
        if (active.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        active.forEach(a -> {
            a.state = Alert.State.RESOLVED;
            a.updatedAt = now;
        });
        List<Deliveries.Route> told = deliveries.cancelPending(active.stream().map(a -> a.id).toList());
        Message message = new Message(Alert.Severity.INFO, title, summary, facts,
                active.stream().map(a -> "resolved: " + a.title).toList(), EventCodec.encode(cause));
        told.forEach(route -> deliveries.queue(cause.id(), route, Delivery.Kind.RESOLVED, active.get(0).id, null, message,
                Deliveries.Hold.NOW));
    }

    @Transactional
    public Alert acknowledge(UUID id, String by) {
        Alert alert = active(id);
        alert.state = Alert.State.ACKNOWLEDGED;
        alert.acknowledgedBy = by == null || by.isBlank() ? "unknown" : by;
        alert.updatedAt = clock.instant();
        deliveries.cancelPending(List.of(alert.id));
        return alert;
    }

    @Transactional
    public Alert snooze(UUID id, Instant until) {
        if (until == null || !until.isAfter(clock.instant())) {
            throw Refusal.invalid("snooze needs 'until' in the future (an ISO-8601 instant such as 2026-12-01T08:00:00Z)");
        }
        Alert alert = active(id);
        alert.state = Alert.State.SNOOZED;
        alert.snoozedUntil = until;
        alert.updatedAt = clock.instant();
        deliveries.cancelPending(List.of(alert.id));
        return alert;
    }

    private static Alert active(UUID id) {
        Alert alert = Alert.findById(id);
        if (alert == null) {
            throw Refusal.notFound("no alert " + id);
        }
        if (!alert.isActive()) {
            throw Refusal.conflict("alert " + id + " is already resolved");
        }
        return alert;
    }

    /** Alerts, newest first, optionally of one certificate, server or state. */
    public List<Alert> search(String certificateId, String server, Alert.State state) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (certificateId != null) {
            where.add("certificateId = :certificateId");
            parameters.and("certificateId", certificateId);
        }
        if (server != null) {
            where.add("server = :server");
            parameters.and("server", server.toLowerCase());
        }
        if (state != null) {
            where.add("state = :state");
            parameters.and("state", state);
        }
        return where.isEmpty() ? Alert.listAll(Sort.descending("createdAt"))
                : Alert.list(String.join(" and ", where), Sort.descending("createdAt"), parameters);
    }
}
