package io.certlife.notifier.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.events.EstateEntity;
import io.certlife.events.EventCodec;
import io.certlife.events.KeyCustody;
import io.certlife.events.DnsRecordsRequestedV1;
import io.certlife.events.MaintenanceWindow;
import io.certlife.events.ServerCsrRequestedV1;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.certlife.events.SlotRef;
import io.certlife.events.TaskCompletedV1;
import io.certlife.events.TaskCreatedV1;
import io.certlife.notifier.Alert;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.CertificateState;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.OperatorTask;
import io.certlife.notifier.Refusal;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.config.NotifierConfig;
import io.certlife.notifier.estate.EstateView;
import io.certlife.notifier.policy.AlertText;
import io.certlife.notifier.policy.TaskSteps;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Operator tasks: created when a certificate is issued (ISA export per ISA server and listener, Exchange
 * import/enable per server, both delivering the PFX of the key certlife made; EdgeSync re-subscription after an Edge
 * renewal), moved through their lifecycle over REST, done only once the new certificate is seen served, and re-alerted
 * when overdue. {@code TaskCreated} and {@code TaskCompleted} go through the outbox.
 */
@ApplicationScoped
public class TaskService {

    @Inject
    EstateView estate;

    @Inject
    Deliveries deliveries;

    @Inject
    AlertService alerts;

    @Inject
    Outbox outbox;

    @Inject
    NotifierConfig config;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void onIssued(CloudEvent<?> event, CertificateIssuedV1 issued, CertificateState old) {
        CertificateSummary cert = issued.certificate();
        boolean central = issued.keyCustody() == KeyCustody.CENTRAL;
        Instant due = due(old);
        // the renewal's slots are those of its RenewalDue; what the notifier heard since (expiry notices) may be newer
        List<SlotRef> slots = !issued.slots().isEmpty() || old == null ? issued.slots() : old.slots;
        Map<String, List<ServiceKind>> servicesByServer = new LinkedHashMap<>();
        for (SlotRef slot : slots) {
            if (slot.service() != ServiceKind.ISA_LISTENER) {
                servicesByServer.computeIfAbsent(slot.server().toLowerCase(), s -> new ArrayList<>()).add(slot.service());
            }
        }
        if (issued.replacesCertificateId() != null) {
            for (OperatorTask request : OperatorTask.<OperatorTask>list("kind in ?1 and certificateId = ?2 and state in ?3",
                    List.of(OperatorTask.Kind.SERVER_CSR, OperatorTask.Kind.DNS_RECORD), issued.replacesCertificateId(),
                    List.of(OperatorTask.State.OPEN, OperatorTask.State.IN_PROGRESS))) {
                move(request, OperatorTask.State.DONE, (request.kind == OperatorTask.Kind.SERVER_CSR ? "the request was handed in"
                        : "the CA saw the records") + " and " + cert.thumbprintSha1() + " issued for it");
            }
        }
        Map<List<String>, Set<String>> isaListeners = new LinkedHashMap<>();
        Map<List<String>, String> keyOn = new LinkedHashMap<>();
        String oldThumbprint = old == null ? null : old.thumbprint;
        servicesByServer.forEach((server, services) -> {
            Optional<EstateEntity.Server> facts = estate.server(server);
            String host = host(server, facts);
            String owner = facts.flatMap(estate::owner).orElse(null);
            String profile = facts.map(EstateEntity.Server::pfxProfile).orElse("MODERN");
            Activation activation = activation(event, cert, server, host, services, facts, due);
            activation.plan(create(event, OperatorTask.Kind.EXCHANGE_ENABLE, server, null, cert.certificateId(), issued.replacesCertificateId(),
                    cert.thumbprintSha1(), activation.due(), owner,
                    "Enable " + cert.thumbprintSha1() + " on " + host + " for " + TaskSteps.exchangeServices(services),
                    central ? TaskSteps.exchangeEnable(host, cert.thumbprintSha1(), oldThumbprint, services, profile,
                            issued.exportableKey())
                            : TaskSteps.exchangeEnableServerKey(host, cert.certificateId(), cert.thumbprintSha1(), oldThumbprint,
                            services),
                    List.of("Get-ExchangeCertificate -Server " + host + " -Thumbprint " + cert.thumbprintSha1()
                            + " lists Services " + TaskSteps.exchangeServices(services),
                            "certlife sees " + cert.thumbprintSha1() + " served on " + host + " (marking the task done "
                                    + "probes it; it stays VERIFYING until then)"), central ? profile : null));
            if (facts.map(f -> f.roles().contains(ServerRole.EDGE_TRANSPORT)).orElse(false)) {
                activation.plan(create(event, OperatorTask.Kind.EDGESYNC_RESUBSCRIBE, server, null, cert.certificateId(),
                        issued.replacesCertificateId(), cert.thumbprintSha1(), activation.due(), owner,
                        "Re-create the EdgeSync subscription of " + host, TaskSteps.edgeSync(host, facts.get().site()),
                        List.of("Test-EdgeSynchronization reports SyncStatus Normal"), null));
            }
            for (EstateEntity.PublishingRule rule : estate.rulesPublishing(server)) {
                List<String> key = List.of(rule.isaServer(), rule.webListener());
                isaListeners.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(rule.publicHostName());
                keyOn.putIfAbsent(key, host);
            }
        });
        isaListeners.forEach((key, hosts) -> {
            String isa = key.get(0);
            String listener = key.get(1);
            Optional<EstateEntity.Server> facts = estate.server(isa);
            String host = host(isa, facts);
            // ISA 2006 runs on Windows Server 2003: LEGACY unless inventory says the ISA server's OS imports MODERN.
            String profile = facts.map(EstateEntity.Server::pfxProfile).orElse("LEGACY");
            String cn = AlertText.commonName(cert.subject());
            List<String> publicHosts = List.copyOf(hosts);
            Activation activation = activation(event, cert, isa, host, List.of(ServiceKind.ISA_LISTENER), facts, due);
            activation.plan(create(event, OperatorTask.Kind.ISA_EXPORT, isa, listener, cert.certificateId(), issued.replacesCertificateId(),
                    cert.thumbprintSha1(), activation.due(), facts.flatMap(estate::owner).orElse(null),
                    "Export " + cn + " to " + host + " and bind it to listener " + listener,
                    TaskSteps.isaExport(host, listener, publicHosts, cert.thumbprintSha1(), profile, central ? null : keyOn.get(key)),
                    publicHosts.stream().map(h -> TaskSteps.isaNameCheck(h, cn, cert.subjectAltNames())).toList(),
                    central ? profile : null));
        });
    }

