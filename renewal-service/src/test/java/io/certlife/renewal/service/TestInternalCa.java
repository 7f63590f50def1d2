package io.certlife.renewal.service;

import io.certlife.testsupport.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * renewal-service's internal CA, made by the test run (so that tests can hold certificates it genuinely issued) and
 * given to the service as {@code certlife.internal-ca.certificate} and {@code .key}. Kept in system properties: the
 * service and the test class are loaded by different class loaders and must agree on one CA.
 */
public class TestInternalCa implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "certlife Test Internal CA";

    /** The CA, made once per JVM. */
    static TestCertificates.Issued ca() {
        synchronized (System.getProperties()) {
            if (System.getProperty("certlife.test-internal-ca.certificate") == null) {
                TestCertificates.Issued ca = TestCertificates.certificateAuthority(NAME, Instant.now().minus(1, ChronoUnit.DAYS),
                        Instant.now().plus(3650, ChronoUnit.DAYS));
                System.setProperty("certlife.test-internal-ca.certificate", ca.pem());
                System.setProperty("certlife.test-internal-ca.key", ca.keyPem());
            }
            return TestCertificates.parse(System.getProperty("certlife.test-internal-ca.certificate"),
                    System.getProperty("certlife.test-internal-ca.key"));
        }
    }

    @Override
    public Map<String, String> start() {
        TestCertificates.Issued ca = ca();
        return Map.of("certlife.internal-ca.certificate", ca.pem(), "certlife.internal-ca.key", ca.keyPem(),
                "certlife.internal-ca.generate", "false");
    }

    @Override
    public void stop() {
    }
}
