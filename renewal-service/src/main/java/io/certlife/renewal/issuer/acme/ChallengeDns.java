package io.certlife.renewal.issuer.acme;

import io.certlife.outbound.OutboundGuard;
import io.certlife.outbound.OutboundRefused;
import io.certlife.renewal.config.AcmeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The DNS side of dns-01: which configured zone holds a name, writing and removing a zone's {@code _acme-challenge}
 * TXT records by RFC 2136 dynamic update signed with TSIG, and asking each of the zone's authoritative servers whether
 * it already answers with a value. Every server is reached through the outbound guard.
 */
@ApplicationScoped
public class ChallengeDns {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long TTL = 60;

    @Inject
    AcmeConfig config;

    @Inject
    OutboundGuard guard;

    /** The configured zone a DNS name lies in (the longest matching domain), if any. */
    public Optional<AcmeConfig.Zone> zoneOf(String name) {
        String host = name.toLowerCase(Locale.ROOT).replaceFirst("^\\*\\.", "");
        return config.zones().values().stream()
                .filter(zone -> host.equals(domain(zone)) || host.endsWith("." + domain(zone)))
                .max(Comparator.comparingInt(zone -> domain(zone).length()));
    }

    /** How long the zone's records may take to show on its authoritative servers before the attempt fails. */
    public static Duration propagationTimeout(AcmeConfig.Zone zone) {
        return zone.propagationTimeout().orElse(zone.solver() == AcmeConfig.Solver.MANUAL ? Duration.ofDays(2) : Duration.ofMinutes(10));
    }

    /** Adds the TXT record (RFC2136 zones). */
    public void publish(AcmeConfig.Zone zone, String name, String value) throws IOException, OutboundRefused {
        Update update = new Update(absolute(domain(zone)));
        update.add(txt(name, value));
        send(zone, update, "add");
    }

    /** Removes the TXT record, and only that value (RFC2136 zones). */
    public void remove(AcmeConfig.Zone zone, String name, String value) throws IOException, OutboundRefused {
        Update update = new Update(absolute(domain(zone)));
        update.delete(txt(name, value));
        send(zone, update, "delete");
    }

    /** Whether every authoritative server of the zone answers the name's TXT query with the value. */
    public boolean visible(AcmeConfig.Zone zone, String name, String value) throws IOException, OutboundRefused {
        if (zone.authoritative().isEmpty()) {
            throw new IOException("zone " + zone.domain() + " names no authoritative servers (certlife.acme.zones.<id>.authoritative)");
        }
        for (String server : zone.authoritative()) {
            Message answer = resolver(server).send(Message.newQuery(Record.newRecord(absolute(name), Type.TXT, DClass.IN)));
            boolean found = answer.getSection(Section.ANSWER).stream().filter(TXTRecord.class::isInstance)
                    .map(TXTRecord.class::cast).anyMatch(txt -> String.join("", txt.getStrings()).equals(value));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private void send(AcmeConfig.Zone zone, Update update, String what) throws IOException, OutboundRefused {
        String server = zone.updateServer().orElseGet(() -> zone.authoritative().isEmpty() ? null : zone.authoritative().get(0));
        if (server == null || zone.tsigKeyName().isEmpty() || zone.tsigSecret().isEmpty()) {
            throw new IOException("zone " + zone.domain() + " is RFC2136 but lacks update-server (or authoritative), tsig-key-name or tsig-secret");
        }
        SimpleResolver resolver = resolver(server);
        resolver.setTSIGKey(new TSIG(TSIG.algorithmToName(zone.tsigAlgorithm()), absolute(zone.tsigKeyName().get()),
                zone.tsigSecret().get()));
        Message response = resolver.send(update);
        if (response.getRcode() != Rcode.NOERROR) {
            throw new IOException("DNS update (" + what + ") in zone " + zone.domain() + " at " + server + " was answered "
                    + Rcode.string(response.getRcode()) + (response.getTSIG() == null ? "" : ", TSIG " + Rcode.TSIGstring(response.getTSIG().getError())));
        }
    }

    private SimpleResolver resolver(String server) throws IOException, OutboundRefused {
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(':') == colon;
        String host = hasPort ? server.substring(0, colon) : server;
        int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : SimpleResolver.DEFAULT_PORT;
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(guard.check(host), port));
        resolver.setTimeout(TIMEOUT);
        return resolver;
    }

    private static TXTRecord txt(String name, String value) throws TextParseException {
        return new TXTRecord(absolute(name), DClass.IN, TTL, List.of(value));
    }

    private static String domain(AcmeConfig.Zone zone) {
        return zone.domain().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }

    private static Name absolute(String name) throws TextParseException {
        return Name.fromString(name.endsWith(".") ? name : name + ".");
    }
}
