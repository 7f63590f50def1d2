package io.certlife.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.junit.jupiter.api.Test;

/** Every accepted format, and every kind of bad input: a clear 4xx, nothing half-written. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class CertificateFormatsTest {

    private static final Instant NOW = Instant.now();
    private static final TestCertificates.Issued CA = TestCertificates.certificateAuthority("Formats Test CA",
            NOW.minus(10, ChronoUnit.DAYS), NOW.plus(3000, ChronoUnit.DAYS));

    private static TestCertificates.Issued leaf(String cn) {
        return TestCertificates.issuedBy(CA, cn, List.of(cn), NOW.minus(1, ChronoUnit.DAYS), NOW.plus(200, ChronoUnit.DAYS),
                "ldap:///CN=Formats Test CA,CN=CDP,DC=test");
    }

    @Test
    void aPemChainStoresTheLeafWithItsChain() {
        var leaf = leaf("chain.formats.test");
        given().contentType("application/x-pem-file").body((leaf.pem() + CA.pem()).getBytes())
                .post("/certificates").then().statusCode(201)
                .body("certificates.size()", equalTo(2))
                .body("certificates[0].chainThumbprints", equalTo(List.of(thumbprint(CA.certificate()))))
                .body("certificates[0].crlDistributionPoints[0]", containsString("ldap:"))
                .body("certificates[1].certificateAuthority", equalTo(true));
    }

    @Test
    void aPkcs7BundleIsRead() throws Exception {
        var leaf = leaf("p7b.formats.test");
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addCertificates(new JcaCertStore(List.of(leaf.certificate(), CA.certificate())));
        byte[] p7b = generator.generate(new CMSProcessableByteArray(new byte[0])).getEncoded();
        given().contentType("application/x-pkcs7-certificates").body(p7b).post("/certificates").then().statusCode(201)
                .body("certificates.subject", org.hamcrest.Matchers.hasItem("CN=p7b.formats.test"));
    }

    @Test
    void aPfxKeepsTheCertificatesDiscardsTheKeyAndSaysSo() throws Exception {
        var leaf = leaf("pfx.formats.test");
        byte[] pfx = pkcs12(leaf, "s3cret-test".toCharArray());
        given().contentType("application/x-pkcs12").header(CertificateResource.PFX_PASSWORD_HEADER, "s3cret-test").body(pfx)
                .post("/certificates").then().statusCode(201)
                .body("privateKeyDiscarded", equalTo(true))
                .body("note", containsString("discarded"))
                .body("certificates.subject", org.hamcrest.Matchers.hasItem("CN=pfx.formats.test"));

        byte[] other = pkcs12(leaf("pfx2.formats.test"), "right".toCharArray());
        given().contentType("application/x-pkcs12").header(CertificateResource.PFX_PASSWORD_HEADER, "wrong").body(other)
                .post("/certificates").then().statusCode(400).body("detail", containsString("wrong password"));
        given().get("/certificates?size=1000").then().body("subject", org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.hasItem("CN=pfx2.formats.test")));
    }

    @Test
    void aPfxWithAnAbsurdIterationCountIsRefusedBeforeAnyWork() throws Exception {
        var leaf = leaf("slow.formats.test");
        char[] password = "pw".toCharArray();
        byte[] pfx = new PKCS12PfxPduBuilder()
                .addData(new PKCS12SafeBagBuilder(new JcaX509CertificateHolder(leaf.certificate())).build())
                .build(new BcPKCS12MacCalculatorBuilder(new SHA1Digest(),
                        new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1)).setIterationCount(1_000_001), password)
                .getEncoded();
        given().contentType("application/x-pkcs12").header(CertificateResource.PFX_PASSWORD_HEADER, "pw").body(pfx)
                .post("/certificates").then().statusCode(400).body("detail", containsString("iteration count 1000001"));
    }

    @Test
    void badInputIsA4xxNamingTheProblem() throws Exception {
        long before = count();
        byte[] der = leaf("truncated.formats.test").der();
        given().contentType("application/pkix-cert").body(Arrays.copyOf(der, der.length / 2))
                .post("/certificates").then().statusCode(400).body("type", containsString("unreadable-certificate"));
        given().contentType("application/octet-stream").body("just some text".getBytes())
                .post("/certificates").then().statusCode(400);
        byte[] nested = new byte[60_000];
        for (int i = 0; i < nested.length; i += 2) {
            nested[i] = 0x30;
            nested[i + 1] = (byte) 0x80;
        }
        given().contentType("application/pkix-cert").body(nested).post("/certificates").then().statusCode(400);
        given().contentType("application/pkix-cert").body(new byte[70_000]).post("/certificates").then().statusCode(413)
                .body("detail", containsString("over the limit of 65536 bytes"));
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void aZipIsImportedWholeOrNotAtAll() throws Exception {
        byte[] good = zip("a.pem", leaf("zip-a.formats.test").pem().getBytes(), "dir/b.cer", leaf("zip-b.formats.test").der());
        given().contentType("application/zip").body(good).post("/certificates/bulk").then().statusCode(201)
                .body("created", equalTo(2));

        long before = count();
        byte[] bad = zip("c.pem", leaf("zip-c.formats.test").pem().getBytes(), "broken.pem", "garbage".getBytes());
        given().contentType("application/zip").body(bad).post("/certificates/bulk").then().statusCode(400)
                .body("detail", containsString("broken.pem"));
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void aZipOfSeveralPagesIsStoredPageByPageAfterEveryFileIsRead() throws Exception {
        // the test profile stores two certificates per page (certlife.import.page-size)
        byte[] first = leaf("pages-1.formats.test").pem().getBytes();
        byte[] pages = zip("1.pem", first, "2.pem", leaf("pages-2.formats.test").pem().getBytes(),
                "3.pem", leaf("pages-3.formats.test").pem().getBytes(), "4.pem", leaf("pages-4.formats.test").pem().getBytes(),
                "again.pem", first);
        given().contentType("application/zip").body(pages).post("/certificates/bulk").then().statusCode(201)
                .body("created", equalTo(4)).body("certificates.size()", equalTo(5))
                .body("certificates[4].id", equalTo(given().get("/certificates?name=pages-1.formats").then().extract().path("[0].id")));
        given().contentType("application/zip").body(pages).post("/certificates/bulk").then().statusCode(200).body("created", equalTo(0));

        long before = count();
        byte[] badLast = zip("5.pem", leaf("pages-5.formats.test").pem().getBytes(), "6.pem", leaf("pages-6.formats.test").pem().getBytes(),
                "7.pem", leaf("pages-7.formats.test").pem().getBytes(), "broken.pem", "garbage".getBytes());
        given().contentType("application/zip").body(badLast).post("/certificates/bulk").then().statusCode(400)
                .body("detail", containsString("broken.pem"));
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void multipartUploadsAreImported() {
        given().multiPart("file", "one.pem", leaf("mp-1.formats.test").pem().getBytes(), "application/x-pem-file")
                .multiPart("file", "two.cer", leaf("mp-2.formats.test").der(), "application/pkix-cert")
                .post("/certificates/bulk").then().statusCode(201).body("created", equalTo(2));
    }

    private static long count() {
        return given().get("/certificates?size=1000").then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    private static byte[] pkcs12(TestCertificates.Issued leaf, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", leaf.keyPair().getPrivate(), password, new X509Certificate[] {leaf.certificate(), CA.certificate()});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    /** A zip with a directory entry and the given files: name, content, name, content, ... */
    private static byte[] zip(Object... namesAndContents) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("dir/"));
            zip.closeEntry();
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) namesAndContents[i]));
                zip.write((byte[]) namesAndContents[i + 1]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String thumbprint(X509Certificate certificate) {
        try {
            return java.util.HexFormat.of().withUpperCase().formatHex(
                    java.security.MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
