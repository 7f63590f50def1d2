package io.certlife.notifier.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.notifier.Alert;
import io.certlife.notifier.Refusal;
import io.certlife.notifier.service.AlertService;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Alerts: list, acknowledge, snooze. */
@Audited
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    /** An alert as the API shows it. */
    public record AlertView(UUID id, String kind, String certificateId, String server, List<String> services, String site,
                            String owner, String severity, String title, String summary, String state, Instant snoozedUntil,
                            String acknowledgedBy, int occurrences, String sourceEventId, Instant createdAt, Instant updatedAt) {
        static AlertView of(Alert a) {
            return new AlertView(a.id, a.kind.name(), a.certificateId, a.server, a.services, a.site, a.owner, a.severity.name(),
                    a.title, a.summary, a.state.name(), a.snoozedUntil, a.acknowledgedBy, a.occurrences, a.sourceEventId,
                    a.createdAt, a.updatedAt);
        }
    }

    /** Until when an alert stays quiet. */
    public record Snooze(Instant until) {
    }

    @Inject
    AlertService alerts;

    @Inject
    SecurityIdentity identity;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "List alerts, newest first; filter by certificate, server or state")
    public List<AlertView> list(@QueryParam("certificateId") String certificateId, @QueryParam("server") String server,
                                @QueryParam("state") String state) {
        return alerts.search(certificateId, server, state == null ? null : QueryParams.parse(Alert.State.class, "state", state))
                .stream().map(AlertView::of).toList();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("{id}")
    @Operation(summary = "One alert")
    public AlertView get(@PathParam("id") UUID id) {
        Alert alert = Alert.findById(id);
        if (alert == null) {
            throw Refusal.notFound("no alert " + id);
        }
        return AlertView.of(alert);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{id}/acknowledge")
    @Operation(summary = "Acknowledge an alert", description = "Cancels its queued messages; later alerts for the same "
            + "certificate and server stay quiet until one is CRITICAL. The acknowledger is the caller's identity.")
    public AlertView acknowledge(@PathParam("id") UUID id) {
        return AlertView.of(alerts.acknowledge(id, identity.getPrincipal().getName()));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{id}/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Snooze an alert until a date", description = "Cancels its queued messages; later alerts for the "
            + "same certificate and server are raised but not sent until then (renewal failures and stalls still are).")
    public AlertView snooze(@PathParam("id") UUID id, Snooze body) {
        return AlertView.of(alerts.snooze(id, body == null ? null : body.until()));
    }
}
