package io.certlife.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestCertificates;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input against the packaged services (real Kafka and PostgreSQL): at least 200 inputs, all generated here,
 * each refused with a 4xx whose problem body names the problem, within 250 ms, never a 5xx; and nothing is written.
 * The suite prints how many inputs it tried and the slowest answer. Events that can never be processed become dead letters
 * with their reason.
 */
class HostileInputIT {

    /** The longest a refusal may take, measured at the client over loopback. */
    static final Duration LIMIT = Duration.ofMillis(250);

    @RegisterExtension
    static final LocalSystemExtension LOCAL = new LocalSystemExtension();

    /** One hostile request: the service it goes to and what it sends (through RestAssured, or raw for large bodies). */
    record Hostile(String service, String name, Function<RequestSpecification, Response> send, Raw raw) {
        Hostile(String service, String name, Function<RequestSpecification, Response> send) {
            this(service, name, send, null);
        }
    }

    /**
     * A request with a large body, sent as curl sends one: with {@code Expect: 100-continue}, so that a service that
     * refuses it from its declared length does so before the body travels.
     */
    record Raw(String method, String path, String contentType, byte[] body) {
    }

    /** What one hostile request got. */
    record Answer(Hostile input, int status, String body, long millis) {
    }

    private static final Random RANDOM = new Random(20261203);

    @Test
    void everyHostileInputIsRefusedByNameQuicklyAndWritesNothing() throws Exception {
        LocalSystem system = LOCAL.system();
        List<Hostile> corpus = corpus();
        Map<String, Integer> before = counts(system);
        for (String service : List.of("inventory-service", "renewal-service", "notifier-service")) {
            given().baseUri(system.url(service)).get("/q/health/ready").then().statusCode(200);
        }

        // two passes: the first warms the services' JVMs (its answers must be refusals too), the second is timed
        List<Answer> answers = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            answers.clear();
            for (Hostile input : corpus) {
                answers.add(send(system, input));
            }
        }