    /** When a server's activation tasks are due, and in which maintenance window of its site. */
    private record Activation(Instant due, MaintenanceWindow.Occurrence window, String site, ZoneId zone) {

        /** Plans the task (null when it existed already) into the window: its fields, and a first step naming it. */
        void plan(OperatorTask task) {
            if (task == null || window == null) {
                return;
            }
            task.windowStart = window.start();
            task.windowEnd = window.end();
            List<String> steps = new ArrayList<>();
            steps.add(TaskSteps.inWindow(site, window.start().atZone(zone), window.end().atZone(zone)));
            steps.addAll(task.steps);
            task.steps = steps;
        }
    }

    /**
     * Activation goes into the next maintenance window of the server's site that ends by the deadline (the old
     * certificate's expiry less the due margin); the task is due at the window's end. A site without windows: due at
     * the deadline. A site whose windows all come too late: due at the deadline, and an emergency alert to the
     * server's owner (its site's by default) says that no window fits.
     */
    private Activation activation(CloudEvent<?> event, CertificateSummary cert, String server, String host, List<ServiceKind> services,
                                  Optional<EstateEntity.Server> facts, Instant deadline) {
        Optional<EstateEntity.Site> site = facts.flatMap(f -> estate.site(f.site()));
        if (site.isEmpty() || site.get().maintenanceWindows().isEmpty()) {
            return new Activation(deadline, null, null, null);
        }
        ZoneId zone = ZoneId.of(site.get().timeZone());
        Optional<MaintenanceWindow.Occurrence> window = MaintenanceWindow.next(site.get().maintenanceWindows(), zone, clock.instant(), deadline);
        if (window.isPresent()) {
            return new Activation(window.get().end(), window.get(), site.get().name(), zone);
        }
        alerts.raise(new AlertService.Draft(AlertKind.MAINTENANCE_WINDOW_MISSED, "MAINTENANCE_WINDOW_MISSED:" + cert.certificateId()
                + ":" + server, cert.certificateId(), server, services.stream().map(ServiceKind::name).toList(), Alert.Severity.CRITICAL,
                "No maintenance window of site " + site.get().name() + " fits: activate " + cert.thumbprintSha1() + " on " + host
                        + " as an emergency change",
                "Site " + site.get().name() + "'s next maintenance window ends after " + deadline.atZone(zone)
                        + ", when the old certificate is a day from expiry. Schedule an emergency change, or add a window.",
                List.of(new Message.Fact("Site", site.get().name()), new Message.Fact("Deadline", deadline.atZone(zone).toString())),
                event.id(), null));
        return new Activation(deadline, null, site.get().name(), zone);
    }

