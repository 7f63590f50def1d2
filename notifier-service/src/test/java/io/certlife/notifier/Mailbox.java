package io.certlife.notifier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** What one address received on the test SMTP server. */
public final class Mailbox {

    private Mailbox() {
    }

    public static List<MimeMessage> messagesTo(GreenMail mail, String to) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients() != null && m.getAllRecipients()[0].toString().equals(to);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    public static List<String> subjects(GreenMail mail, String to) {
        return messagesTo(mail, to).stream().map(Mailbox::subject).toList();
    }

    public static List<String> bodies(GreenMail mail, String to) {
        return messagesTo(mail, to).stream().map(GreenMailUtil::getBody).toList();
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
