package io.certlife.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo: the contoso.com estate of the source articles, with certificates made relative to now (install-time
 * self-signed ones, one due in 10 days; a public SAN certificate on the CAS due in 40 days whose key is not
 * exportable although ISA publishes it; a wildcard for POP/IMAP; an internal-CA certificate whose only CDP is
 * LDAP), an expiry sweep at once, and a stand-in public CA that answers the CSRs renewal-service generates, so
 * that the whole story runs: findings, alerts, renewals, a CSR, and an ISA-export task with its PFX.
 */
final class Demo {

    private static final Logger LOG = Logger.getLogger(Demo.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    /** When inventory's first scheduled sweep runs in demo mode: well after the demo's own sweep. */
    static final String FIRST_SCHEDULED_SWEEP = "2m";

    private final LocalSystem system;
    private final String token;
    private final Optional<DemoAcme> acme;

    Demo(LocalSystem system, Optional<DemoAcme> acme) {
        this.system = system;
        this.token = system.adminToken();
        this.acme = acme;
    }

    /** Loads the demo once per data folder and starts the stand-in CA; returns what to look at. */
    String load(Path dataDir) {
        String inventory = system.url("inventory-service");
        Path marker = dataDir.resolve("demo-loaded");
        Instant now = Instant.now();
        DemoPki.Authority publicCa = DemoPki.authority("Example Trust Public CA (demo)",
                now.minus(400, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS));
        DemoPki.Authority enterpriseCa = DemoPki.authority("Contoso Enterprise CA (demo)",
                now.minus(800, ChronoUnit.DAYS), now.plus(3000, ChronoUnit.DAYS));
        String publicCrl = "http://crl.example-trust.test/public.crl";
        // the CSR issuer trusts answers that chain to these two, and no other
        send("PUT", system.url("renewal-service") + "/issuers/CSR/trust-anchors", "application/x-pem-file",
                (publicCa.pem() + enterpriseCa.pem()).getBytes(StandardCharsets.US_ASCII), 200);
        // the UM certificate came from the enterprise CA, everything else from the public one
        startStandInCa(system.url("renewal-service"), subject -> subject.contains("um01") ? enterpriseCa : publicCa, publicCrl);
        // Pebble makes a new root at each start: the ACME issuer trusts this one
        acme.ifPresent(ca -> {
            send("PUT", system.url("renewal-service") + "/issuers/ACME/trust-anchors", "application/x-pem-file",
                    ca.root().getBytes(StandardCharsets.US_ASCII), 200);
            startStandInDnsOperator(system.url("notifier-service"), ca);
        });
        if (Files.exists(marker)) {
            return "Demo estate already loaded in " + dataDir + " (use --wipe to start afresh); the stand-in CA answers CSRs.";
        }
        try (InputStream estate = Demo.class.getResourceAsStream("/demo/contoso-estate.yaml")) {
            send("POST", inventory + "/estate/import", "application/yaml", estate.readAllBytes(), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String ldapCdp = "ldap:///CN=Contoso%20Enterprise%20CA,CN=CDP,CN=Public%20Key%20Services,CN=Services,"
                + "CN=Configuration,DC=contoso,DC=com?certificateRevocationList?base?objectClass=cRLDistributionPoint";
        bind(inventory, DemoPki.selfSigned("HUB01", List.of("HUB01", "hub01.contoso.com"),
                now.minus(355, ChronoUnit.DAYS), now.plus(10, ChronoUnit.DAYS)), "hub01.contoso.com", "SMTP");
        bind(inventory, DemoPki.selfSigned("HUB02", List.of("HUB02", "hub02.contoso.com"),
                now.minus(120, ChronoUnit.DAYS), now.plus(245, ChronoUnit.DAYS)), "hub02.contoso.com", "SMTP");
        bind(inventory, DemoPki.selfSigned("EDGE01", List.of("EDGE01", "edge01.contoso.com"),
                now.minus(200, ChronoUnit.DAYS), now.plus(165, ChronoUnit.DAYS)), "edge01.contoso.com", "SMTP");
        bind(inventory, DemoPki.issuedBy(enterpriseCa, "um01.contoso.com", List.of("um01.contoso.com"),
                now.minus(300, ChronoUnit.DAYS), now.plus(65, ChronoUnit.DAYS), ldapCdp),
                "um01.contoso.com", "UM");
        String cas = bind(inventory, DemoPki.issuedBy(publicCa, "mail.contoso.com",
                List.of("mail.contoso.com", "autodiscover.contoso.com", "cas01.contoso.com"), now.minus(160, ChronoUnit.DAYS),
                now.plus(40, ChronoUnit.DAYS), publicCrl), "cas01.contoso.com", "IIS");
        send("PATCH", inventory + "/certificates/" + cas, "application/json",
                "{\"privateKeyExportable\": false}".getBytes(StandardCharsets.UTF_8), 200);
        String wildcard = DemoPki.issuedBy(publicCa, "*.contoso.com", List.of("*.contoso.com"),
                now.minus(100, ChronoUnit.DAYS), now.plus(100, ChronoUnit.DAYS), publicCrl);
        bind(inventory, wildcard, "cas01.contoso.com", "POP");
        bind(inventory, wildcard, "cas01.contoso.com", "IMAP");
        if (acme.isPresent()) {
            // the web shop's name lies in a zone the ACME issuer proves (dns-01, an operator's TXT record)
            send("PUT", inventory + "/servers/web01.contoso.com", "application/json", """
                    {"fqdn": "web01.contoso.com", "site": "Redmond", "roles": ["CLIENT_ACCESS"], "internetFacing": true,
                     "os": "WINDOWS_SERVER_2008"}""".getBytes(StandardCharsets.UTF_8), -1);
            bind(inventory, DemoPki.issuedBy(publicCa, DemoAcme.ZONE, List.of(DemoAcme.ZONE, "www." + DemoAcme.ZONE),
                    now.minus(70, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS), publicCrl), "web01.contoso.com", "IIS");
        }
        send("POST", inventory + "/expiry-sweeps", "application/json", new byte[0], 200);
        try {
            Files.writeString(marker, now.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return """

                Demo estate loaded: contoso.com (sites Redmond and Dublin), Edge, two Hubs, CAS published by ISA 2006, UM,
                Mailbox; 7 certificates made relative to now. Within a minute: findings on inventory (/findings), expiry
                alerts in the mail and webhook sinks, self-signed renewals, a CSR answered by the demo's stand-in public CA,
                and an ISA-export task on the notifier (/tasks) whose PFX link arrives by mail (the admin, as key custodian, reveals its password:
                certlife exports password <export id from the mail>).""";
    }

    /**
     * What the demo has shown so far, read from the services and the sinks: waits (up to {@code within}) until there
     * are findings, alerts in the mail sink, issued renewals, the ISA-export task with its PFX delivered, and (with
     * Pebble) the ACME renewal issued.
     */
    String progress(Duration within) {
        ObjectMapper json = new ObjectMapper();
        Instant deadline = Instant.now().plus(within);
        while (true) {
            try {
                JsonNode findings = json.readTree(send("GET", system.url("inventory-service") + "/findings", null, null, 200));
                JsonNode renewals = json.readTree(send("GET", system.url("renewal-service") + "/renewals", null, null, 200));
                JsonNode tasks = json.readTree(send("GET", system.url("notifier-service") + "/tasks", null, null, 200));
                long mails = count(system.mailFolder());
                long hooks = count(system.webhookFolder());
                Map<String, Long> rules = new TreeMap<>();
                findings.forEach(f -> rules.merge(f.path("ruleId").asText(), 1L, Long::sum));
                Map<String, Long> renewalStates = new TreeMap<>();
                renewals.forEach(r -> renewalStates.merge(r.path("issuer").asText() + " " + r.path("state").asText(), 1L, Long::sum));
                List<String> windows = new ArrayList<>();
                renewals.forEach(r -> r.path("activationWindows").forEach(w -> windows.add(r.path("subject").asText() + " in "
                        + w.path("site").asText() + "'s window " + (w.path("start").isTextual() ? w.path("start").asText() + " - "
                        + w.path("end").asText() : "(none fits: an emergency change)"))));
                List<String> isa = new ArrayList<>();
                Map<String, Long> otherTasks = new TreeMap<>();
                tasks.forEach(t -> {
                    if (t.path("kind").asText().equals("ISA_EXPORT")) {
                        isa.add(t.path("title").asText() + " (PFX " + t.path("exportState").asText() + ")");
                    } else {
                        otherTasks.merge(t.path("kind").asText(), 1L, Long::sum);
                    }
                });
                boolean complete = !rules.isEmpty() && mails > 0 && renewalStates.keySet().stream().anyMatch(k -> k.endsWith("ISSUED"))
                        && isa.stream().anyMatch(t -> t.endsWith("(PFX DELIVERED)"))
                        && (acme.isEmpty() || renewalStates.containsKey("ACME ISSUED"));
                if (complete || Instant.now().isAfter(deadline)) {
                    return String.format("""

                            What the demo shows now%s:
                              findings   %d open: %s
                              alerts     %d mails in %s, %d chat cards and webhooks in %s
                              renewals   %s
                              acme       %s
                              planned    %s
                              tasks      ISA export: %s; %s
                              try        ./certlife findings list   ./certlife renewals list   ./certlife tasks list""",
                            complete ? "" : " (not everything yet: look again in a minute)", findings.size(), rules,
                            mails, system.mailFolder(), hooks, system.webhookFolder(), renewalStates,
                            acme.map(ca -> "Pebble at " + ca.directory() + " renews " + DemoAcme.ZONE + " (dns-01, MANUAL: the demo "
                                    + "creates the TXT records its DNS_RECORD tasks ask for)").orElse("not in this demo: install the "
                                    + "'pebble' package (apt-get install pebble) for an ACME issuer profile"),
                            windows.isEmpty() ? "no renewal at a site with maintenance windows yet" : String.join("; ", windows),
                            isa.isEmpty() ? "none yet" : String.join("; ", isa), otherTasks);
                }
                Thread.sleep(2000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }

    private static long count(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }

    /** Imports a certificate (with its chain) and binds it to a slot; returns its id. */
    private String bind(String inventory, String pem, String server, String service) {
        String body = send("POST", inventory + "/certificates", "application/x-pem-file", pem.getBytes(StandardCharsets.US_ASCII), -1);
        Matcher id = ID.matcher(body);
        if (!id.find()) {
            throw new IllegalStateException("the inventory did not return a certificate id: " + body);
        }
        send("PUT", inventory + "/servers/" + server + "/bindings/" + service, "application/json",
                ("{\"server\": \"" + server + "\", \"service\": \"" + service + "\", \"certificateId\": \"" + id.group(1) + "\"}")
                        .getBytes(StandardCharsets.UTF_8), -1);
        return id.group(1);
    }

    /**
     * A thread standing in for the public CA: every CSR renewal-service waits on is signed (subject and SANs as
     * requested, 200 days) by the CA that issued the old certificate, and the answer is uploaded as a CA's would be.
     */
    private void startStandInCa(String renewal, Function<String, DemoPki.Authority> authorities, String crlUrl) {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Thread ca = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String renewals = send("GET", renewal + "/renewals", null, null, 200);
                    for (String id : awaiting(renewals)) {
                        if (answered.add(id)) {
                            answer(renewal, id, authorities, crlUrl);
                        }
                    }
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.fine(() -> "stand-in CA: " + e.getMessage());
                }
            }
        }, "demo-stand-in-ca");
        ca.setDaemon(true);
        ca.start();
    }

    /**
     * A thread standing in for the DNS operator of the ACME zone: the TXT records of each DNS_RECORD task the notifier
     * opens are created in the zone's server, as the task says.
     */
    private void startStandInDnsOperator(String notifier, DemoAcme ca) {
        Set<String> done = ConcurrentHashMap.newKeySet();
        Pattern record = Pattern.compile("create TXT (\\S+) = \\\\\"([^\\\\\"]+)\\\\\"");
        Thread operator = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String tasks = send("GET", notifier + "/tasks", null, null, 200);
                    Matcher task = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\",\"kind\":\"DNS_RECORD\"[^{}]*?\"steps\":\\[(.*?)\\]")
                            .matcher(tasks);
                    while (task.find()) {
                        if (done.add(task.group(1))) {
                            Matcher txt = record.matcher(task.group(2));
                            while (txt.find()) {
                                ca.createTxt(txt.group(1), txt.group(2));
                            }
                            LOG.info(() -> "demo stand-in DNS operator created the TXT records of task " + task.group(1));
                        }
                    }
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.fine(() -> "stand-in DNS operator: " + e.getMessage());
                }
            }
        }, "demo-stand-in-dns-operator");
        operator.setDaemon(true);
        operator.start();
    }

    private static List<String> awaiting(String renewals) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\"[^{}]*?\"issuer\":\"CSR\"[^{}]*?\"state\":\"AWAITING_CERTIFICATE\"").matcher(renewals);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private void answer(String renewal, String id, Function<String, DemoPki.Authority> authorities, String crlUrl) {
        String csrPem = send("GET", renewal + "/renewals/" + id + "/csr", null, null, 200);
        Instant now = Instant.now();
        String chain = DemoPki.answer(csrPem, authorities.apply(DemoPki.subject(csrPem)), now.minus(5, ChronoUnit.MINUTES),
                now.plus(200, ChronoUnit.DAYS), crlUrl);
        send("POST", renewal + "/renewals/" + id + "/certificate", "application/x-pem-file",
                chain.getBytes(StandardCharsets.US_ASCII), 200);
        LOG.info(() -> "demo stand-in CA answered the CSR of renewal " + id);
    }

    /** Sends a request and returns the body; {@code expected} -1 accepts any 2xx. */
    private String send(String method, String url, String contentType, byte[] body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = expected == -1 ? response.statusCode() / 100 == 2 : response.statusCode() == expected;
            if (!ok) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
