package io.certlife.notifier.rest;

import io.certlife.notifier.Alert;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Alerts: read. */
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    @GET
    @Operation(summary = "List alerts, newest first, optionally about one certificate")
    public List<AlertView> list(@QueryParam("certificateId") String certificateId) {
        List<Alert> alerts = certificateId == null
                ? Alert.listAll(Sort.descending("createdAt"))
                : Alert.list("certificateId", Sort.descending("createdAt"), certificateId);
        return alerts.stream().map(AlertView::of).toList();
    }
}
