package io.certlife.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.events.ServiceKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskStepsTest {

    @Test
    void isaMatchesThePublishedNameOnlyAgainstTheCnOrTheFirstSan() {
        assertThat(TaskSteps.isaNameCheck("mail.contoso.com", "mail.contoso.com", List.of("autodiscover.contoso.com")))
                .isEqualTo("OK: mail.contoso.com is the subject CN");
        assertThat(TaskSteps.isaNameCheck("MAIL.contoso.com", "cas01", List.of("mail.contoso.com", "autodiscover.contoso.com")))
                .isEqualTo("OK: MAIL.contoso.com is the first SAN");
        assertThat(TaskSteps.isaNameCheck("mail.contoso.com", "cas01", List.of("autodiscover.contoso.com", "mail.contoso.com")))
                .startsWith("PROBLEM: ISA 2006 matches mail.contoso.com only against the subject CN (cas01) or the first SAN "
                        + "(autodiscover.contoso.com)");
        assertThat(TaskSteps.isaNameCheck("mail.contoso.com", "cas01", List.of())).contains("the first SAN (none)");
    }

    @Test
    void exchangeServicesUseExchangeNamesAndSmtpIsForcedPastThePrompt() {
        assertThat(TaskSteps.exchangeServices(List.of(ServiceKind.IIS, ServiceKind.UM_CALL_ROUTER, ServiceKind.SMTP))).isEqualTo("IIS,UMCallRouter,SMTP");
        List<String> steps = TaskSteps.exchangeEnable("HUB01", "ABCD", "OLD1", List.of(ServiceKind.SMTP), "LEGACY", false);
        assertThat(steps.get(0)).contains("LEGACY profile", "curl -fo ABCD.pfx", "certlife exports password", "C:\\certlife\\ABCD.pfx on HUB01");
        assertThat(steps.get(1)).doesNotContain("-PrivateKeyExportable");
        assertThat(TaskSteps.exchangeEnable("CAS01", "ABCD", null, List.of(ServiceKind.IIS), "MODERN", true).get(1))
                .as("Windows' flag, for a CAS that ISA publishes").endsWith("-PrivateKeyExportable $true");
        assertThat(steps.get(2)).startsWith("Enable-ExchangeCertificate -Server HUB01 -Thumbprint ABCD -Services SMTP -Force");
        assertThat(steps.get(3)).contains("Remove-ExchangeCertificate -Server HUB01 -Thumbprint OLD1");
    }
}
