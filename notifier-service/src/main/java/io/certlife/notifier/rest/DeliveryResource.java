package io.certlife.notifier.rest;

import io.certlife.access.Roles;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.Delivery;
import io.certlife.notifier.Refusal;
import io.certlife.notifier.service.Deliveries;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The delivery log: what was sent (or not) to whom, for which event. */
@Path("/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    @Inject
    Deliveries deliveries;

    /** One ledger line; the message itself is not repeated here. */
    public record DeliveryView(UUID id, String sourceEventId, String channel, String recipient, String kind, UUID alertId,
                               UUID taskId, String status, boolean digest, int attempts, Instant nextAttemptAt, String lastError,
                               String title, Instant createdAt, Instant sentAt, UUID messageId) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id, d.sourceEventId, d.channel.name(), d.recipient, d.kind.name(), d.alertId, d.taskId,
                    d.status.name(), d.digest, d.attempts, d.nextAttemptAt, d.lastError, d.message.title(), d.createdAt, d.sentAt,
                    d.messageId);
        }
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "The delivery log, newest first; filter by event, alert, status or channel")
    public List<DeliveryView> list(@QueryParam("sourceEventId") String sourceEventId, @QueryParam("alertId") UUID alertId,
                                   @QueryParam("status") String status, @QueryParam("channel") String channel,
                                   @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw Refusal.invalid("limit must be between 1 and 1000");
        }
        return deliveries.search(sourceEventId, alertId,
                        status == null ? null : QueryParams.parse(Delivery.Status.class, "status", status),
                        channel == null ? null : QueryParams.parse(ChannelType.class, "channel", channel), limit)
                .stream().map(DeliveryView::of).toList();
    }
}
