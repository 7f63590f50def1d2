package io.certlife.notifier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The notifier's counterparts in tests: a real SMTP server (GreenMail, with authentication) and a real HTTP
 * server standing for Slack, Teams, a signed webhook receiver and renewal-service's export API. Fields
 * annotated {@link Sink} receive them.
 */
public class NotifierSinks implements QuarkusTestResourceLifecycleManager {

    /** Marks a test field to receive the {@link GreenMail} server or the {@link HttpReceiver}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Sink {
    }

    public static final String SMTP_USER = "certlife";
    /** The webhook secret, generated per run. */
    public static final String WEBHOOK_SECRET = UUID.randomUUID().toString();

    private GreenMail mail;
    private HttpReceiver http;

    @Override
    public Map<String, String> start() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        String password = UUID.randomUUID().toString();
        mail.setUser(SMTP_USER, SMTP_USER, password);
        mail.start();
        http = new HttpReceiver();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(mail.getSmtp().getPort()));
        config.put("quarkus.mailer.username", SMTP_USER);
        config.put("quarkus.mailer.password", password);
        config.put("certlife.notifier.endpoints.ops-slack.type", "SLACK");
        config.put("certlife.notifier.endpoints.ops-slack.url", http.url("/slack/ops"));
        config.put("certlife.notifier.endpoints.ops-teams.type", "TEAMS");
        config.put("certlife.notifier.endpoints.ops-teams.url", http.url("/teams/ops"));
        config.put("certlife.notifier.endpoints.ops-webhook.type", "WEBHOOK");
        config.put("certlife.notifier.endpoints.ops-webhook.url", http.url("/hooks/ops"));
        config.put("certlife.notifier.endpoints.ops-webhook.secret", WEBHOOK_SECRET);
        config.put("certlife.notifier.endpoints.flaky-webhook.type", "WEBHOOK");
        config.put("certlife.notifier.endpoints.flaky-webhook.url", http.url("/hooks/flaky"));
        config.put("certlife.notifier.endpoints.flaky-webhook.secret", WEBHOOK_SECRET);
        config.put("certlife.notifier.tasks.renewal-url", http.url(""));
        config.put("certlife.notifier.tasks.inventory-url", http.url(""));
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(mail, new TestInjector.AnnotatedAndMatchesType(Sink.class, GreenMail.class));
        injector.injectIntoFields(http, new TestInjector.AnnotatedAndMatchesType(Sink.class, HttpReceiver.class));
    }

    @Override
    public void stop() {
        if (mail != null) {
            mail.stop();
        }
        if (http != null) {
            http.close();
        }
    }
}