    /** A renewal waits for the server's CSR (custody ON_SERVER): the server's owner gets the exact command. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onServerCsrRequested(CloudEvent<?> event, ServerCsrRequestedV1 requested, CertificateState old) {
        String server = requested.slots().isEmpty() ? null : requested.slots().get(0).server().toLowerCase();
        if (server == null) {
            return;
        }
        Optional<EstateEntity.Server> facts = estate.server(server);
        String host = host(server, facts);
        create(event, OperatorTask.Kind.SERVER_CSR, server, null, requested.certificateId(), null,
                old == null ? null : old.thumbprint, due(old), facts.flatMap(estate::owner).orElse(null),
                "Make the new key on " + host + " and send certlife its request",
                TaskSteps.serverCsr(host, requested.renewalId(), requested.subject(), requested.subjectAltNames(),
                        requested.keySize(), requested.exportableKey()),
                List.of("certlife renewals list shows renewal " + requested.renewalId() + " past AWAITING_SERVER_CSR"), null);
    }

    /**
     * An ACME order in a zone certlife may not write: a task to create its TXT records, for the certificate's owner, due
     * when certlife gives up on the order. A new order for the same certificate (after a failure) cancels the
     * previous task, whose values the CA no longer asks for.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onDnsRecordsRequested(CloudEvent<?> event, DnsRecordsRequestedV1 requested, CertificateState old) {
        if (requested.records().isEmpty()) {
            return;
        }
        for (OperatorTask earlier : OperatorTask.<OperatorTask>list("kind = ?1 and certificateId = ?2 and state in ?3",
                OperatorTask.Kind.DNS_RECORD, requested.certificateId(), List.of(OperatorTask.State.OPEN, OperatorTask.State.IN_PROGRESS))) {
            move(earlier, OperatorTask.State.CANCELLED, "a new ACME order asks for other values (event " + event.id() + ")");
        }
        String zone = requested.records().get(0).zone();
        String server = old == null || old.slots == null || old.slots.isEmpty() ? null : old.slots.get(0).server().toLowerCase();
        String owner = server == null ? null : estate.server(server).flatMap(estate::owner).orElse(null);
        // one task per order: its first value tells orders apart
        create(event, OperatorTask.Kind.DNS_RECORD, zone, requested.records().get(0).value(), requested.certificateId(), null,
                old == null ? null : old.thumbprint, requested.until(), owner,
                "Create " + requested.records().size() + " TXT record(s) in DNS zone " + zone + " for the ACME renewal",
                TaskSteps.dnsRecords(requested.records()),
                requested.records().stream().map(r -> "Resolve-DnsName -Type TXT " + r.name() + " answers \"" + r.value()
                        + "\" on every authoritative server of " + r.zone()).toList(), null);
    }

    private Instant due(CertificateState old) {
        return old != null && old.notAfter != null
                ? old.notAfter.minus(config.tasks().dueMargin())
                : clock.instant().plus(config.tasks().defaultDue());
    }

    /** Opens a task and says so (its assignee's channels, TaskCreated); null when one with the same key exists. */
    private OperatorTask create(CloudEvent<?> cause, OperatorTask.Kind kind, String server, String listener, String certificateId,
                        String replacesCertificateId, String thumbprint, Instant due, String assignee, String title,
                        List<String> steps, List<String> checks, String exportProfile) {
        String key = kind + ":" + certificateId + ":" + server + (listener == null ? "" : ":" + listener);
        if (OperatorTask.count("dedupeKey", key) > 0) {
            return null;
        }
        Instant now = clock.instant();
        OperatorTask task = new OperatorTask();
        task.id = UUID.randomUUID();
        task.dedupeKey = key;
        task.kind = kind;
        task.title = title;
        task.server = server;
        task.certificateId = certificateId;
        task.replacesCertificateId = replacesCertificateId;
        task.thumbprint = thumbprint;
        task.assignee = assignee;
        task.dueAt = due;
        task.state = OperatorTask.State.OPEN;
        task.steps = steps;
        task.checks = checks;
        task.sourceEventId = cause.id();
        task.createdAt = now;
        task.updatedAt = now;
        if (exportProfile != null) {
            task.exportProfile = exportProfile;
            task.exportState = OperatorTask.ExportState.PENDING;
            task.exportNextAttemptAt = now;
        }
        task.persist();
        CloudEvent<TaskCreatedV1> created = CloudEvent.create(Deliveries.SOURCE, task.id.toString(), new TaskCreatedV1(
                task.id.toString(), kind.name(), title, server, certificateId, assignee, due), clock);
        outbox.publish(created);
        tell(task, created.id(), EventCodec.encode(created));
        return task;
    }

