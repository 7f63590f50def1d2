package io.certlife.access.delivery;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.delivery.DeadLetters;
import io.certlife.delivery.Inbox;
import io.certlife.events.MalformedEventException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The service's dead letters ({@link DeadLetters}): what its consumers could not process, with the reason, and a replay
 * through the same consumer and dedupe once the cause is fixed. For operators.
 */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Audited
public class DeadLetterResource {

    /** What a replay did. */
    public record ReplayView(long id, String outcome) {
    }

    @Inject
    DeadLetters deadLetters;

    /** Newest first; {@code status=OPEN} (default) or {@code ALL}. No payloads: {@code GET /dead-letters/{id}} has it. */
    @GET
    @RolesAllowed(Roles.OPERATOR)
    public List<DeadLetters.Letter> list(@QueryParam("status") @DefaultValue("OPEN") String status,
                                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (!status.equals("OPEN") && !status.equals("ALL")) {
            throw new BadRequestException("status must be OPEN or ALL, not '" + status + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit must be between 1 and 1000");
        }
        return deadLetters.list(status.equals("OPEN"), limit);
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.OPERATOR)
    public DeadLetters.Letter get(@PathParam("id") long id) {
        return deadLetters.find(id).orElseThrow(() -> new NotFoundException("no dead letter " + id));
    }

    /**
     * Applies an open dead letter again: 200 with the outcome ({@code APPLIED}, {@code ALREADY_PROCESSED} when its
     * event had been applied since, {@code NOT_ACCEPTED} when its type is not one this service acts on), each of which
     * resolves it; 409 when it is resolved already; 422 when its record still cannot be read; 503 when its effect fails
     * now (it stays open).
     */
    @POST
    @Path("{id}/replay")
    @RolesAllowed(Roles.OPERATOR)
    public ReplayView replay(@PathParam("id") long id) {
        try {
            Inbox.Replayed replayed = deadLetters.replay(id);
            return new ReplayView(id, replayed.name());
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        } catch (DeadLetters.NotReplayable e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        } catch (MalformedEventException e) {
            throw new ClientErrorException("dead letter " + id + " still cannot be processed: " + e.getMessage(), 422);
        } catch (RuntimeException e) {
            throw new WebApplicationException(Response.status(503).type("application/problem+json").entity(Map.of(
                    "type", "urn:certlife:problem:unavailable", "title", "Service Unavailable", "status", 503,
                    "detail", "dead letter " + id + " could not be applied now, it stays open: " + e)).build());
        }
    }
}
