package io.certlife.notifier.channel.email;

import io.certlife.notifier.ChannelType;
import io.certlife.notifier.channel.Channel;
import io.certlife.notifier.channel.DeliveryFailure;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.config.NotifierConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Email through Quarkus Mailer (SMTP, STARTTLS and auth as configured), with HTML and text parts from Qute. A send
 * that takes longer than {@code certlife.notifier.delivery.smtp-timeout} (a relay that accepts the connection and
 * then stalls) is a transient failure, so it never holds a dispatcher round.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    @Inject
    ReactiveMailer mailer;

    @Inject
    NotifierConfig config;

    @Location("mail/message.html")
    Template html;

    @Location("mail/message.txt")
    Template text;

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public void send(String recipient, Message message) throws DeliveryFailure {
        Mail mail = Mail.withHtml(recipient, message.title(), html.data("m", message).render())
                .setText(text.data("m", message).render());
        try {
            mailer.send(mail).await().atMost(config.delivery().smtpTimeout());
        } catch (TimeoutException e) {
            throw DeliveryFailure.retry(DeliveryFailure.Reason.UNREACHABLE,
                    "SMTP server: no answer within " + config.delivery().smtpTimeout());
        } catch (RuntimeException e) {
            throw classify(e);
        }
    }

    /** SMTP 4xx replies and connection problems are worth retrying; 5xx replies are not. */
    static DeliveryFailure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                String text = "SMTP " + smtp.getReplyCode() + ": " + smtp.getReplyMessage();
                return smtp.isPermanent()
                        ? DeliveryFailure.permanent(DeliveryFailure.Reason.SMTP_PERMANENT, text)
                        : DeliveryFailure.retry(DeliveryFailure.Reason.SMTP_TRANSIENT, text);
            }
        }
        return DeliveryFailure.retry(DeliveryFailure.Reason.UNREACHABLE, "SMTP server: " + failure.getMessage());
    }
}
