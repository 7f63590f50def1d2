package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.CallFailed;
import io.certlife.console.Services.Service;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One certificate: every field inventory stores (in its order), the band, its renewals, findings and alerts, each read
 * from the service that owns it with the user's token.
 */
@Path("/certificates/{id}")
@Produces(MediaType.TEXT_HTML)
public class CertificatePage {

    /** A field as stored: its name and its value written out (lists one item per line). */
    public record Field(String name, List<String> values) {
    }

    /** One of its renewals, from renewal-service. */
    public record Renewal(String state, String requestedBy, String createdAt, String issuedAt, String failure,
                          String newCertificateId) {
    }

    /** A policy finding about it, from inventory-service. */
    public record Finding(String severity, String ruleId, String message, String raisedAt, String resolvedAt) {
    }

    /** An alert about it, from notifier-service. */
    public record Alert(String severity, String title, String state, String createdAt) {
    }

    /** A slot it is bound to (the intended certificate, or the pending replacement), from inventory-service. */
    public record Binding(String server, String service, boolean pending) {
    }

    /** Where discovery last saw it served, from inventory-service. */
    public record Observation(String server, String service, String endpoint, String observedAt) {
    }

    /** Its revocation status as inventory-service's last check found it. */
    public record Revocation(String status, String source, String detail, String revokedAt, String checkedAt) {
    }

    /** Everything on the page; a part that could not be read is named in {@code unavailable}. */
    public record View(String id, String commonName, String replacesId, ExpiryBand band, long daysLeft, List<Field> fields,
                       List<Binding> bindings,
                       List<Observation> observations, Revocation revocation, List<Renewal> renewals,
                       List<Finding> findings, List<Alert> alerts, List<String> unavailable) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance certificate(Page page, View view);
    }

    @Inject
    Services services;

    @Inject
    SecurityIdentity identity;

    @Inject
    Actions actions;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @GET
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance get(@PathParam("id") String id, @Context HttpHeaders headers) {
        Actions.requireId(id, "certificate");
        Page page = Page.of(identity, "estate", headers);
        String token = page.user().token();
        JsonNode certificate;
        try {
            certificate = services.get(Service.INVENTORY, "/certificates/" + id, token);
        } catch (CallFailed e) {
            if (e.status() == 404) {
                throw new NotFoundException("no certificate " + id + " in the inventory");
            }
            throw new ErrorPages.ServiceUnavailable(e.getMessage());
        }
        List<Field> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = certificate.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            List<String> values = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(v -> values.add(v.asText()));
            } else if (!field.getValue().isNull()) {
                values.add(field.getValue().asText());
            }
            fields.add(new Field(field.getKey(), values));
        }
        List<String> unavailable = new ArrayList<>();
        Instant now = Instant.now();
        Instant notAfter = Instant.parse(certificate.path("notAfter").asText());
        List<Binding> bindings = services.list(Service.INVENTORY, "/bindings?certificateId=" + id, token,
                b -> new Binding(b.path("server").asText(), b.path("service").asText(),
                        id.equals(b.path("pendingCertificateId").asText()))).rowsNoting("bindings", unavailable);
        List<Observation> observations = services.list(Service.INVENTORY, "/discovery/observations?thumbprint="
                        + certificate.path("thumbprintSha1").asText(), token,
                o -> new Observation(o.path("server").asText(""), o.path("service").asText(""), o.path("endpoint").asText(),
                        o.path("observedAt").asText(""))).rowsNoting("where it was seen served", unavailable);
        Revocation revocation = null;
        try {
            JsonNode r = services.get(Service.INVENTORY, "/certificates/" + id + "/revocation", token);
            revocation = new Revocation(r.path("status").asText(), r.path("source").asText(""), r.path("detail").asText(""),
                    r.path("revokedAt").asText(""), r.path("checkedAt").asText(""));
        } catch (CallFailed e) {
            unavailable.add("revocation status (" + e.getMessage() + ")");
        }
        return Templates.certificate(page, new View(id, certificate.path("commonName").asText(certificate.path("subject").asText()),
                certificate.path("replacesId").asText(""), ExpiryBand.of(notAfter, now), ExpiryBand.daysLeft(notAfter, now), fields, bindings, observations, revocation,
                services.list(Service.RENEWAL, "/renewals?certificateId=" + id, token,
                        r -> new Renewal(r.path("state").asText(), r.path("requestedBy").asText(""), r.path("createdAt").asText(""),
                                r.path("issuedAt").asText(""), r.path("failureMessage").asText(""), r.path("newCertificateId").asText("")))
                        .rowsNoting("renewals", unavailable),
                services.list(Service.INVENTORY, "/findings?state=all&certificateId=" + id, token,
                        f -> new Finding(f.path("severity").asText(), f.path("ruleId").asText(), f.path("message").asText(),
                                f.path("raisedAt").asText(""), f.path("resolvedAt").asText("")))
                        .rowsNoting("findings", unavailable),
                services.list(Service.NOTIFIER, "/alerts?certificateId=" + id, token,
                        a -> new Alert(a.path("severity").asText(), a.path("title").asText(), a.path("state").asText(),
                                a.path("createdAt").asText("")))
                        .rowsNoting("alerts", unavailable),
                unavailable));
    }

    /**
     * The certificate itself: {@code format=pem} (with its chain as far as the inventory knows it, leaf first) or
     * {@code der} (the leaf), as inventory-service gives it to the user.
     */
    @GET
    @Path("download")
    @RolesAllowed(ConsoleRoles.VIEWER)
    @Produces({"application/x-pem-file", "application/pkix-cert", MediaType.TEXT_HTML})
    public Response download(@PathParam("id") String id, @jakarta.ws.rs.QueryParam("format") String format) {
        Actions.requireId(id, "certificate");
        if (!"pem".equals(format) && !"der".equals(format)) {
            throw new jakarta.ws.rs.BadRequestException("format must be pem (with the chain) or der (the certificate alone), not '"
                    + format + "'");
        }
        return format.equals("pem")
                ? actions.attachment(Service.INVENTORY, "/certificates/" + id, "application/x-pem-file", "certificate-" + id + ".pem")
                : actions.attachment(Service.INVENTORY, "/certificates/" + id, "application/pkix-cert", "certificate-" + id + ".cer");
    }

    /** Renew now: any signed-in user may ask; renewal-service decides with their token (operator) and audits it. */
    @POST
    @Path("renew")
    @RolesAllowed(ConsoleRoles.VIEWER)
    public Response renewNow(@PathParam("id") String id) {
        return actions.forward(Service.RENEWAL, "/renewals", Services.Body.json(json.createObjectNode().put("certificateId",
                        Actions.requireId(id, "certificate"))), "/certificates/" + id,
                answer -> "Renewal requested: the plan appears below once inventory-service has made the certificate due.",
                "Not renewed");
    }
}
