package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.Service;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read-only records: findings by rule (inventory), the delivery ledger (notifier) and, for admins, the audit trail
 * of all three services merged newest first.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LedgerPages {

    public record Finding(String severity, String message, String server, String certificateId, String raisedAt, String resolvedAt) {
    }

    public record Rule(String ruleId, List<Finding> findings) {
    }

    public record Delivery(String title, String channel, String recipient, String kind, String status, int attempts,
                           String lastError, String createdAt, String sentAt) {
    }

    public record AuditEntry(String service, String at, String subject, String roles, String action, int outcome) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance findings(Page page, List<Rule> rules, boolean all, String unavailable);

        static native TemplateInstance deliveries(Page page, List<Delivery> deliveries, List<String> statuses, String status,
                                                  String unavailable);

        static native TemplateInstance audit(Page page, List<AuditEntry> entries, List<String> unavailable);
    }

    private static final List<String> DELIVERY_STATUSES = List.of("PENDING", "SENDING", "SENT", "FAILED", "CANCELLED");

    @Inject
    Services services;

    @Inject
    SecurityIdentity identity;

    /** Open findings grouped by rule; {@code state=all} with the resolved ones. */
    @GET
    @Path("findings")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance findings(@QueryParam("state") @DefaultValue("open") String state, @Context HttpHeaders headers) {
        if (!state.equals("open") && !state.equals("all")) {
            throw new BadRequestException("state must be open or all, not '" + state + "'");
        }
        Page page = Page.of(identity, "findings", headers);
        Services.Listed<JsonNode> findings = services.list(Service.INVENTORY, "/findings?state=" + state, page.user().token(),
                f -> f);
        Map<String, List<Finding>> byRule = new TreeMap<>();
        for (JsonNode f : findings.rows()) {
            byRule.computeIfAbsent(f.path("ruleId").asText(), k -> new ArrayList<>()).add(new Finding(
                    f.path("severity").asText(), f.path("message").asText(), f.path("server").asText(""),
                    f.path("certificateId").asText(""), f.path("raisedAt").asText(""), f.path("resolvedAt").asText("")));
        }
        List<Rule> rules = new ArrayList<>();
        byRule.forEach((rule, list) -> rules.add(new Rule(rule, list)));
        return Templates.findings(page, rules, state.equals("all"), findings.unavailable());
    }

    /** The newest 200 lines of the delivery ledger, optionally of one status. */
    @GET
    @Path("deliveries")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance deliveries(@QueryParam("status") @DefaultValue("") String status, @Context HttpHeaders headers) {
        if (!status.isEmpty() && !DELIVERY_STATUSES.contains(status)) {
            throw new BadRequestException("status must be one of " + DELIVERY_STATUSES + ", not '"
                    + status + "'");
        }
        Page page = Page.of(identity, "deliveries", headers);
        Services.Listed<Delivery> deliveries = services.list(Service.NOTIFIER, "/deliveries?limit=200"
                + (status.isEmpty() ? "" : "&status=" + status), page.user().token(),
                d -> new Delivery(d.path("title").asText(""), d.path("channel").asText(), d.path("recipient").asText(),
                        d.path("kind").asText(), d.path("status").asText(), d.path("attempts").asInt(), d.path("lastError").asText(""),
                        d.path("createdAt").asText(""), d.path("sentAt").asText("")));
        return Templates.deliveries(page, deliveries.rows(), DELIVERY_STATUSES, status, deliveries.unavailable());
    }

    /** The audit trails of the three services (the newest 100 of each), merged newest first. Admins only, as there. */
    @GET
    @Path("audit")
    @RolesAllowed(ConsoleRoles.ADMIN)
    public TemplateInstance audit(@Context HttpHeaders headers) {
        Page page = Page.of(identity, "audit", headers);
        List<AuditEntry> entries = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (Service service : Service.values()) {
            entries.addAll(services.list(service, "/audit?limit=100", page.user().token(), a -> {
                List<String> roles = new ArrayList<>();
                a.path("roles").forEach(r -> roles.add(r.asText()));
                return new AuditEntry(service.label(), a.path("at").asText(), a.path("subject").asText(),
                        String.join(", ", roles), a.path("action").asText(), a.path("outcome").asInt());
            }).rowsNoting("audit", unavailable));
        }
        entries.sort(Comparator.comparing(AuditEntry::at).reversed());
        return Templates.audit(page, entries, unavailable);
    }
}