        Answer slowest = answers.stream().max((a, b) -> Long.compare(a.millis(), b.millis())).orElseThrow();
        System.out.printf("hostile input: %d inputs tried, slowest answer %d ms (%s: %s)%n", answers.size(), slowest.millis(),
                slowest.input().service(), slowest.input().name());
        assertThat(answers).hasSizeGreaterThanOrEqualTo(200);
        List<String> wrong = answers.stream().filter(a -> a.status() / 100 != 4 || !a.body().contains("\"detail\"")
                        || a.millis() > LIMIT.toMillis())
                .map(a -> a.input().service() + " " + a.input().name() + ": " + a.status() + " in " + a.millis() + " ms: "
                        + a.body().substring(0, Math.min(200, a.body().length())))
                .toList();
        assertThat(wrong).as("inputs not refused by name within " + LIMIT.toMillis() + " ms").isEmpty();
        assertThat(counts(system)).as("nothing written").isEqualTo(before);
    }

    /**
     * A 10 MB header value is refused by the HTTP layer of every service before any work: 431 (headers are bounded at
     * 20 KB), never a 5xx, and the service answers the next request.
     */
    @Test
    void aTenMegabyteHeaderIsRefused() throws Exception {
        for (String service : List.of("inventory-service", "renewal-service", "notifier-service")) {
            URI url = URI.create(LOCAL.system().url(service));
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.setSoTimeout(5000);
                try {
                    socket.getOutputStream().write(("GET /q/health HTTP/1.1\r\nHost: x\r\nX-Junk: " + "a".repeat(10 * 1024 * 1024)
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the service stopped reading once the header was too large; its answer is waiting
                }
                String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(answer).as(service).isEqualTo("HTTP/1.1 431");
            }
            given().baseUri(LOCAL.system().url(service)).get("/q/health/live").then().statusCode(200);
        }
    }

    /**
     * Records on the event topics that can never be processed become dead letters with their reason, at every service
     * that consumes the topic (renewal and notifier read inventory's events; inventory and notifier read renewal's); a
     * record over the broker's size limit (5 MB) is refused by the broker and never reaches a consumer.
     */
    @Test
    void hostileEventsBecomeDeadLettersWithTheirReason() throws Exception {
        LocalSystem system = LOCAL.system();
        String run = UUID.randomUUID().toString();
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/hostile\",\"type\":\"%s\",\"time\":"
                + "\"2026-12-03T00:00:00Z\",\"data\":%s}";
        Map<String, String> records = new LinkedHashMap<>();
        records.put("not-json", "this is not JSON {");
        records.put("json-array", "[1,2,3]");
        records.put("not-a-cloudevent", "{\"hello\":\"world\"}");
        records.put("cloudevents-0.3", envelope.formatted(run, "io.certlife.renewal.due.v1", "{}").replace("1.0", "0.3"));
        records.put("unknown-version", envelope.formatted(run, "io.certlife.renewal.due.v9", "{}"));
        records.put("unknown-type", envelope.formatted(run, "io.certlife.coffee.brewed.v1", "{}"));
        records.put("invalid-data", envelope.formatted(run, "io.certlife.task.completed.v1", "{\"taskId\":[1]}"));
        records.put("nested-100000", "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        Map<String, List<String>> consumers = Map.of("certlife.inventory.events", List.of("certlife.renewal.dead-letter",
                "certlife.notifier.dead-letter"), "certlife.renewal.events", List.of("certlife.inventory.dead-letter",
                "certlife.notifier.dead-letter"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (String topic : consumers.keySet()) {
                for (Map.Entry<String, String> record : records.entrySet()) {
                    producer.send(new ProducerRecord<>(topic, run + ":" + record.getKey(), record.getValue())).get(30, TimeUnit.SECONDS);
                }
                var tooLarge = producer.send(new ProducerRecord<>(topic, run + ":5mb", "x".repeat(5 * 1024 * 1024)));
                assertThatThrownBy(() -> tooLarge.get(30, TimeUnit.SECONDS)).as("a 5 MB record on " + topic)
                        .hasCauseInstanceOf(RecordTooLargeException.class);
            }
        }
        var kafka = new KafkaTestClient(system.bootstrapServers());
        int total = 0;
        for (String deadLetters : Set.of("certlife.inventory.dead-letter", "certlife.renewal.dead-letter", "certlife.notifier.dead-letter")) {
            int expected = (int) consumers.values().stream().filter(topics -> topics.contains(deadLetters)).count() * records.size();
            List<ConsumerRecord<String, String>> dead = kafka.await(deadLetters, r -> r.key() != null && r.key().startsWith(run),
                    expected, Duration.ofSeconds(60));
            assertThat(dead).as(deadLetters).hasSize(expected).allSatisfy(record -> assertThat(record.headers()
                    .lastHeader("dead-letter-reason")).as(record.key() + " names its reason").isNotNull());
            total += dead.size();
            String service = deadLetters.split("\\.")[1] + "-service";
            // and each is visible at its service, with its reason, for an operator to look at and replay
            await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(system.url(service)).auth().oauth2(system.adminToken())
                    .get("/dead-letters?limit=1000").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$")
                    .stream().filter(letter -> String.valueOf(letter.get("key")).startsWith(run)
                            && letter.get("reason") != null && letter.get("sourceTopic") != null).count() == expected);
        }
        System.out.printf("hostile events: %d records sent, %d dead letters with their reason, 2 records over 5 MB refused by the "
                + "broker%n", records.size() * consumers.size(), total);
        for (String service : List.of("inventory-service", "renewal-service", "notifier-service")) {
            given().baseUri(system.url(service)).get("/q/health/ready").then().statusCode(200);
        }
    }

    private static Answer send(LocalSystem system, Hostile input) throws Exception {
        long start = System.nanoTime();
        if (input.raw() != null) {
            Raw raw = input.raw();
            URI url = URI.create(system.url(input.service()));
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write((raw.method() + " " + raw.path() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAuthorization: Bearer "
                        + system.adminToken() + "\r\nContent-Type: " + raw.contentType() + "\r\nContent-Length: " + raw.body().length
                        + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String answer = head(in);
                if (answer.startsWith("HTTP/1.1 100")) {
                    out.write(raw.body());
                    out.flush();
                    answer = head(in);
                }
                int status = Integer.parseInt(answer.substring(9, 12));
                int length = answer.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                        .map(line -> Integer.parseInt(line.substring("content-length:".length()).trim())).findFirst().orElse(0);
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                return new Answer(input, status, body, (System.nanoTime() - start) / 1_000_000);
            }
        }
        Response response = input.send().apply(given().baseUri(system.url(input.service())).urlEncodingEnabled(false)
                .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 30_000).setParam("http.connection.timeout", 5_000))));
        String body = response.asString();
        return new Answer(input, response.statusCode(), body, (System.nanoTime() - start) / 1_000_000);
    }

    /** The status line and headers of an HTTP/1.1 answer (up to the blank line). */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed in the middle of an answer: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static Map<String, Integer> counts(LocalSystem system) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("certificates", given().baseUri(system.url("inventory-service")).get("/certificates?size=1000").then()
                .statusCode(200).extract().jsonPath().getList("$").size());
        counts.put("servers", given().baseUri(system.url("inventory-service")).get("/servers").then().statusCode(200)
                .extract().jsonPath().getList("$").size());
        counts.put("sites", given().baseUri(system.url("inventory-service")).get("/sites").then().statusCode(200)
                .extract().jsonPath().getList("$").size());
        counts.put("renewals", given().baseUri(system.url("renewal-service")).get("/renewals").then().statusCode(200)
                .extract().jsonPath().getList("$").size());
        counts.put("routing rules", given().baseUri(system.url("notifier-service")).get("/routing-rules").then().statusCode(200)
                .extract().jsonPath().getList("$").size());
        return counts;
    }

    static List<Hostile> corpus() throws Exception {
        List<Hostile> corpus = new ArrayList<>();
        Instant now = Instant.now();
        var ca = TestCertificates.certificateAuthority("Hostile CA", now.minus(1, ChronoUnit.DAYS), now.plus(60, ChronoUnit.DAYS));
        var leaf = TestCertificates.issuedBy(ca, "hostile.test", List.of("hostile.test"), now, now.plus(30, ChronoUnit.DAYS), null);
        byte[] der = leaf.der();

        // DER: truncated at 60 points, structure bytes flipped, random bytes, deep nesting, gigabyte lengths
        for (int i = 0; i < 60; i++) {
            int cut = 1 + (int) ((long) (der.length - 2) * i / 59);
            corpus.add(certificate("DER truncated to " + cut + " bytes", Arrays.copyOf(der, cut), "application/pkix-cert"));
        }
        for (int offset = 0; offset < 8; offset++) {
            for (int mask : new int[] {0x01, 0x80}) {
                byte[] flipped = der.clone();
                flipped[offset] ^= (byte) mask;
                corpus.add(certificate("DER byte " + offset + " xor " + mask, flipped, "application/pkix-cert"));
            }
        }
        for (int size : new int[] {1, 2, 3, 7, 16, 64, 255, 256, 1000, 4096, 10_000, 65_535, 100_000, 500_000, 1_000_000, 12, 33, 129,
                                   511, 2048, 8191, 30_000, 77_777, 250_000, 999_999, 5, 9, 17, 300, 700}) {
            byte[] random = new byte[size];
            RANDOM.nextBytes(random);
            corpus.add(certificate(size + " random bytes", random, "application/octet-stream"));
        }
        corpus.add(certificate("SEQUENCE nested 10,000 deep", nested(10_000), "application/pkix-cert"));
        corpus.add(certificate("indefinite-length SEQUENCE nested 100,000 deep", indefinite(100_000), "application/pkix-cert"));
        for (byte[] length : List.of(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0x30, (byte) 0x88, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0x30, (byte) 0x83, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x00})) {
            corpus.add(certificate("a length claiming gigabytes (" + Base64.getEncoder().encodeToString(length) + ")", length,
                    "application/pkix-cert"));
        }

        // PEM
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        for (Map.Entry<String, String> pem : Map.of(
                "PEM with garbage base64", "-----BEGIN CERTIFICATE-----\n!!!!not base64$$$$\n-----END CERTIFICATE-----\n",
                "PEM whose base64 is not DER", "-----BEGIN CERTIFICATE-----\n" + Base64.getEncoder().encodeToString("hello hostile world".getBytes())
                        + "\n-----END CERTIFICATE-----\n",
                "PEM without END", "-----BEGIN CERTIFICATE-----\n" + body,
                "PEM with its base64 cut in half", "-----BEGIN CERTIFICATE-----\n" + body.substring(0, body.length() / 2)
                        + "\n-----END CERTIFICATE-----\n",
                "PEM of a CRL", "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder().encodeToString(
                        TestCertificates.crl(ca, now, now.plus(1, ChronoUnit.DAYS), List.of())) + "\n-----END X509 CRL-----\n",
                "PEM of a private key only", leaf.keyPem(),
                "PEM BEGIN with 900 KB of base64", "-----BEGIN CERTIFICATE-----\n" + "QUFB\n".repeat(180_000) + "-----END CERTIFICATE-----\n",
                "PEM with mismatched labels", "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END PRIVATE KEY-----\n").entrySet()) {
            corpus.add(certificate(pem.getKey(), pem.getValue().getBytes(StandardCharsets.US_ASCII), "application/x-pem-file"));
        }
        corpus.add(certificate("a certificate with 10,000 SANs", manySans(ca, 10_000).getBytes(StandardCharsets.US_ASCII),
                "application/x-pem-file"));
        String small = TestCertificates.selfSigned("s", List.of(), now, now.plus(1, ChronoUnit.DAYS), TestCertificates.ecKeyPair()).pem();
        corpus.add(certificate("1,200 certificates in one PEM file", small.repeat(1_200).getBytes(StandardCharsets.US_ASCII),
                "application/x-pem-file"));
        corpus.add(certificate("an empty body", new byte[0], "application/pkix-cert"));
        corpus.add(raw("5 MB over the file limit", "POST", "/certificates", "application/pkix-cert", new byte[5 * 1024 * 1024]));
        corpus.add(raw("60 MB over the file limit", "POST", "/certificates", "application/pkix-cert", new byte[60 * 1024 * 1024]));
        corpus.add(certificate("JSON sent as a certificate", "{\"certificate\":\"no\"}".getBytes(), "application/json"));

        // PKCS#12
        byte[] pfx = pfx(leaf, "right".toCharArray(), ca.certificate());
        corpus.add(pfx("PFX with the wrong password", pfx, "wrong"));
        corpus.add(pfx("PFX without a password", pfx, null));
        for (int i = 1; i <= 10; i++) {
            corpus.add(pfx("PFX truncated to " + (pfx.length * i / 11) + " bytes", Arrays.copyOf(pfx, pfx.length * i / 11), "right"));
        }
        corpus.add(pfx("PFX with 10,000,000 iterations", Pkcs12s.withIterations(pfx, 10_000_000), "right"));
        corpus.add(pfx("PFX without a MAC", Pkcs12s.withoutMac(leaf, ca.certificate()), "right"));
        corpus.add(pfx("PFX with 5,000 bags", Pkcs12s.withBags(small, 5_000), "right"));

        // bulk
        corpus.add(bulk("a zip bomb (one entry inflating to 200 MB)", zip(1, 200 * 1024 * 1024)));
        corpus.add(bulk("a zip with 100,000 entries", zip(100_000, 0)));
        corpus.add(bulk("a zip cut short", Arrays.copyOf(zip(3, 1000), 150)));
        corpus.add(bulk("random bytes as a zip", Arrays.copyOf(der, 300)));
        corpus.add(raw("a 55 MB multipart part, over the bulk limit", "POST", "/certificates/bulk", "multipart/form-data; boundary=B",
                multipart(55 * 1024 * 1024)));
        corpus.add(new Hostile("inventory-service", "multipart without a file part", r -> r.multiPart("password", "x")
                .post("/certificates/bulk")));

        // the estate file
        String laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                + IntStream.range(0, 9).mapToObj(i -> (char) ('b' + i) + ": &" + (char) ('b' + i) + " [" + ("*" + (char) ('a' + i) + ",")
                .repeat(9) + "*" + (char) ('a' + i) + "]\n").reduce("", String::concat) + "teams: *j\n";
        corpus.add(estate("YAML billion laughs (anchors and aliases)", laughs, "application/yaml"));
        corpus.add(estate("YAML nested 100,000 deep", "sites: " + "[".repeat(100_000) + "]".repeat(100_000), "application/yaml"));
        corpus.add(estate("JSON nested 100,000 deep", "{\"sites\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                "application/json"));
        corpus.add(estate("JSON cut short", "{\"sites\":[{\"name\":\"B", "application/json"));
        corpus.add(estate("an unknown field", "sites: [{name: B, timeZone: UTC, colour: red}]", "application/yaml"));
        corpus.add(estate("an unknown role", "sites: [{name: B, timeZone: UTC}]\nservers: [{fqdn: a.b.c, site: B, roles: [COFFEE]}]",
                "application/yaml"));
        corpus.add(estate("an unknown time zone", "sites: [{name: B, timeZone: Mars/Olympus}]", "application/yaml"));
        corpus.add(estate("a server on an unknown site", "servers: [{fqdn: a.b.c, site: Nowhere, roles: [HUB_TRANSPORT]}]",
                "application/yaml"));
        corpus.add(estate("a number where a list goes", "sites: 42", "application/yaml"));
        corpus.add(estate("binary sent as YAML", new String(Arrays.copyOf(der, 200), StandardCharsets.ISO_8859_1), "application/yaml"));
        corpus.add(estate("an empty estate file", "", "application/yaml"));
        corpus.add(estate("a 100,000-character site name", "sites: [{name: " + "x".repeat(100_000) + ", timeZone: UTC}]",
                "application/yaml"));

        // parameters: invalid UUIDs and enums, negative and huge paging
        for (String path : List.of("/certificates/not-a-uuid", "/certificates/not-a-uuid/revocation", "/certificates?page=-1",
                "/certificates?size=-5", "/certificates?size=100000000", "/certificates?page=99999999999",
                "/certificates?expiringWithin=soon", "/findings?state=APOCALYPSE", "/certificates/%00", "/servers/"
                        + "a".repeat(300), "/findings?certificateId=not-a-uuid")) {
            corpus.add(new Hostile("inventory-service", "GET " + path.substring(0, Math.min(60, path.length())), r -> r.get(path)));
        }
        corpus.add(new Hostile("inventory-service", "PUT a server with an unknown role", r -> r.contentType(ContentType.JSON)
                .body("{\"fqdn\":\"x.contoso.com\",\"site\":\"none\",\"roles\":[\"COFFEE\"]}").put("/servers/x.contoso.com")));
        corpus.add(new Hostile("inventory-service", "PATCH a certificate with renewBefore 'soon'", r -> r.contentType(ContentType.JSON)
                .body("{\"renewBefore\":\"soon\"}").patch("/certificates/" + UUID.randomUUID())));
        corpus.add(new Hostile("inventory-service", "discovery of a /0 range", r -> r.contentType(ContentType.JSON)
                .body("{\"cidr\":\"0.0.0.0/0\",\"ports\":[443]}").post("/discovery")));
        corpus.add(new Hostile("inventory-service", "discovery of port 70000", r -> r.contentType(ContentType.JSON)
                .body("{\"targets\":[\"127.0.0.1:70000\"]}").post("/discovery")));
        corpus.add(new Hostile("inventory-service", "discovery of a certificate that is no id", r -> r.contentType(ContentType.JSON)
                .body("{\"certificate\":\"../../etc/passwd\"}").post("/discovery")));
        corpus.add(new Hostile("inventory-service", "a token with an unknown role", r -> r.contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"roles\":[\"god\"]}").post("/tokens")));

        // renewal-service
        String crlPem = "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder().encodeToString(
                TestCertificates.crl(ca, now, now.plus(1, ChronoUnit.DAYS), List.of())) + "\n-----END X509 CRL-----\n";
        for (String path : List.of("/renewals/not-a-uuid", "/renewals/not-a-uuid/csr",
                "/issuers/NO_SUCH_ISSUER/trust-anchors")) {
            corpus.add(new Hostile("renewal-service", "GET " + path, r -> r.get(path)));
        }
        for (Map.Entry<String, String> answer : Map.of("a CRL", crlPem, "a private key", leaf.keyPem(), "garbage", "hello",
                "nothing", "", "a truncated certificate", "-----BEGIN CERTIFICATE-----\n" + body.substring(0, 100)
                        + "\n-----END CERTIFICATE-----\n").entrySet()) {
            corpus.add(new Hostile("renewal-service", "trust anchors that are " + answer.getKey(), r -> r.contentType("application/x-pem-file")
                    .body(answer.getValue().getBytes(StandardCharsets.US_ASCII)).put("/issuers/CSR/trust-anchors")));
            corpus.add(new Hostile("renewal-service", "a CA answer that is " + answer.getKey() + " for an unknown renewal",
                    r -> r.contentType("application/x-pem-file").body(answer.getValue().getBytes(StandardCharsets.US_ASCII))
                            .post("/renewals/" + UUID.randomUUID() + "/certificate")));
            corpus.add(new Hostile("renewal-service", "a server's CSR that is " + answer.getKey() + " for an unknown renewal",
                    r -> r.contentType("application/pkcs10").body(answer.getValue().getBytes(StandardCharsets.US_ASCII))
                            .post("/renewals/" + UUID.randomUUID() + "/server-csr")));
        }
        corpus.add(new Hostile("renewal-service", "an export with an unknown profile", r -> r.contentType(ContentType.JSON)
                .body("{\"profile\":\"ANCIENT\",\"taskId\":\"" + UUID.randomUUID() + "\"}").post("/certificates/" + UUID.randomUUID()
                        + "/exports")));
        corpus.add(new Hostile("renewal-service", "an export request nested 100,000 deep", r -> r.contentType(ContentType.JSON)
                .body("{\"profile\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").post("/certificates/" + UUID.randomUUID()
                        + "/exports")));
        corpus.add(new Hostile("renewal-service", "an unknown download token", r -> r.get("/exports/" + "A".repeat(500))));

        // notifier-service
        for (String path : List.of("/alerts?state=MELTED", "/alerts/not-a-uuid", "/deliveries?limit=-1", "/deliveries?limit=100000000",
                "/deliveries?status=LOST", "/deliveries?channel=PIGEON", "/tasks?state=BORED", "/tasks/not-a-uuid")) {
            corpus.add(new Hostile("notifier-service", "GET " + path, r -> r.get(path)));
        }
        corpus.add(new Hostile("notifier-service", "a routing rule nested 100,000 deep", r -> r.contentType(ContentType.JSON)
                .body("{\"channel\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").post("/routing-rules")));
        corpus.add(new Hostile("notifier-service", "a routing rule for an unknown channel", r -> r.contentType(ContentType.JSON)
                .body("{\"channel\":\"PIGEON\",\"target\":\"coop\"}").post("/routing-rules")));
        corpus.add(new Hostile("notifier-service", "an unknown task action", r -> r.post("/tasks/" + UUID.randomUUID() + "/explode")));
        corpus.add(new Hostile("notifier-service", "closing an unknown task unverified", r -> r.contentType(ContentType.JSON)
                .body("{\"note\":\"" + "x".repeat(10_000) + "\"}").post("/tasks/" + UUID.randomUUID() + "/close")));
        corpus.add(new Hostile("notifier-service", "a snooze of 'forever'", r -> r.contentType(ContentType.JSON)
                .body("{\"until\":\"forever\"}").post("/alerts/" + UUID.randomUUID() + "/snooze")));
        return corpus;
    }

    private static Hostile certificate(String name, byte[] content, String type) {
        return new Hostile("inventory-service", name, r -> r.contentType(type).body(content).post("/certificates"));
    }

    private static Hostile raw(String name, String method, String path, String contentType, byte[] body) {
        return new Hostile("inventory-service", name, null, new Raw(method, path, contentType, body));
    }

    private static byte[] multipart(int size) {
        byte[] head = ("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pem\"\r\n"
                + "Content-Type: application/x-pem-file\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n--B--\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + size + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, head.length + size, tail.length);
        return body;
    }

    private static Hostile pfx(String name, byte[] content, String password) {
        return new Hostile("inventory-service", name, r -> {
            RequestSpecification request = r.contentType("application/x-pkcs12").body(content);
            return (password == null ? request : request.header("X-Certlife-Pfx-Password", password)).post("/certificates");
        });
    }

    private static Hostile bulk(String name, byte[] zip) {
        return new Hostile("inventory-service", name, r -> r.contentType("application/zip").body(zip).post("/certificates/bulk"));
    }

    private static Hostile estate(String name, String content, String type) {
        return new Hostile("inventory-service", name, r -> r.contentType(type).body(content.getBytes(StandardCharsets.UTF_8))
                .post("/estate/import"));
    }

    private static byte[] nested(int depth) {
        // definite lengths from the inside out: each level wraps the one below
        byte[] inner = {0x05, 0x00};
        for (int i = 0; i < depth; i++) {
            int n = inner.length;
            byte[] header = n < 128 ? new byte[] {0x30, (byte) n} : n < 256 ? new byte[] {0x30, (byte) 0x81, (byte) n}
                    : n < 65536 ? new byte[] {0x30, (byte) 0x82, (byte) (n >> 8), (byte) n}
                    : new byte[] {0x30, (byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
            byte[] outer = Arrays.copyOf(header, header.length + n);
            System.arraycopy(inner, 0, outer, header.length, n);
            inner = outer;
        }
        return inner;
    }

    private static byte[] indefinite(int depth) {
        byte[] bytes = new byte[depth * 4];
        for (int i = 0; i < depth; i++) {
            bytes[2 * i] = 0x30;
            bytes[2 * i + 1] = (byte) 0x80;
        }
        return bytes;
    }

    private static String manySans(TestCertificates.Issued ca, int count) {
        Instant now = Instant.now();
        return TestCertificates.issuedBy(ca, "many.test", IntStream.range(0, count).mapToObj(i -> "n" + i + ".many.test").toList(), now,
                now.plus(30, ChronoUnit.DAYS), null).pem();
    }

    private static byte[] pfx(TestCertificates.Issued leaf, char[] password, X509Certificate... chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        X509Certificate[] certificates = new X509Certificate[chain.length + 1];
        certificates[0] = leaf.certificate();
        System.arraycopy(chain, 0, certificates, 1, chain.length);
        store.setKeyEntry("leaf", leaf.keyPair().getPrivate(), password, certificates);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    /** A zip of {@code entries} files; with one entry, {@code inflated} zero bytes in it (a bomb: it compresses ~1000:1). */
    private static byte[] zip(int entries, int inflated) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("f" + i + ".pem"));
                if (inflated > 0) {
                    byte[] zeros = new byte[1024 * 1024];
                    for (int written = 0; written < inflated; written += zeros.length) {
                        zip.write(zeros);
                    }
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
