package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.CallFailed;
import io.certlife.console.Services.Service;
import io.certlife.events.KeyCustody;
import io.certlife.events.ServerOs;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 47-day readiness plan ({@link Readiness}) for the estate as inventory-service knows it: every bound slot of every
 * server, with the certificate it serves.
 */
@Path("/readiness")
@Produces(MediaType.TEXT_HTML)
public class ReadinessPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance readiness(Page page, Readiness.Plan plan, List<Readiness.Step> steps,
                                                 Map<String, Integer> minutes, long privateValidityDays, List<String> unavailable);
    }

    @Inject
    Services services;

    @Inject
    SecurityIdentity identity;

    @Inject
    ConsoleConfig config;

    @GET
    @RolesAllowed(ConsoleRoles.VIEWER)
    public TemplateInstance get(@Context HttpHeaders headers) {
        Page page = Page.of(identity, "readiness", headers);
        String token = page.user().token();
        List<String> unavailable = new ArrayList<>();
        // the parts are read at once, each from its own call
        var serversRead = services.start(() -> services.list(Service.INVENTORY, "/servers", token, s -> s));
        var inUse = services.start(() -> services.all(Service.INVENTORY, "/certificates?inUse=true", token));
        var rulesRead = services.start(() -> services.list(Service.INVENTORY, "/publishing-rules", token, r -> r));
        var bindingsRead = services.start(() -> services.list(Service.INVENTORY, "/bindings", token, b -> b));
        Map<String, JsonNode> servers = new HashMap<>();
        serversRead.listed().rowsNoting("servers", unavailable).forEach(s -> servers.put(s.path("fqdn").asText(), s));
        Map<String, String> names = new HashMap<>();
        try {
            inUse.get().forEach(c -> names.put(c.path("id").asText(), c.path("commonName").asText(c.path("subject").asText())));
        } catch (CallFailed e) {
            unavailable.add("certificates: " + e.getMessage());
        }
        Map<String, List<Readiness.Publisher>> publishers = new HashMap<>();
        for (JsonNode rule : rulesRead.listed().rowsNoting("publishing rules", unavailable)) {
            JsonNode isa = servers.get(rule.path("isaServer").asText());
            Readiness.Publisher publisher = new Readiness.Publisher(rule.path("isaServer").asText(),
                    isa == null ? ServerOs.OTHER : ServerOs.valueOf(isa.path("os").asText(ServerOs.OTHER.name())),
                    rule.path("webListener").asText());
            rule.path("casServers").forEach(cas -> publishers.computeIfAbsent(cas.asText(), k -> new ArrayList<>()).add(publisher));
        }
        List<Readiness.Slot> slots = new ArrayList<>();
        for (JsonNode b : bindingsRead.listed().rowsNoting("bindings", unavailable)) {
            JsonNode server = servers.get(b.path("server").asText());
            String certificate = b.path("certificateId").asText("");
            if (server == null || certificate.isEmpty() || b.path("retired").asBoolean()) {
                continue;
            }
            List<ServerRole> roles = new ArrayList<>();
            server.path("roles").forEach(r -> roles.add(ServerRole.valueOf(r.asText())));
            slots.add(new Readiness.Slot(server.path("fqdn").asText(), roles, server.path("internetFacing").asBoolean(),
                    ServerOs.valueOf(server.path("os").asText(ServerOs.OTHER.name())), ServiceKind.valueOf(b.path("service").asText()),
                    certificate, names.getOrDefault(certificate, certificate),
                    KeyCustody.valueOf(b.path("keyCustody").asText(KeyCustody.CENTRAL.name())),
                    renewBefore(b.path("renewBefore")), b.path("service").asText().equals(ServiceKind.IIS.name())
                    ? publishers.getOrDefault(server.path("fqdn").asText(), List.of()) : List.of()));
        }
        Map<Readiness.Step, Integer> minutes = new EnumMap<>(Readiness.Step.class);
        config.readiness().minutes().forEach((step, value) -> minutes.put(Readiness.Step.valueOf(step), value));
        Readiness.Plan plan = Readiness.plan(LocalDate.now(ZoneOffset.UTC), slots, config.readiness().privateValidity(), minutes);
        return Templates.readiness(page, plan, List.of(Readiness.Step.values()), config.readiness().minutes(),
                config.readiness().privateValidity().toDays(), unavailable);
    }

    /** A slot's renew-before as inventory writes it: seconds, or an ISO-8601 duration; null when the slot has none. */
    private static Duration renewBefore(JsonNode value) {
        if (value.isNumber()) {
            return Duration.ofSeconds(value.asLong());
        }
        return value.isTextual() ? Duration.parse(value.asText()) : null;
    }
}
