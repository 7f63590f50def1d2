package io.certlife.renewal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.events.CertificateSummary;
import io.certlife.events.DriftItem;
import io.certlife.events.RenewalRequirements;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The clone against policy and topology, one named case per drift rule (and the cases that must not drift). */
class PlanDriftTest {

    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    private static CertificateSummary old(String subject, List<String> sans, String algorithm, int size, String signature, int days) {
        return new CertificateSummary("c-1", "AB", "CD", subject, "CN=Contoso CA", "01", sans, START,
                START.plus(days, ChronoUnit.DAYS), algorithm, size, signature, false);
    }

    private static final CertificateSummary CAS = old("CN=mail.contoso.com", List.of("mail.contoso.com", "autodiscover.contoso.com"),
            "RSA", 2048, "SHA256withRSA", 200);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a like-for-like clone has no drift", CAS, false, RenewalRequirements.NONE,
                        List.of(), List.of("mail.contoso.com", "autodiscover.contoso.com"), "RSA 2048"),
                Arguments.of("RSA 1024 is raised to 2048", old("CN=hub01", List.of("hub01"), "RSA", 1024, "SHA256withRSA", 365),
                        false, RenewalRequirements.NONE, List.of("KeyTooSmall:INFO"), List.of("hub01"), "RSA 2048"),
                Arguments.of("SHA-1 is replaced by SHA-256", old("CN=hub01", List.of("hub01"), "RSA", 2048, "SHA1withRSA", 365),
                        false, RenewalRequirements.NONE, List.of("Sha1Signature:INFO"), List.of("hub01"), "RSA 2048"),
                Arguments.of("a namespace clients use is added", CAS, false,
                        new RenewalRequirements(List.of("mail.contoso.com", "pop.contoso.com"), null, false, null),
                        List.of("MissingNamespace:WARNING"), List.of("mail.contoso.com", "autodiscover.contoso.com", "pop.contoso.com"), "RSA 2048"),
                Arguments.of("a wildcard covers a one-label namespace", old("CN=*.contoso.com", List.of("*.contoso.com"), "RSA", 2048,
                        "SHA256withRSA", 200), false, new RenewalRequirements(List.of("pop.contoso.com"), null, false, null),
                        List.of(), List.of("*.contoso.com"), "RSA 2048"),
                Arguments.of("the ISA host moves to the first SAN", old("CN=cas01", List.of("autodiscover.contoso.com", "mail.contoso.com"),
                        "RSA", 2048, "SHA256withRSA", 200), false, new RenewalRequirements(List.of(), "mail.contoso.com", false, null),
                        List.of("IsaFirstSanOrder:WARNING"), List.of("mail.contoso.com", "autodiscover.contoso.com"), "RSA 2048"),
                Arguments.of("the ISA host as subject CN is fine", CAS, false,
                        new RenewalRequirements(List.of(), "mail.contoso.com", false, null), List.of(),
                        List.of("mail.contoso.com", "autodiscover.contoso.com"), "RSA 2048"),
                Arguments.of("an ISA-published key becomes exportable", CAS, true, RenewalRequirements.NONE,
                        List.of("ExportableKeyRequired:INFO"), List.of("mail.contoso.com", "autodiscover.contoso.com"), "RSA 2048"),
                Arguments.of("validity over the public cap is capped", old("CN=mail.contoso.com", List.of("mail.contoso.com"), "RSA", 2048,
                        "SHA256withRSA", 397), false, new RenewalRequirements(List.of(), null, false, 200),
                        List.of("ValidityOverPublicCap:INFO"), List.of("mail.contoso.com"), "RSA 2048"),
                Arguments.of("ECDSA becomes RSA for ISA 2006", old("CN=mail.contoso.com", List.of("mail.contoso.com"), "EC", 256,
                        "SHA256withECDSA", 200), false, new RenewalRequirements(List.of(), null, true, null),
                        List.of("EcdsaNotSupported:WARNING"), List.of("mail.contoso.com"), "RSA 2048"),
                Arguments.of("ECDSA stays where every consumer takes it", old("CN=edge", List.of("edge"), "EC", 384,
                        "SHA384withECDSA", 200), false, RenewalRequirements.NONE, List.of(), List.of("edge"), "EC 384"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plan(String name, CertificateSummary old, boolean exportable, RenewalRequirements requirements, List<String> drift,
              List<String> names, String key) {
        PlanDrift.Plan plan = PlanDrift.of(old, exportable, requirements);
        assertThat(plan.drift()).extracting(d -> d.code() + ":" + d.severity()).containsExactlyElementsOf(drift);
        assertThat(plan.drift()).extracting(DriftItem::message).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(plan.subjectAltNames()).containsExactlyElementsOf(names);
        assertThat(plan.keyAlgorithm() + " " + plan.keySize()).isEqualTo(key);
        assertThat(plan.hasWarnings()).isEqualTo(drift.stream().anyMatch(d -> d.endsWith(":WARNING")));
        assertThat(plan.exportableKey()).isEqualTo(exportable);
        assertThat(plan.maxValidityDays()).isEqualTo(requirements.maxValidityDays());
    }
}
