package io.certlife.notifier.bench;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.certlife.events.ServerRole;
import io.certlife.notifier.Alert;
import io.certlife.notifier.HttpReceiver;
import io.certlife.notifier.Mailbox;
import io.certlife.notifier.NotifierSinks;
import io.certlife.notifier.TestEstate;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A burst with grouping as configured in production (group-wait 30 s, group-interval 5 min, critical-wait 5 s): 10,000
 * expiry notices over 20 owning teams, each team's email and one shared webhook endpoint. Prints the messages each
 * channel delivered, the most any route got, whether every alert was in exactly one message, and the time from the
 * first event to the last message beside group-wait. Asserts no times.
 */
@QuarkusTest
@TestProfile(AlertGroupingBenchmark.ProductionGrouping.class)
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
@Tag("benchmark")
class AlertGroupingBenchmark {

    private static final int BURST = Integer.getInteger("certlife.bench.events", 10_000);
    private static final int OWNERS = 20;
    private static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    private static final Pattern GROUP_SUBJECT = Pattern.compile("certlife: ([0-9]+) alerts for (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The production grouping defaults, the benchmark's polling and logging. */
    public static final class ProductionGrouping implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("certlife.notifier.delivery.poll-interval", "1s", "quarkus.log.category.\"io.certlife\".level", "WARN",
                    "certlife.notifier.grouping.group-wait", GROUP_WAIT.toSeconds() + "s");
        }
    }

    @NotifierSinks.Sink
    HttpReceiver http;

    @NotifierSinks.Sink
    GreenMail mail;

    @Test
    void aBurstOverTwentyOwners() throws Exception {
        List<TestEstate> teams = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < OWNERS; i++) {
            TestEstate team = new TestEstate(KafkaTestClient.fromConfig()).teamAndSite(null, "UTC");
            teams.add(team);
            servers.add(team.server("HUB" + i, "WINDOWS_SERVER_2016", "LEGACY", ServerRole.HUB_TRANSPORT));
        }
        given().contentType("application/json").body(Map.of("name", "bench-webhook", "channel", "WEBHOOK",
                "recipients", List.of("ops-webhook"), "minSeverity", "INFO")).post("/routing-rules").then().statusCode(201);
        servers.forEach(server -> TestEstate.awaitApplied("SERVER", server));
        List<String> owners = teams.stream().map(t -> t.team).toList();
        Set<String> emails = new HashSet<>(teams.stream().map(t -> t.email).toList());

        AtomicLong firstWebhook = new AtomicLong();
        AtomicLong lastWebhook = new AtomicLong();
        Map<String, List<Integer>> webhookCounts = new ConcurrentHashMap<>();
        Set<String> listed = ConcurrentHashMap.newKeySet();
        AtomicLong listedTotal = new AtomicLong();
        http.handle("/hooks/ops", request -> {
            firstWebhook.compareAndSet(0, System.nanoTime());
            lastWebhook.set(System.nanoTime());
            try {
                JsonNode event = JSON.readTree(request.body());
                boolean grouped = event.path("type").asText().equals("io.certlife.alerts.grouped.v1");
                String owner = grouped ? event.path("data").path("owner").asText() : "single";
                webhookCounts.computeIfAbsent(owner, o -> new ArrayList<>()).add(grouped ? event.path("data").path("count").asInt() : 1);
                if (grouped) {
                    event.path("data").path("alerts").forEach(a -> listed.add(a.path("alertId").asText()));
                    listedTotal.addAndGet(event.path("data").path("count").asInt());
                } else {
                    listedTotal.incrementAndGet();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return HttpReceiver.Answer.of(200);
        });

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        long start = System.nanoTime();
        Bursts.send(bootstrap, Bursts.expiring(BURST, servers), null, 0);
        long published = System.nanoTime();
        long intake = -1;
        long firstMail = 0;
        long lastMail = 0;
        int mailed = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(12).toNanos();
        while ((mailed < BURST || listedTotal.get() < BURST) && System.nanoTime() < deadline) {
            if (intake < 0 && Alert.count("owner in ?1", owners) >= BURST) {
                intake = System.nanoTime();
            }
            int now = mailedAlerts(emails);
            if (now > mailed) {
                firstMail = mailed == 0 ? System.nanoTime() : firstMail;
                mailed = now;
                lastMail = System.nanoTime();
            }
            // not more often: counting the alerts is a query of several milliseconds in the database the notifier is using
            Thread.sleep(250);
        }

        Map<String, Integer> mailsPerRoute = new HashMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            String to = m.getAllRecipients()[0].toString();
            if (emails.contains(to)) {
                mailsPerRoute.merge(to, 1, Integer::sum);
            }
        }
        long last = Math.max(lastMail, lastWebhook.get());
        System.out.printf("%nalert grouping: a burst of %d CertificateExpiring events over %d owners, each owner's email and one "
                + "webhook endpoint (group-wait %d s, group-interval 5 min; 2 cores, embedded Kafka and PostgreSQL)%n",
                BURST, OWNERS, GROUP_WAIT.toSeconds());
        System.out.printf("  published in %.1f s; every alert raised %s%n", (published - start) / 1e9,
                intake < 0 ? "NOT within the run" : String.format("%.1f s after the first event", (intake - start) / 1e9));
        System.out.printf("  email:   %d messages for %d routes (at most %d for one route), %d alerts listed%n",
                mailsPerRoute.values().stream().mapToInt(Integer::intValue).sum(), mailsPerRoute.size(),
                mailsPerRoute.values().stream().mapToInt(Integer::intValue).max().orElse(0), mailed);
        System.out.printf("  webhook: %d messages for %d routes (at most %d for one route), %d alerts listed, %d distinct%n",
                webhookCounts.values().stream().mapToInt(List::size).sum(), webhookCounts.size(),
                webhookCounts.values().stream().mapToInt(List::size).max().orElse(0), listedTotal.get(), listed.size());
        System.out.printf("  first message after the first event: email %.1f s, webhook %.1f s%n", (firstMail - start) / 1e9,
                (firstWebhook.get() - start) / 1e9);
        double seconds = (last - start) / 1e9;
        System.out.printf("  last message %.1f s after the first event; target within group-wait + 5 s = %d s: %s%n%n", seconds,
                GROUP_WAIT.toSeconds() + 5, seconds <= GROUP_WAIT.toSeconds() + 5 ? "met" : "NOT met");
    }

    /** How many alerts the mails to these addresses listed (a group's count, or one for a single alert). */
    private int mailedAlerts(Set<String> emails) {
        int alerts = 0;
        for (String email : emails) {
            for (String subject : Mailbox.subjects(mail, email)) {
                Matcher group = GROUP_SUBJECT.matcher(subject);
                alerts += group.find() ? Integer.parseInt(group.group(1)) : 1;
            }
        }
        return alerts;
    }
}
