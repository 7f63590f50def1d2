package io.certlife.notifier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EstateEntity;
import io.certlife.events.EventData;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.TopologyChangedV1;
import io.certlife.testsupport.KafkaTestClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds a small estate for one test out of the events inventory would send (names are unique per instance, so
 * tests sharing the service do not see each other's alerts), and the certificate events that follow.
 */
public final class TestEstate {

    public final String suffix = UUID.randomUUID().toString().substring(0, 8);
    public final String team = "team-" + suffix;
    public final String email = team + "@contoso.com";
    public final String site = "site-" + suffix;
    private final KafkaTestClient kafka;

    public TestEstate(KafkaTestClient kafka) {
        this.kafka = kafka;
    }

    /** The team (email and the given chat endpoint) and a site in {@code zone} that it owns. */
    public TestEstate teamAndSite(String chatEndpoint, String zone) {
        topology("TEAM", team, new EstateEntity.Team(team, email, chatEndpoint));
        topology("SITE", site, new EstateEntity.Site(site, zone, team));
        return this;
    }

    /** A server in this estate's site, owned through the site; returns its FQDN. */
    public String server(String host, String os, String pfxProfile, ServerRole... roles) {
        String fqdn = (host + "-" + suffix + ".contoso.com").toLowerCase();
        topology("SERVER", fqdn, new EstateEntity.Server(fqdn, host, site, List.of(roles), false, os, null, null, pfxProfile));
        return fqdn;
    }

    public void binding(String server, ServiceKind service, boolean retired) {
        topology("BINDING", server + "/" + service, new EstateEntity.Binding(server, service, null, null, null, null, retired, null));
    }

    public void publishingRule(String isaServer, String listener, String publicHost, String casServer) {
        String id = UUID.randomUUID().toString();
        topology("PUBLISHING_RULE", id, new EstateEntity.PublishingRule(id, isaServer, listener, publicHost, List.of(casServer)));
    }

    public void topology(String entity, String id, EstateEntity after) {
        kafka.sendEvent(event("/certlife/inventory", entity + ":" + id,
                new TopologyChangedV1(entity, id, "CREATED", null, after, List.of())));
    }

    public static CloudEvent<CertificateExpiringV1> expiring(String certificateId, String subject, int threshold, long daysLeft,
                                                             SlotRef... slots) {
        return event("/certlife/inventory", certificateId, new CertificateExpiringV1(certificateId, "AB" + certificateId.hashCode(),
                subject, Instant.now().plus(Duration.ofDays(daysLeft)), threshold, daysLeft, false, List.of(slots)));
    }

    public static CertificateSummary summary(String certificateId, String subject, Instant notAfter, String... sans) {
        String thumbprint = UUID.randomUUID().toString().replace("-", "").substring(0, 32).toUpperCase() + "ABCDEF12";
        return new CertificateSummary(certificateId, thumbprint, "sha256", subject, "CN=Contoso CA", "01", List.of(sans),
                Instant.now(), notAfter, "RSA", 2048, "SHA256withRSA", false);
    }

    public static CloudEvent<CertificateIssuedV1> issued(String replaces, CertificateSummary certificate, boolean exportable,
                                                         SlotRef... slots) {
        return event("/certlife/renewal", replaces, new CertificateIssuedV1(UUID.randomUUID().toString(), replaces,
                certificate, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", List.of(), List.of(slots), exportable));
    }

    /** Adds a routing rule sending everything (INFO and up) about this estate's team to one more recipient. */
    public void routeTo(String channel, String recipient) {
        given().contentType("application/json").body(Map.of("name", channel.toLowerCase() + "-" + suffix, "channel", channel,
                "recipients", List.of(recipient), "owner", team, "minSeverity", "INFO")).post("/routing-rules").then().statusCode(201);
    }

    /** Waits until the notifier has applied the topology event for this entity. */
    public static void awaitApplied(String entity, String id) {
        await().pollInSameThread().atMost(Duration.ofSeconds(30))
                .until(() -> EstateEntry.findById(new EstateEntry.Key(entity, id)) != null);
    }

    /** Waits until the notifier has heard of this certificate. */
    public static void awaitKnown(String certificateId) {
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> CertificateState.findById(certificateId) != null);
    }

    public static <T extends EventData> CloudEvent<T> event(String source, String subject, T data) {
        return CloudEvent.create(source, subject, data, Clock.systemUTC());
    }
}
