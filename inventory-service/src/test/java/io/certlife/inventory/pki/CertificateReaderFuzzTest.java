package io.certlife.inventory.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certlife.testsupport.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The certificate and chain reader takes any uploaded file: it reads certificates or refuses with
 * {@link CertificateParseException}; any other exception (or a hang) is a finding. Seeds are made here: PEM (one, a
 * chain, with a stray block), DER. README "Fuzzing" says how to run it longer.
 */
class CertificateReaderFuzzTest {

    static Stream<byte[]> seeds() {
        Instant now = Instant.now();
        var ca = TestCertificates.certificateAuthority("Fuzz CA", now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS));
        var leaf = TestCertificates.issuedBy(ca, "fuzz.test", List.of("fuzz.test", "www.fuzz.test"), now, now.plus(20, ChronoUnit.DAYS),
                "http://crl.fuzz.test/ca.crl");
        return Stream.of(leaf.pem().getBytes(StandardCharsets.US_ASCII), (leaf.pem() + ca.pem()).getBytes(StandardCharsets.US_ASCII),
                leaf.der(), ("-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n" + leaf.pem()).getBytes(StandardCharsets.US_ASCII));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    void read(byte[] input) {
        try {
            CertificateReader.read(input, null, new CertificateReader.Limits(1000, 1000, 1000));
        } catch (CertificateParseException refused) {
            // the one way to say no
        }
    }
}
