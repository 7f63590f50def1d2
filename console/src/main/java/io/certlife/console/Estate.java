package io.certlife.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.console.Services.CallFailed;
import io.certlife.console.Services.Service;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The estate as sites, their servers and each server's slots, with the certificate each slot should serve (and the one
 * pending for it), filtered by site, server role, owner, issuer, expiry band and a search over names, thumbprint and
 * serial number; and, for the next 52 weeks, how many certificates expire and how many renewals are planned each week.
 */
@ApplicationScoped
public class Estate {

    /** A certificate as the estate shows it. */
    public record Cert(String id, String commonName, List<String> names, String issuer, String serialNumber,
                       String thumbprint, Instant notAfter, ExpiryBand band, long daysLeft) {
    }

    /** A service on a server, the certificate it should serve, the one pending for it, and what discovery last saw. */
    public record Slot(String service, Cert intended, Cert pending, boolean retired, Served served) {
    }

    /**
     * What discovery last saw served on a slot: the certificate (when the inventory knows its thumbprint), the thumbprint,
     * or why nothing could be read; null when the slot was never probed.
     */
    public record Served(Cert certificate, String thumbprint, String error, Instant at) {

        public boolean isIntended(Cert intended) {
            return intended != null && intended.thumbprint().equals(thumbprint);
        }
    }

    public record Server(String fqdn, List<String> roles, String owner, List<Slot> slots) {
    }

    public record Site(String name, String timeZone, String owner, List<Server> servers) {
    }

    /** One week of the chart: expiries and planned renewals, and the bar widths (percent of the busiest week). */
    public record Week(LocalDate start, long expiring, long planned, int expiringWidth, int plannedWidth) {
    }

    /** The filters as given (blank for none). */
    public record Filters(String site, String role, String owner, String issuer, String band, String q) {

        boolean active() {
            return !(site + role + owner + issuer + band + q).isBlank();
        }
    }

    /** The page's content, the choices each filter offers, and the parts that could not be read. */
    public record View(List<Site> sites, int slotsShown, List<Week> weeks, Filters filters, List<String> siteNames,
                       List<String> roleNames, List<String> owners, List<String> issuers, List<ExpiryBand> bands,
                       List<String> unavailable) {
    }

    @Inject
    Services services;

    Clock clock = Clock.systemUTC();

