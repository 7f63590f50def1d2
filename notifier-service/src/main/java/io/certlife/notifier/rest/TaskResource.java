package io.certlife.notifier.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.notifier.OperatorTask;
import io.certlife.notifier.Refusal;
import io.certlife.notifier.service.TaskService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Operator tasks: list, read, move through OPEN -> IN_PROGRESS -> VERIFYING -> DONE (or DONE directly for a step
 * discovery cannot see), close unverified with a reason, fail, cancel; reassign, re-export.
 */
@Audited
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private static final Map<String, OperatorTask.State> ACTIONS = Map.of("start", OperatorTask.State.IN_PROGRESS,
            "done", OperatorTask.State.DONE, "close", OperatorTask.State.CLOSED_UNVERIFIED, "fail", OperatorTask.State.FAILED,
            "cancel", OperatorTask.State.CANCELLED);

    /** A task as the API shows it. */
    public record TaskView(UUID id, String kind, String title, String server, String certificateId, String replacesCertificateId,
                           String thumbprint, String assignee, Instant dueAt, String state, List<String> steps,
                           List<String> checks, String exportProfile, String exportState, String exportNote, String note,
                           Instant createdAt, Instant updatedAt, Instant windowStart, Instant windowEnd) {
        static TaskView of(OperatorTask t) {
            return new TaskView(t.id, t.kind.name(), t.title, t.server, t.certificateId, t.replacesCertificateId, t.thumbprint,
                    t.assignee, t.dueAt, t.state.name(), t.steps, t.checks, t.exportProfile,
                    t.exportState == null ? null : t.exportState.name(), t.exportNote, t.note, t.createdAt, t.updatedAt, t.windowStart,
                    t.windowEnd);
        }
    }

    /** An optional note on a transition. */
    public record Transition(String note) {
    }

    /** The team a task goes to. */
    public record Assignment(String assignee) {
    }

    @Inject
    TaskService tasks;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "List tasks, soonest due first; filter by state, assignee or server")
    public List<TaskView> list(@QueryParam("state") String state, @QueryParam("assignee") String assignee,
                               @QueryParam("server") String server) {
        return tasks.search(state == null ? null : QueryParams.parse(OperatorTask.State.class, "state", state), assignee, server)
                .stream().map(TaskView::of).toList();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("{id}")
    @Operation(summary = "One task with its steps and checks")
    public TaskView get(@PathParam("id") UUID id) {
        OperatorTask task = OperatorTask.findById(id);
        if (task == null) {
            throw Refusal.notFound("no task " + id);
        }
        return TaskView.of(task);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{id}/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move a task: start, done, close, fail or cancel", description = "409 naming the allowed moves when "
            + "the task's state does not allow this one. done: a task that puts a certificate on a server becomes VERIFYING "
            + "and its slots are probed; it is DONE once the new certificate is seen served, and back IN_PROGRESS (with "
            + "what was seen) when another one is. close: CLOSED_UNVERIFIED, with a reason (note, required); the old "
            + "certificate stays watched. DONE, CLOSED_UNVERIFIED, FAILED and CANCELLED emit TaskCompleted. 'export' asks "
            + "for a new PFX export.")
    public TaskView act(@PathParam("id") UUID id, @PathParam("action") String action, Transition body) {
        if ("export".equals(action)) {
            return TaskView.of(tasks.requestExport(id));
        }
        OperatorTask.State target = ACTIONS.get(action);
        if (target == null) {
            throw Refusal.notFound("unknown task action '" + action + "' (start, done, close, fail, cancel or export)");
        }
        return TaskView.of(tasks.transition(id, target, body == null ? null : body.note()));
    }

    @RolesAllowed(Roles.OPERATOR)
    @PUT
    @Path("{id}/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reassign a task to a team")
    public TaskView assign(@PathParam("id") UUID id, Assignment body) {
        return TaskView.of(tasks.assign(id, body == null ? null : body.assignee()));
    }
}
