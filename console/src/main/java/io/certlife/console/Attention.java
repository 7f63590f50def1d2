package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.Service;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a person must act on, most urgent first, gathered from the three services with the user's token: certificates
 * expiring within 30 days with no renewal under way, renewals that failed or wait for someone (an approver, the CA, the
 * server's CSR), renewals issued and not yet seen served, operator tasks open (overdue first), critical findings and
 * alerts that could not be delivered. A service that does not answer (or refuses the user) is named on the page; the
 * rest still shows.
 */
@ApplicationScoped
public class Attention {

    /** Urgency: 0 acts now (expired, overdue, failed), 1 this week, 2 soon, 3 waiting on someone else. */
    public record Item(int urgency, String what, String subject, String detail, String href, Instant since) {
    }

    /** The page's content: the items, the parts that could not be read, and when certlife last looked. */
    public record Report(List<Item> items, List<String> unavailable, Instant at, List<LastRun> lastRuns) {
    }

    /** When inventory-service last finished a kind of run (the expiry sweep, the discovery of every slot). */
    public record LastRun(String what, Instant finishedAt, String summary) {
    }

    private static final int EXPIRING_DAYS = 30;

    @Inject
    Services services;

    Clock clock = Clock.systemUTC();

    public Report gather(Session session) {
        Instant now = clock.instant();
        List<Item> items = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        String token = session.token();
        // the parts are read at once, each from its own call
        var renewals = services.start(() -> services.list(Service.RENEWAL, "/renewals", token, r -> r));
        var expiring = services.start(() -> services.list(Service.INVENTORY, "/certificates?size=1000&expiringWithin=P"
                + EXPIRING_DAYS + "D", token, c -> c));
        var findings = services.start(() -> services.list(Service.INVENTORY, "/findings", token, f -> f));
        var tasks = services.start(() -> services.list(Service.NOTIFIER, "/tasks", token, t -> t));
        var undelivered = services.start(() -> services.list(Service.NOTIFIER, "/deliveries?status=FAILED&limit=100", token,
                d -> d));
        var lastRunsRead = services.start(() -> services.list(Service.INVENTORY, "/last-runs", token, run -> new LastRun(
                run.path("kind").asText().equals("discovery") ? "discovery of every slot" : "expiry sweep",
                instant(run.path("finishedAt")), run.path("summary").asText())));
        Set<String> renewing = new HashSet<>();
        for (JsonNode renewal : renewals.listed().rowsNoting("renewals", unavailable)) {
            renewalItem(renewal).ifPresent(items::add);
            if (!renewal.path("state").asText().equals("FAILED")) {
                renewing.add(renewal.path("certificateId").asText());
            }
        }
        for (JsonNode certificate : expiring.listed().rowsNoting("certificates", unavailable)) {
            String id = certificate.path("id").asText();
            if (renewing.contains(id)) {
                continue;
            }
            Instant notAfter = Instant.parse(certificate.path("notAfter").asText());
            ExpiryBand band = ExpiryBand.of(notAfter, now);
            long days = ExpiryBand.daysLeft(notAfter, now);
            items.add(new Item(band == ExpiryBand.EXPIRED ? 0 : band == ExpiryBand.UNDER_7 ? 1 : 2,
                    band == ExpiryBand.EXPIRED ? "Expired, no renewal" : "Expiring, no renewal",
                    certificate.path("commonName").asText(certificate.path("subject").asText()),
                    band == ExpiryBand.EXPIRED ? "expired " + -days + " day(s) ago" : days + " day(s) left (" + band.label() + ")",
                    "/certificates/" + id, notAfter));
        }
        for (JsonNode finding : findings.listed().rowsNoting("findings", unavailable)) {
            if (finding.path("severity").asText().equals("CRITICAL")) {
                items.add(new Item(1, "Critical finding", finding.path("ruleId").asText(), finding.path("message").asText(),
                        certificateLink(finding.path("certificateId")), instant(finding.path("raisedAt"))));
            }
        }
        for (JsonNode task : tasks.listed().rowsNoting("tasks", unavailable)) {
            String state = task.path("state").asText();
            if (!state.equals("OPEN") && !state.equals("IN_PROGRESS")) {
                continue;
            }
            Instant due = instant(task.path("dueAt"));
            boolean overdue = due != null && due.isBefore(now);
            items.add(new Item(overdue ? 0 : 2, overdue ? "Task overdue" : state.equals("OPEN") ? "Task open" : "Task in progress",
                    task.path("title").asText(), (task.path("server").isTextual() ? task.path("server").asText() + ", " : "")
                    + (due == null ? "no due date" : "due " + TimeFormat.utc(due)) + (task.path("assignee").isTextual()
                    ? ", assigned to " + task.path("assignee").asText() : ", unassigned"),
                    certificateLink(task.path("certificateId")), due));
        }
        for (JsonNode delivery : undelivered.listed().rowsNoting("deliveries", unavailable)) {
            items.add(new Item(2, "Alert not delivered", delivery.path("title").asText(),
                    delivery.path("channel").asText() + " to " + delivery.path("recipient").asText() + ": "
                            + delivery.path("lastError").asText("no reason recorded"), null, instant(delivery.path("createdAt"))));
        }
        items.sort(Comparator.comparingInt(Item::urgency)
                .thenComparing(Item::since, Comparator.nullsLast(Comparator.naturalOrder())));
        List<LastRun> lastRuns = lastRunsRead.listed().rowsNoting("when certlife last looked", unavailable);
        return new Report(items, unavailable, now, lastRuns);
    }

    private static java.util.Optional<Item> renewalItem(JsonNode renewal) {
        String state = renewal.path("state").asText();
        String subject = renewal.path("subject").asText();
        String link = certificateLink(renewal.path("certificateId"));
        Instant created = instant(renewal.path("createdAt"));
        return java.util.Optional.ofNullable(switch (state) {
            case "FAILED" -> new Item(0, "Renewal failed", subject, renewal.path("failureReason").asText("") + ": "
                    + renewal.path("failureMessage").asText(""), link, created);
            case "DEPLOY_OVERDUE" -> new Item(0, "Issued, not served, overdue", subject,
                    "the replacement is not seen served on every slot", link, instant(renewal.path("issuedAt")));
            case "PENDING_APPROVAL" -> new Item(3, "Renewal waits for approval", subject, "an approver must approve the plan",
                    link, created);
            case "AWAITING_CERTIFICATE" -> new Item(3, "Renewal waits for the CA", subject,
                    "the CSR went to the CA; upload its answer", link, created);
            case "AWAITING_SERVER_CSR" -> new Item(3, "Renewal waits for the server's CSR", subject,
                    "the key stays on the server: upload the CSR it made", link, created);
            case "ISSUED" -> new Item(3, "Issued, not yet served", subject, "deploy it: see the tasks", link,
                    instant(renewal.path("issuedAt")));
            default -> null;
        });
    }

    private static String certificateLink(JsonNode id) {
        return id.isTextual() ? "/certificates/" + id.asText() : null;
    }

    private static Instant instant(JsonNode value) {
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }
}