    public View show(Session session, Filters filters) {
        Instant now = clock.instant();
        List<String> unavailable = new ArrayList<>();
        String token = session.token();
        // the parts are read at once, each from its own call
        var inUse = services.start(() -> services.all(Service.INVENTORY, "/certificates?inUse=true", token));
        var observations = services.start(() -> services.all(Service.INVENTORY, "/discovery/observations", token));
        var summary = services.start(() -> services.get(Service.INVENTORY, "/certificates/summary?weeks=52", token));
        var sitesRead = services.start(() -> services.list(Service.INVENTORY, "/sites", token, n -> n));
        var serversRead = services.start(() -> services.list(Service.INVENTORY, "/servers", token, n -> n));
        var bindingsRead = services.start(() -> services.list(Service.INVENTORY, "/bindings", token, n -> n));
        Map<String, Cert> certificates = new HashMap<>();
        try {
            for (JsonNode c : inUse.get()) {
                Cert cert = cert(c, now);
                certificates.put(cert.id(), cert);
            }
        } catch (CallFailed e) {
            unavailable.add("certificates: " + e.getMessage());
        }
        List<JsonNode> siteList = sitesRead.listed().rowsNoting("sites", unavailable);
        List<JsonNode> serverList = serversRead.listed().rowsNoting("servers", unavailable);
        List<JsonNode> bindingList = bindingsRead.listed().rowsNoting("bindings", unavailable);
        Map<String, Cert> byThumbprint = new HashMap<>();
        certificates.values().forEach(c -> byThumbprint.put(c.thumbprint(), c));
        Map<String, Served> served = new HashMap<>();
        try {
            for (JsonNode o : observations.get()) {
                if (o.path("server").isTextual()) {
                    String thumbprint = o.path("thumbprintSha1").asText("");
                    served.put(o.path("server").asText() + " " + o.path("service").asText(), new Served(byThumbprint.get(thumbprint),
                            thumbprint, o.path("error").asText(""), Instant.parse(o.path("observedAt").asText())));
                }
            }
        } catch (CallFailed e) {
            unavailable.add("what discovery saw served: " + e.getMessage());
        }

        Map<String, List<JsonNode>> bindingsByServer = new HashMap<>();
        bindingList.forEach(b -> bindingsByServer.computeIfAbsent(b.path("server").asText(), k -> new ArrayList<>()).add(b));
        Map<String, List<Server>> serversBySite = new HashMap<>();
        TreeSet<String> roles = new TreeSet<>();
        TreeSet<String> owners = new TreeSet<>();
        int shown = 0;
        for (JsonNode s : serverList) {
            List<String> serverRoles = new ArrayList<>();
            s.path("roles").forEach(r -> serverRoles.add(r.asText()));
            roles.addAll(serverRoles);
            String owner = s.path("owner").asText("");
            if (!owner.isEmpty()) {
                owners.add(owner);
            }
            if (!matches(filters.site(), s.path("site").asText()) || !(filters.role().isBlank() || serverRoles.contains(filters.role()))
                    || !matches(filters.owner(), owner)) {
                continue;
            }
            List<Slot> slots = new ArrayList<>();
            for (JsonNode b : bindingsByServer.getOrDefault(s.path("fqdn").asText(), List.of())) {
                Cert intended = certificates.get(b.path("certificateId").asText());
                if (intended == null && b.path("thumbprint").isTextual()) {
                    intended = byThumbprint.get(b.path("thumbprint").asText());
                }
                Slot slot = new Slot(b.path("service").asText(), intended, certificates.get(b.path("pendingCertificateId").asText()),
                        b.path("retired").asBoolean(), served.get(s.path("fqdn").asText() + " " + b.path("service").asText()));
                if (slotMatches(slot, filters)) {
                    slots.add(slot);
                }
            }
            if (!slots.isEmpty() || !filters.active()) {
                shown += slots.size();
                serversBySite.computeIfAbsent(s.path("site").asText(), k -> new ArrayList<>())
                        .add(new Server(s.path("fqdn").asText(), serverRoles, owner, slots));
            }
        }
        List<Site> sites = new ArrayList<>();
        List<String> siteNames = new ArrayList<>();
        for (JsonNode site : siteList) {
            String name = site.path("name").asText();
            siteNames.add(name);
            String owner = site.path("owner").asText("");
            if (!owner.isEmpty()) {
                owners.add(owner);
            }
            List<Server> servers = serversBySite.getOrDefault(name, List.of());
            if (!servers.isEmpty()) {
                sites.add(new Site(name, site.path("timeZone").asText(), owner, servers));
            }
        }
        List<Week> weeks = List.of();
        List<String> issuers = new ArrayList<>();
        try {
            JsonNode overview = summary.get();
            weeks = weeks(overview.path("weeks"));
            overview.path("issuers").forEach(issuer -> issuers.add(issuer.asText()));
        } catch (CallFailed e) {
            unavailable.add("the weeks ahead: " + e.getMessage());
        }
        return new View(sites, shown, weeks,
                filters, siteNames, List.copyOf(roles), List.copyOf(owners), issuers, List.of(ExpiryBand.values()),
                unavailable);
    }

    private static boolean slotMatches(Slot slot, Filters filters) {
        Cert c = slot.intended();
        if (filters.issuer().isBlank() && filters.band().isBlank() && filters.q().isBlank()) {
            return true;
        }
        if (c == null) {
            return false;
        }
        String q = filters.q().strip().toLowerCase(Locale.ROOT).replace(":", "").replace(" ", "");
        return matches(filters.issuer(), c.issuer()) && (filters.band().isBlank() || c.band().name().equals(filters.band()))
                && (q.isEmpty() || c.commonName().toLowerCase(Locale.ROOT).contains(q)
                || c.names().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains(q))
                || c.thumbprint().toLowerCase(Locale.ROOT).equals(q) || c.serialNumber().toLowerCase(Locale.ROOT).equals(q));
    }

    private static boolean matches(String filter, String value) {
        return filter.isBlank() || filter.equals(value);
    }

    private static Cert cert(JsonNode c, Instant now) {
        Instant notAfter = Instant.parse(c.path("notAfter").asText());
        List<String> names = new ArrayList<>();
        c.path("subjectAltNames").forEach(n -> names.add(n.asText()));
        return new Cert(c.path("id").asText(), c.path("commonName").asText(c.path("subject").asText()), names,
                c.path("issuer").asText(), c.path("serialNumber").asText(), c.path("thumbprintSha1").asText(), notAfter,
                ExpiryBand.of(notAfter, now), ExpiryBand.daysLeft(notAfter, now));
    }

    /** The weeks of inventory's summary, with each bar's width in percent of the busiest week. */
    static List<Week> weeks(JsonNode summaryWeeks) {
        long max = 1;
        for (JsonNode week : summaryWeeks) {
            max = Math.max(max, Math.max(week.path("expiring").asLong(), week.path("renewalsPlanned").asLong()));
        }
        List<Week> weeks = new ArrayList<>();
        for (JsonNode week : summaryWeeks) {
            long expiring = week.path("expiring").asLong();
            long planned = week.path("renewalsPlanned").asLong();
            weeks.add(new Week(LocalDate.parse(week.path("start").asText()), expiring, planned, (int) (expiring * 100 / max),
                    (int) (planned * 100 / max)));
        }
        return weeks;
    }
}
