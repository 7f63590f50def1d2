package io.certlife.inventory.revocation;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certlife.testsupport.TestCertificates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a CRL distribution point serves is read into a state and never escapes as an exception: any exception is a
 * finding. Seeds are CRLs made here (current, stale, listing a certificate).
 */
class CrlReaderFuzzTest {

    private static final Instant NOW = Instant.now();
    private static final TestCertificates.Issued CA = TestCertificates.certificateAuthority("Fuzz CRL CA",
            NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS));

    static Stream<byte[]> seeds() {
        var leaf = TestCertificates.issuedBy(CA, "crl.fuzz.test", List.of("crl.fuzz.test"), NOW, NOW.plus(20, ChronoUnit.DAYS), null);
        return Stream.of(TestCertificates.crl(CA, NOW.minus(1, ChronoUnit.HOURS), NOW.plus(7, ChronoUnit.DAYS), List.of(leaf.certificate())),
                TestCertificates.crl(CA, NOW.minus(9, ChronoUnit.DAYS), NOW.minus(2, ChronoUnit.DAYS), List.of()));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    void read(byte[] input) {
        CrlReader.read(input, List.of(CA.certificate()), NOW);
    }
}
