package io.certlife.notifier.rest;

import io.certlife.notifier.Delivery;
import io.certlife.notifier.Refusal;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The delivery log: what was sent (or not) to whom, for which event. */
@Path("/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    /** One ledger line; the message itself is not repeated here. */
    public record DeliveryView(UUID id, String sourceEventId, String channel, String recipient, String kind, UUID alertId,
                               UUID taskId, String status, boolean digest, int attempts, Instant nextAttemptAt, String lastError,
                               String title, Instant createdAt, Instant sentAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id, d.sourceEventId, d.channel.name(), d.recipient, d.kind.name(), d.alertId, d.taskId,
                    d.status.name(), d.digest, d.attempts, d.nextAttemptAt, d.lastError, d.message.title(), d.createdAt, d.sentAt);
        }
    }

    @GET
    @Operation(summary = "The delivery log, newest first; filter by event, alert, status or channel")
    public List<DeliveryView> list(@QueryParam("sourceEventId") String sourceEventId, @QueryParam("alertId") UUID alertId,
                                   @QueryParam("status") String status, @QueryParam("channel") String channel,
                                   @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw Refusal.invalid("limit must be between 1 and 1000");
        }
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (sourceEventId != null) {
            where.add("sourceEventId = :event");
            parameters.and("event", sourceEventId);
        }
        if (alertId != null) {
            where.add("alertId = :alert");
            parameters.and("alert", alertId);
        }
        if (status != null) {
            where.add("status = :status");
            parameters.and("status", QueryParams.parse(Delivery.Status.class, "status", status));
        }
        if (channel != null) {
            where.add("channel = :channel");
            parameters.and("channel", QueryParams.parse(io.certlife.notifier.channel.ChannelType.class, "channel", channel));
        }
        Sort newest = Sort.descending("createdAt");
        return (where.isEmpty() ? Delivery.<Delivery>findAll(newest) : Delivery.<Delivery>find(String.join(" and ", where), newest, parameters))
                .page(Page.ofSize(limit)).list().stream().map(DeliveryView::of).toList();
    }
}
