package io.certlife.inventory.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certlife.testsupport.TestCertificates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A responder's answer is read into an {@link OcspAnswer.Answer} and never escapes as an exception: any exception is a finding.
 * Seeds are answers made here with Bouncy Castle's responder classes (good, with and without the nonce).
 */
class OcspAnswerFuzzTest {

    private static final Instant NOW = Instant.now();
    private static final TestCertificates.Issued CA = TestCertificates.certificateAuthority("Fuzz OCSP CA",
            NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS));
    private static final OcspAnswer.Request REQUEST = OcspAnswer.request(TestCertificates.issuedBy(CA, "ocsp.fuzz.test",
            List.of("ocsp.fuzz.test"), NOW, NOW.plus(20, ChronoUnit.DAYS), null).certificate(), CA.certificate());

    static Stream<byte[]> seeds() throws Exception {
        return Stream.of(
                OcspAnswerTest.answer(CA.keyPair(), List.of(), REQUEST.id(), CertificateStatus.GOOD, NOW.minusSeconds(60),
                        NOW.plus(1, ChronoUnit.DAYS), REQUEST.nonce()),
                OcspAnswerTest.answer(CA.keyPair(), List.of(), REQUEST.id(), CertificateStatus.GOOD, NOW.minusSeconds(60), null, null));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    void read(byte[] input) {
        OcspAnswer.read(REQUEST, input, NOW);
    }
}