    /** Sends a task to its assignee's email and chat. */
    private void tell(OperatorTask task, String sourceEventId, String eventJson) {
        if (task.assignee == null) {
            return;
        }
        List<Message.Fact> facts = new ArrayList<>(List.of(new Message.Fact("Task", task.id.toString()),
                new Message.Fact("Server", task.server), new Message.Fact("Due", task.dueAt.toString()),
                new Message.Fact("Thumbprint", task.thumbprint)));
        task.checks.forEach(c -> facts.add(new Message.Fact("Check", c)));
        if (task.exportNote != null) {
            facts.add(new Message.Fact("Export", task.exportNote));
        }
        Message message = new Message(Alert.Severity.WARNING, "Task: " + task.title,
                "Assigned to " + task.assignee + ", due " + task.dueAt + ". Mark it done with POST /tasks/" + task.id + "/done.",
                facts, task.steps, eventJson);
        for (ChannelType channel : List.of(ChannelType.EMAIL, ChannelType.SLACK, ChannelType.TEAMS, ChannelType.WEBHOOK)) {
            deliveries.resolve(Deliveries.OWNER, channel, task.assignee).ifPresent(recipient -> deliveries.queue(sourceEventId,
                    new Deliveries.Route(channel, recipient), Delivery.Kind.TASK, null, task.id, message, Deliveries.Hold.NOW));
        }
    }

    /**
     * Moves a task as {@link OperatorTask.State#canMoveTo} allows. DONE on a task whose certificate discovery can see
     * served means VERIFYING: a probe of its slots is due, and only seeing the new certificate served makes it DONE.
     * CLOSED_UNVERIFIED needs a reason.
     */
    @Transactional
    public OperatorTask transition(UUID id, OperatorTask.State target, String note) {
        OperatorTask task = find(id);
        OperatorTask.State next = target == OperatorTask.State.DONE && task.kind.verifiable() ? OperatorTask.State.VERIFYING : target;
        if (!task.state.canMoveTo(next)) {
            throw Refusal.conflict("task " + id + " is " + task.state + " and cannot move to " + next + allowed(task.state));
        }
        if (next == OperatorTask.State.CLOSED_UNVERIFIED && (note == null || note.isBlank())) {
            throw Refusal.invalid("closing task " + id + " without seeing " + task.thumbprint + " served needs a reason (note); "
                    + "the old certificate stays watched either way");
        }
        task.verifyRequestedAt = next == OperatorTask.State.VERIFYING ? clock.instant() : null;
        move(task, next, note);
        return task;
    }

