package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.CallFailed;
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
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Operator tasks: the exact steps to take (each with a copy button where JavaScript runs), the checks, the export's
 * state, and the moves the task allows: start, done (the notifier then probes the slots and the task is DONE once the
 * new certificate is seen served) and close with a reason. Forwarded with the user's token: notifier-service decides
 * (operator) and audits.
 */
@Path("/tasks")
@Produces(MediaType.TEXT_HTML)
public class TasksPage {

    /** A task as the page shows it. */
    public record Row(String id, String title, String kind, String server, String certificateId, String assignee, String dueAt,
                      String state, List<String> steps, List<String> checks, String exportProfile, String exportState,
                      String exportNote, String note, String windowStart, String windowEnd) {

        public boolean canStart() {
            return state.equals("OPEN");
        }

        /** Done and close unverified follow start (as notifier-service allows). */
        public boolean canFinish() {
            return state.equals("IN_PROGRESS");
        }

        /** The task puts a PFX (the key certlife made) on a server: a key custodian may download it here. */
        public boolean hasExport() {
            return !exportProfile.isEmpty() && (canStart() || canFinish());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tasks(Page page, List<Row> rows, boolean all, String unavailable);

        static native TemplateInstance password(Page page, String exportId, String password);
    }

    private static final Set<String> MOVES = Set.of("start", "done", "close");

    @Inject
    Services services;

    @Inject
    SecurityIdentity identity;

    @Inject
    Actions actions;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** Open, in progress and verifying tasks; {@code state=ALL} for every task. */
    @GET
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance list(@QueryParam("state") @DefaultValue("") String state, @Context HttpHeaders headers) {
        if (!state.isEmpty() && !state.equals("ALL")) {
            throw new BadRequestException("state must be ALL or left out (open work), not '" + state + "'");
        }
        Page page = Page.of(identity, "tasks", headers);
        Services.Listed<Row> tasks = services.list(Service.NOTIFIER, "/tasks", page.user().token(), TasksPage::row);
        List<Row> rows = tasks.rows().stream()
                .filter(row -> !state.isEmpty() || Set.of("OPEN", "IN_PROGRESS", "VERIFYING").contains(row.state())).toList();
        return Templates.tasks(page, rows, !state.isEmpty(), tasks.unavailable());
    }

    // any signed-in user may ask; notifier-service decides with their token (the page offers the moves to operators)
    @POST
    @Path("{id}/{move}")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public Response move(@PathParam("id") String id, @PathParam("move") String move, @FormParam("note") String note) {
        Actions.requireId(id, "task");
        if (!MOVES.contains(move)) {
            throw new NotFoundException("no move '" + move + "' (start, done or close)");
        }
        var body = json.createObjectNode();
        if (note != null && !note.isBlank()) {
            body.put("note", note.strip());
        }
        return actions.forward(Service.NOTIFIER, "/tasks/" + id + "/" + move, Services.Body.json(body), "/tasks",
                task -> "\u201c" + task.path("title").asText() + "\u201d is now " + task.path("state").asText() + ".", "Not done");
    }

    /**
     * The task's PFX for the key custodian who asks: renewal-service makes an export for the task with their token
     * (key-custodian; audited) and the console hands over the file at once. Its password stays sealed until another
     * custodian reveals it (the export's id is in the file's name); the console keeps neither.
     */
    @POST
    @Path("{id}/export")
    @RolesAllowed(ConsoleRoles.VIEWER)
    @Produces({"application/x-pkcs12", MediaType.TEXT_HTML})
    public Response export(@PathParam("id") String id) {
        Actions.requireId(id, "task");
        String token = actions.token();
        try {
            JsonNode task = services.get(Service.NOTIFIER, "/tasks/" + id, token);
            if (!task.path("exportProfile").isTextual()) {
                return Flash.redirect("/tasks", true, "No export: \u201c" + task.path("title").asText()
                        + "\u201d does not put a PFX on a server.");
            }
            JsonNode created = services.post(Service.RENEWAL, "/certificates/" + task.path("certificateId").asText() + "/exports",
                    token, Services.Body.json(json.createObjectNode().put("profile", task.path("exportProfile").asText())
                            .put("taskId", id)));
            Services.Download pfx = services.download(Service.RENEWAL, "/exports/" + created.path("token").asText(), token,
                    "application/x-pkcs12");
            return Response.ok(pfx.body(), "application/x-pkcs12").header("Cache-Control", "no-store")
                    .header("Content-Disposition", "attachment; filename=\"export-" + created.path("exportId").asText() + ".pfx\"")
                    .build();
        } catch (CallFailed e) {
            return Flash.redirect("/tasks", true, "No export: " + e.getMessage());
        }
    }

    /** A task export's password, revealed once to a key custodian other than the one who made it (renewal-service decides). */
    @POST
    @Path("password")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public Response password(@FormParam("exportId") String exportId, @Context HttpHeaders headers) {
        Actions.requireId(exportId == null ? "" : exportId.strip(), "export");
        Page page = Page.of(identity, "tasks", headers);
        try {
            JsonNode revealed = services.post(Service.RENEWAL, "/exports/" + exportId.strip() + "/password", page.user().token(),
                    null);
            return Response.ok(Templates.password(page, exportId.strip(), revealed.path("password").asText()))
                    .header("Cache-Control", "no-store").build();
        } catch (CallFailed e) {
            return Flash.redirect("/tasks", true, "Not revealed: " + e.getMessage());
        }
    }

    private static Row row(JsonNode t) {
        List<String> steps = new ArrayList<>();
        t.path("steps").forEach(s -> steps.add(s.asText()));
        List<String> checks = new ArrayList<>();
        t.path("checks").forEach(c -> checks.add(c.asText()));
        return new Row(t.path("id").asText(), t.path("title").asText(), t.path("kind").asText(), t.path("server").asText(""),
                t.path("certificateId").asText(""), t.path("assignee").asText(""), t.path("dueAt").asText(""),
                t.path("state").asText(), steps, checks, t.path("exportProfile").asText(""), t.path("exportState").asText(""), t.path("exportNote").asText(""),
                t.path("note").asText(""), t.path("windowStart").asText(""), t.path("windowEnd").asText(""));
    }
}
