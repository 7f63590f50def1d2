package io.certlife.renewal.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certlife.testsupport.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CA's answer to a CSR (what an operator uploads to {@code POST /renewals/{id}/certificate}) is read as PEM and its
 * path validated to the issuer's trust anchor: certificates that validate, or {@link PkiException} naming why, nothing
 * else. Seeds are made here: the leaf, the leaf with its CA, a leaf from an impostor CA, a CRL block.
 */
class CaAnswerFuzzTest {

    private static final Instant NOW = Instant.now();
    private static final TestCertificates.Issued CA = TestCertificates.certificateAuthority("Fuzz Answer CA",
            NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS));
    private static final List<X509Certificate> ANCHORS = List.of(CA.certificate());

    static Stream<byte[]> seeds() {
        var leaf = TestCertificates.issuedBy(CA, "answer.fuzz.test", List.of("answer.fuzz.test"), NOW, NOW.plus(20, ChronoUnit.DAYS), null);
        var impostor = TestCertificates.certificateAuthority("Fuzz Answer CA", NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS));
        var forged = TestCertificates.issuedBy(impostor, "answer.fuzz.test", List.of("answer.fuzz.test"), NOW, NOW.plus(20, ChronoUnit.DAYS),
                null);
        return Stream.of(leaf.pem(), leaf.pem() + CA.pem(), forged.pem() + impostor.pem(),
                        "-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n" + leaf.pem())
                .map(pem -> pem.getBytes(StandardCharsets.US_ASCII));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    void read(byte[] input) {
        try {
            PathValidation.validate(Pem.certificates(new String(input, StandardCharsets.UTF_8)), ANCHORS, NOW);
        } catch (PkiException refused) {
            // the one way to say no
        }
    }
}
