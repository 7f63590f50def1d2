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
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Alerts: the open ones (or all), each with its severity, what it says and how often it fired; operators acknowledge
 * one or snooze it until a time (UTC). Forwarded with the user's token: notifier-service decides and audits.
 */
@Path("/alerts")
@Produces(MediaType.TEXT_HTML)
public class AlertsPage {

    /** An alert as the page shows it. */
    public record Row(String id, String severity, String title, String summary, String server, String certificateId,
                      String state, int occurrences, String snoozedUntil, String acknowledgedBy, String createdAt) {

        public boolean open() {
            return state.equals("OPEN");
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance alerts(Page page, List<Row> rows, boolean all, String unavailable);
    }

    @Inject
    Services services;

    @Inject
    SecurityIdentity identity;

    @Inject
    Actions actions;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** Open alerts; {@code state=ALL} for every alert. */
    @GET
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance list(@QueryParam("state") @DefaultValue("") String state, @Context HttpHeaders headers) {
        if (!state.isEmpty() && !state.equals("ALL")) {
            throw new BadRequestException("state must be ALL or left out (open alerts), not '" + state + "'");
        }
        Page page = Page.of(identity, "alerts", headers);
        Services.Listed<Row> alerts = services.list(Service.NOTIFIER, state.isEmpty() ? "/alerts?state=OPEN" : "/alerts",
                page.user().token(), a -> new Row(a.path("id").asText(), a.path("severity").asText(), a.path("title").asText(),
                        a.path("summary").asText(""), a.path("server").asText(""), a.path("certificateId").asText(""),
                        a.path("state").asText(), a.path("occurrences").asInt(), a.path("snoozedUntil").asText(""),
                        a.path("acknowledgedBy").asText(""), a.path("createdAt").asText("")));
        return Templates.alerts(page, alerts.rows(), !state.isEmpty(), alerts.unavailable());
    }

    // any signed-in user may ask; notifier-service decides with their token (the page offers the actions to operators)
    @POST
    @Path("{id}/acknowledge")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public Response acknowledge(@PathParam("id") String id) {
        return forward(id, "acknowledge", null, "Acknowledged");
    }

    @POST
    @Path("{id}/snooze")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public Response snooze(@PathParam("id") String id, @FormParam("until") String until) {
        String instant;
        try {
            instant = LocalDateTime.parse(until == null ? "" : until.strip()).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("snooze until must be a date and time such as 2026-12-24T09:00 (UTC), not '"
                    + until + "'");
        }
        return forward(id, "snooze", json.createObjectNode().put("until", instant), "Snoozed until " + instant + ":");
    }

    private Response forward(String id, String action, JsonNode body, String done) {
        return actions.forward(Service.NOTIFIER, "/alerts/" + Actions.requireId(id, "alert") + "/" + action, Services.Body.json(body), "/alerts",
                alert -> done + " \u201c" + alert.path("title").asText() + "\u201d.", "Not done");
    }
}
