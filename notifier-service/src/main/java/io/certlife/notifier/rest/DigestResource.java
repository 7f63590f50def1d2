package io.certlife.notifier.rest;

import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.certlife.notifier.DigestPreference;
import io.certlife.notifier.Refusal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Digest mode per owner: one message a day at a local time in the alert's site's time zone. */
@Audited
@Path("/digest-preferences")
@Produces(MediaType.APPLICATION_JSON)
public class DigestResource {

    /** An owner in digest mode and the local time of the daily message (HH:mm). */
    public record DigestView(String owner, String localTime) {
        static DigestView of(DigestPreference p) {
            return new DigestView(p.owner, p.localTime.toString());
        }
    }

    /** The local time of the daily message. */
    public record DigestSpec(String localTime) {
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    public List<DigestView> list() {
        return DigestPreference.<DigestPreference>listAll().stream().map(DigestView::of).toList();
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{owner}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public DigestView put(@PathParam("owner") String owner, DigestSpec spec) {
        LocalTime time;
        try {
            time = LocalTime.parse(spec == null || spec.localTime() == null ? "" : spec.localTime());
        } catch (DateTimeParseException e) {
            throw Refusal.invalid("localTime must be a time of day such as 08:00, not '"
                    + (spec == null ? null : spec.localTime()) + "'");
        }
        DigestPreference preference = DigestPreference.findById(owner);
        if (preference == null) {
            preference = new DigestPreference();
            preference.owner = owner;
            preference.localTime = time;
            preference.persist();
        } else {
            preference.localTime = time;
        }
        return DigestView.of(preference);
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{owner}")
    @Transactional
    public Response delete(@PathParam("owner") String owner) {
        if (!DigestPreference.deleteById(owner)) {
            throw Refusal.notFound(owner + " is not in digest mode");
        }
        return Response.noContent().build();
    }
}
