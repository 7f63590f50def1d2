package io.certlife.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.Openssl;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A certificate out of the inventory as the servers need it: PEM with its chain, leaf first, or the leaf as DER. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class CertificateDownloadTest {

    @Test
    void pemCarriesTheChainLeafFirstAndPkixCertTheLeaf() throws Exception {
        Instant now = Instant.now();
        var ca = TestCertificates.certificateAuthority("Download CA", now.minus(10, ChronoUnit.DAYS), now.plus(900, ChronoUnit.DAYS));
        var leaf = TestCertificates.issuedBy(ca, "download.contoso.com", List.of("download.contoso.com"),
                now.minus(1, ChronoUnit.DAYS), now.plus(90, ChronoUnit.DAYS), null);
        String id = given().contentType("application/x-pem-file").body((leaf.pem() + ca.pem()).getBytes(StandardCharsets.US_ASCII))
                .post("/certificates").then().statusCode(201).extract().path("certificates.find { it.subject == 'CN=download.contoso.com' }.id");

        byte[] pem = given().accept("application/x-pem-file").get("/certificates/" + id).then().statusCode(200)
                .contentType("application/x-pem-file").extract().asByteArray();
        List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem)));
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getEncoded()).isEqualTo(leaf.der());
        assertThat(chain.get(1).getEncoded()).isEqualTo(ca.der());
        Path file = Files.write(Files.createTempFile("download", ".pem"), pem);
        try {
            assertThat(Openssl.run("the openssl check of the downloaded PEM", Map.of(), "x509", "-in", file.toString(),
                    "-noout", "-subject")).contains("download.contoso.com");
        } finally {
            Files.delete(file);
        }

        byte[] der = given().accept("application/pkix-cert").get("/certificates/" + id).then().statusCode(200)
                .contentType("application/pkix-cert").extract().asByteArray();
        assertThat(der).isEqualTo(leaf.der());
        given().get("/certificates/" + id).then().statusCode(200).contentType("application/json");
    }

    @Test
    void anUnknownCertificateIsA404WhateverTheFormatAsked() {
        given().accept("application/x-pem-file").get("/certificates/" + UUID.randomUUID()).then().statusCode(404)
                .body("detail", startsWith("no certificate with id"));
    }
}
