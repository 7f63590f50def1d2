package io.certlife.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo as a new user sees it, over the packaged services: within about a minute of loading the estate,
 * findings, expiry alerts in the mail and webhook sinks, a self-signed renewal, a CSR answered by the stand-in
 * CA, and an ISA-export task whose PFX link arrives by mail and password by chat.
 */
class DemoIT {

    @RegisterExtension
    static final LocalSystemExtension LOCAL = new LocalSystemExtension();

    @Test
    void theDemoEstateShowsFindingsAlertsRenewalsAndTheIsaExportWithinAboutAMinute() throws IOException {
        LocalSystem system = LOCAL.system();
        Demo.load(system, LOCAL.dataDir());

        List<String> rules = given().baseUri(system.url("inventory-service")).get("/findings?state=all").then().statusCode(200)
                .extract().jsonPath().getList("ruleId");
        assertThat(rules).contains("EXPORTABLE_KEY_REQUIRED", "CRL_LDAP_ONLY", "WILDCARD_MAIL_RETRIEVAL", "PUBLIC_ISSUER_REQUIRED");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(files(system.mailFolder()))
                .anySatisfy(mail -> assertThat(mail).containsPattern("Subject: mail\\.contoso\\.com on CAS01 \\(IIS\\) expires in (39|40) days")));
        assertThat(files(system.webhookFolder())).anySatisfy(request -> assertThat(request)
                .startsWith("POST /hooks/local-webhook").containsIgnoringCase("X-certlife-signature: sha256="));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(given().baseUri(system.url("renewal-service"))
                .get("/renewals").then().extract().jsonPath().<Map<String, Object>>getList("$"))
                .anySatisfy(r -> assertThat(r).containsEntry("subject", "CN=HUB01").containsEntry("issuer", "SELF_SIGNED")
                        .containsEntry("state", "ISSUED"))
                .anySatisfy(r -> assertThat(r).containsEntry("subject", "CN=mail.contoso.com").containsEntry("issuer", "CSR")
                        .containsEntry("state", "ISSUED")));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(given().baseUri(system.url("notifier-service"))
                .get("/tasks?server=isa01.contoso.com").then().extract().jsonPath().<Map<String, Object>>getList("$"))
                .singleElement().satisfies(task -> assertThat(task).containsEntry("kind", "ISA_EXPORT")
                        .containsEntry("exportProfile", "LEGACY").containsEntry("exportState", "DELIVERED")));
        assertThat(files(system.mailFolder())).anySatisfy(mail -> assertThat(mail).contains("Subject: PFX download for: ")
                .contains("/exports/").doesNotContain("Password of the PFX"));
        assertThat(files(system.webhookFolder())).anySatisfy(chat -> assertThat(chat).startsWith("POST /chat/local-chat")
                .contains("Password of the PFX whose download link went to perimeter@contoso.com"));
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
