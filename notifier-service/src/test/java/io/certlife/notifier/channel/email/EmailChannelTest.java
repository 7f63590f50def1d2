package io.certlife.notifier.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.notifier.channel.DeliveryFailure;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailChannelTest {

    @Test
    void smtp4xxAndConnectionProblemsAreRetriedAnd5xxIsNot() {
        DeliveryFailure busy = EmailChannel.classify(new RuntimeException("send failed",
                new SMTPException("", 451, List.of("451 4.3.0 try again later"), false)));
        assertThat(busy.isTransient()).isTrue();
        assertThat(busy.reason()).isEqualTo("SmtpTransient");
        assertThat(busy.getMessage()).isEqualTo("SMTP 451: 451 4.3.0 try again later");
        DeliveryFailure unknownUser = EmailChannel.classify(new SMTPException("", 550, List.of("550 5.1.1 no such user"), false));
        assertThat(unknownUser.isTransient()).isFalse();
        assertThat(unknownUser.reason()).isEqualTo("SmtpPermanent");
        assertThat(EmailChannel.classify(new ConnectException("Connection refused")).isTransient()).isTrue();
    }
}
