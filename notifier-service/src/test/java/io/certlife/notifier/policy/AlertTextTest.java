package io.certlife.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.events.ServiceKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CN first                   | CN=mail.contoso.com, O=Contoso, C=US        | mail.contoso.com",
        "CN last                    | C=US, O=Contoso, CN=cas01                   | cas01",
        "lower-case attribute       | cn=hub01                                    | hub01",
        "comma inside quotes        | O=\"Contoso, Ltd\", CN=edge.contoso.com      | edge.contoso.com",
        "no CN: the whole name      | O=Contoso, C=US                             | O=Contoso, C=US",
    })
    void commonName(String name, String subject, String expected) {
        assertThat(AlertText.commonName(subject)).isEqualTo(expected);
    }

    @Test
    void theSubjectLineReadsAtAGlance() {
        String title = AlertText.withStatus(AlertText.place("mail.contoso.com", "CAS01", List.of(ServiceKind.IIS, ServiceKind.POP, ServiceKind.IMAP)) + " "
                + AlertText.expiresIn(14), AlertText.status("PLANNED", null, true));
        assertThat(title).isEqualTo("mail.contoso.com on CAS01 (IIS, POP, IMAP) expires in 14 days: renewal planned, ISA export pending");
        assertThat(AlertText.place("cas01", null, List.of())).isEqualTo("cas01");
        assertThat(AlertText.expiresIn(1)).isEqualTo("expires in 1 day");
        assertThat(AlertText.expiresIn(0)).isEqualTo("expires today");
        assertThat(AlertText.expired(Instant.parse("2026-11-20T10:00:00Z"))).isEqualTo("expired on 2026-11-20");
        assertThat(AlertText.status(null, null, false)).isEqualTo("no renewal yet");
        assertThat(AlertText.status("CSR_PENDING", null, false)).isEqualTo("CSR waiting for the CA");
        assertThat(AlertText.status("ISSUED", java.time.Instant.parse("2026-12-03T10:00:00Z"), false))
                .isEqualTo("replacement issued 2026-12-03, not yet seen served here");
    }
}
