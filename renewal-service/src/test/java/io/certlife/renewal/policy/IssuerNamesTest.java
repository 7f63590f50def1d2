package io.certlife.renewal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.events.DriftItem;
import io.certlife.events.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IssuerNamesTest {

    private static final Optional<List<String>> CONTOSO = Optional.of(List.of("contoso.com", ".corp.contoso.net"));
    private static final Optional<List<String>> TEN = Optional.of(List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void namesUnderAnAllowedSuffixOrInAnAllowedRangePass() {
        assertThat(IssuerNames.outside("INTERNAL_CA", CONTOSO, TEN, "CN=mail.contoso.com",
                List.of("mail.contoso.com", "contoso.com", "*.contoso.com", "a.corp.contoso.net", "10.1.2.3", "fd00::1"))).isEmpty();
    }

    @Test
    void everyOtherNameIsABlockingDriftItemTheSubjectsCommonNameIncluded() {
        List<DriftItem> outside = IssuerNames.outside("INTERNAL_CA", CONTOSO, TEN, "CN=HUB01",
                List.of("evilcontoso.com", "sso.corp", "mail.contoso.com.attacker.net", "192.168.1.1", "11.0.0.1"));
        assertThat(outside).extracting(DriftItem::code).containsOnly(IssuerNames.NAME_NOT_ALLOWED);
        assertThat(outside).extracting(DriftItem::severity).containsOnly(Severity.ERROR);
        assertThat(outside).extracting(DriftItem::message).hasSize(6)
                .anySatisfy(m -> assertThat(m).contains("may not issue for sso.corp"))
                .anySatisfy(m -> assertThat(m).contains("may not issue for HUB01"))
                .anySatisfy(m -> assertThat(m).contains("certlife.renewal.issuer-names.INTERNAL_CA"));
    }

    @Test
    void anIssuerWithoutConfiguredNamesIsNotRestricted() {
        assertThat(IssuerNames.outside("CSR", Optional.empty(), Optional.empty(), "CN=anything", List.of("sso.corp"))).isEmpty();
    }

    @Test
    void ipAddressesNeedARangeAndDnsNamesASuffix() {
        assertThat(IssuerNames.outside("X", CONTOSO, Optional.empty(), "CN=a.contoso.com", List.of("10.0.0.1"))).hasSize(1);
        assertThat(IssuerNames.outside("X", Optional.empty(), TEN, "CN=10.0.0.1", List.of("a.contoso.com"))).hasSize(1);
    }
}