    /** The task's certificate was seen served on its server: DONE, whatever state it was in short of finished. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void seenServed(OperatorTask task, String note) {
        if (!task.state.isFinal()) {
            task.verifyRequestedAt = null;
            move(task, OperatorTask.State.DONE, note);
        }
    }

    /** A probe saw another certificate on the task's server: back to IN_PROGRESS, saying what it saw. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reopen(OperatorTask task, String note) {
        task.verifyRequestedAt = null;
        move(task, OperatorTask.State.IN_PROGRESS, note);
    }

    /**
     * Discovery saw a replacement served on one slot: its verifiable tasks on that server are done once none of the
     * server's slots still waits for it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onVerified(DeploymentVerifiedV1 verified) {
        String server = verified.slot().server().toLowerCase();
        if (verified.pending().stream().anyMatch(s -> s.server().equalsIgnoreCase(server))) {
            return;
        }
        for (OperatorTask task : OperatorTask.<OperatorTask>list("certificateId = ?1 and server = ?2 and state in ?3",
                verified.certificateId(), server, List.of(OperatorTask.State.OPEN, OperatorTask.State.IN_PROGRESS,
                        OperatorTask.State.VERIFYING))) {
            if (task.kind.verifiable()) {
                seenServed(task, "seen served on " + server + " at " + verified.verifiedAt() + " (inventory discovery)");
            }
        }
    }

    private void move(OperatorTask task, OperatorTask.State next, String note) {
        task.state = next;
        task.note = note;
        task.updatedAt = clock.instant();
        if (next.isFinal()) {
            outbox.publish(CloudEvent.create(Deliveries.SOURCE, task.id.toString(),
                    new TaskCompletedV1(task.id.toString(), task.kind.name(), next.name()), clock));
        }
    }

    @Transactional
    public OperatorTask assign(UUID id, String assignee) {
        if (assignee == null || assignee.isBlank()) {
            throw Refusal.invalid("assignee is required (a team name)");
        }
        OperatorTask task = find(id);
        if (task.state.isFinal()) {
            throw Refusal.conflict("task " + id + " is " + task.state + ": it can no longer be reassigned");
        }
        task.assignee = assignee;
        task.updatedAt = clock.instant();
        return task;
    }

    /** Asks for a new PFX export (a lost link or password): the next export round sends a new link and password. */
    @Transactional
    public OperatorTask requestExport(UUID id) {
        OperatorTask task = find(id);
        if (task.exportProfile == null) {
            throw Refusal.conflict("task " + id + " is " + task.kind + ": it carries no PFX export");
        }
        if (task.state.isFinal()) {
            throw Refusal.conflict("task " + id + " is " + task.state);
        }
        task.exportState = OperatorTask.ExportState.PENDING;
        task.exportAttempts = 0;
        task.exportNextAttemptAt = clock.instant();
        task.exportNote = null;
        task.updatedAt = clock.instant();
        return task;
    }

    /** Raises a TASK_OVERDUE alert for each unfinished task past its due date, again every re-alert interval. */
    @Transactional
    public int alertOverdue() {
        Instant now = clock.instant();
        List<OperatorTask> overdue = OperatorTask.list("state in ?1 and dueAt < ?2 and (overdueAlertedAt is null or overdueAlertedAt < ?3)",
                List.of(OperatorTask.State.OPEN, OperatorTask.State.IN_PROGRESS, OperatorTask.State.VERIFYING), now,
                now.minus(config.tasks().overdueRealert()));
        for (OperatorTask task : overdue) {
            task.overdueAlertedAt = now;
            String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
            alerts.raise(new AlertService.Draft(AlertKind.TASK_OVERDUE, "TASK_OVERDUE:" + task.id + ":" + day, task.certificateId,
                    task.server, List.of(), Alert.Severity.CRITICAL, "Overdue task: " + task.title,
                    "Task " + task.id + " (" + task.kind + ", " + task.state + ", assigned to "
                            + (task.assignee == null ? "nobody" : task.assignee) + ") was due " + task.dueAt + ".",
                    List.of(new Message.Fact("Task", task.id.toString()), new Message.Fact("Server", task.server)),
                    "task-overdue:" + task.id + ":" + day, null));
        }
        return overdue.size();
    }

    private static OperatorTask find(UUID id) {
        OperatorTask task = OperatorTask.findById(id);
        if (task == null) {
            throw Refusal.notFound("no task " + id);
        }
        return task;
    }

    private static String allowed(OperatorTask.State from) {
        List<String> next = new ArrayList<>();
        for (OperatorTask.State s : OperatorTask.State.values()) {
            if (from.canMoveTo(s)) {
                next.add(s.name());
            }
        }
        return next.isEmpty() ? " (it is finished)" : " (allowed: " + String.join(", ", next) + ")";
    }

    private static String host(String fqdn, Optional<EstateEntity.Server> facts) {
        return facts.map(EstateEntity.Server::hostName).orElse(fqdn.split("\\.")[0].toUpperCase());
    }

    /** Tasks, soonest due first, optionally in one state, of one assignee or on one server. */
    public List<OperatorTask> search(OperatorTask.State state, String assignee, String server) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (state != null) {
            where.add("state = :state");
            parameters.and("state", state);
        }
        if (assignee != null) {
            where.add("assignee = :assignee");
            parameters.and("assignee", assignee);
        }
        if (server != null) {
            where.add("server = :server");
            parameters.and("server", server.toLowerCase());
        }
        return where.isEmpty() ? OperatorTask.listAll(Sort.ascending("dueAt"))
                : OperatorTask.list(String.join(" and ", where), Sort.ascending("dueAt"), parameters);
    }
}
