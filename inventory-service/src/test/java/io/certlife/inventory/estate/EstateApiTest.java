package io.certlife.inventory.estate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.certlife.events.EstateEntity;
import io.certlife.events.EventCodec;
import io.certlife.events.Topics;
import io.certlife.events.TopologyChangedV1;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class EstateApiTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void importingTheSameEstateTwiceChangesNothingTheSecondTimeAndEmitsNothing() throws IOException {
        byte[] estate = resource("/contoso-estate.yaml");

        Map<String, Integer> first = given().contentType("application/yaml").body(estate)
                .post("/estate/import").then().statusCode(200).extract().jsonPath().getMap("items");
        assertThat(first).containsEntry("CREATED", 13).doesNotContainKey("UNCHANGED");
        int eventsAfterFirst = topologyEvents().size();
        assertThat(eventsAfterFirst).isGreaterThanOrEqualTo(13);

        Map<String, Integer> second = given().contentType("application/yaml").body(estate)
                .post("/estate/import").then().statusCode(200).extract().jsonPath().getMap("items");
        assertThat(second).containsOnlyKeys("UNCHANGED").containsEntry("UNCHANGED", 13);
        // a later change is the marker that everything before it has been relayed
        given().contentType("application/json").body(Map.of("name", "marker-team"))
                .put("/teams/marker-team").then().statusCode(201);
        List<TopologyChangedV1> events = awaitTopology("TEAM", "marker-team");
        assertThat(events).hasSize(eventsAfterFirst + 1);

        given().get("/servers/CAS01.contoso.com").then().statusCode(200)
                .body("hostName", equalTo("CAS01")).body("roles", equalTo(List.of("CLIENT_ACCESS")));
        given().get("/bindings?server=hub01.contoso.com").then().statusCode(200)
                .body("[0].renewBefore", equalTo("PT720H"));
        given().get("/roles").then().statusCode(200)
                .body("find { it.role == 'CLIENT_ACCESS' }.recommendedIssuerWhenInternetFacing", equalTo("PUBLIC"))
                .body("find { it.role == 'MAILBOX' }.selfSignedAtInstall", equalTo(false));
    }

    @Test
    void anUpdateEmitsTopologyChangedWithBeforeAndAfter() {
        given().contentType("application/json").body(Map.of("name", "Lab", "timeZone", "Europe/Paris"))
                .put("/sites/Lab").then().statusCode(201);
        given().contentType("application/json").body(Map.of("name", "Lab", "timeZone", "Asia/Tokyo"))
                .put("/sites/Lab").then().statusCode(200).body("timeZone", equalTo("Asia/Tokyo"));
        given().contentType("application/json").body(Map.of("name", "Lab", "timeZone", "Asia/Tokyo"))
                .put("/sites/Lab").then().statusCode(200);

        List<TopologyChangedV1> events = awaitTopology("SITE", "Lab");
        assertThat(events).extracting(TopologyChangedV1::change).containsExactly("CREATED", "UPDATED");
        assertThat(((EstateEntity.Site) events.get(1).before()).timeZone()).isEqualTo("Europe/Paris");
        assertThat(((EstateEntity.Site) events.get(1).after()).timeZone()).isEqualTo("Asia/Tokyo");
    }

    @Test
    void badEstateInputIsA4xxNamingTheProblemAndWritesNothing() {
        given().contentType("application/json").body(Map.of("name", "Mars", "timeZone", "Mars/Olympus"))
                .put("/sites/Mars").then().statusCode(400).body("detail", containsString("Mars/Olympus"));
        given().contentType("application/yaml").body("""
                sites:
                  - name: Good
                    timeZone: UTC
                servers:
                  - fqdn: x.contoso.com
                    site: Nowhere
                    roles: [HUB_TRANSPORT]
                """.getBytes()).post("/estate/import").then().statusCode(400)
                .body("detail", containsString("site Nowhere does not exist"));
        given().get("/sites/Good").then().statusCode(404);
        given().contentType("application/yaml").body("servers:\n  - fqdn: y\n    roles: [KING]\n".getBytes())
                .post("/estate/import").then().statusCode(400).body("detail", containsString("KING"));
        given().contentType("application/yaml").body("sites: [\n".getBytes())
                .post("/estate/import").then().statusCode(400).body("detail", containsString("line"));
        given().contentType("application/json").body(Map.of("name", "Empty", "timeZone", "UTC"))
                .put("/sites/Empty").then().statusCode(201);
        given().contentType("application/json").body(Map.of("fqdn", "z.contoso.com", "site", "Empty", "roles", List.of("MAILBOX")))
                .put("/servers/z.contoso.com").then().statusCode(201);
        given().delete("/sites/Empty").then().statusCode(409).body("detail", containsString("z.contoso.com"));
        given().contentType("application/json").body(Map.of("fqdn", "q.contoso.com", "site", "Empty", "roles", List.of("WIZARD")))
                .put("/servers/q.contoso.com").then().statusCode(400);
    }

    private List<TopologyChangedV1> topologyEvents() {
        return kafka.await(Topics.INVENTORY_EVENTS, r -> EventCodec.decode(r.value()).data() instanceof TopologyChangedV1,
                        Integer.MAX_VALUE, Duration.ofSeconds(3)).stream()
                .map(r -> (TopologyChangedV1) EventCodec.decode(r.value()).data()).toList();
    }

    private List<TopologyChangedV1> awaitTopology(String entity, String id) {
        kafka.await(Topics.INVENTORY_EVENTS, r -> EventCodec.decode(r.value()).data() instanceof TopologyChangedV1 t
                && t.entity().equals(entity) && t.entityId().equals(id), 1, Duration.ofSeconds(20));
        List<TopologyChangedV1> all = topologyEvents();
        return entity.equals("TEAM") ? all : all.stream().filter(t -> t.entity().equals(entity) && t.entityId().equals(id)).toList();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = EstateApiTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
