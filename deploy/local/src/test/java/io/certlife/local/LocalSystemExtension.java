package io.certlife.local;

import io.certlife.embedded.EmbeddedKafkaBroker;
import io.certlife.embedded.Folders;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the packaged services as separate processes on an embedded Kafka and PostgreSQL, on free ports
 * and a temporary data folder, for black-box tests through public interfaces only.
 */
public final class LocalSystemExtension implements BeforeAllCallback, AfterAllCallback {

    private final Optional<LocalSystem.InternalCa> internalCa;
    private final Supplier<Map<String, String>> environment;
    private final Supplier<Optional<String>> existingKafka;
    private final String host;
    private LocalSystem system;
    private Path dataDir;

    public LocalSystemExtension() {
        this(Optional.empty());
    }

    /** With this internal CA given to renewal-service (instead of the one it would generate). */
    public LocalSystemExtension(Optional<LocalSystem.InternalCa> internalCa) {
        this(internalCa, Map::of);
    }

    /** With more environment for every service, read when the system starts (it may name a server started before). */
    public LocalSystemExtension(Optional<LocalSystem.InternalCa> internalCa, Supplier<Map<String, String>> environment) {
        this(internalCa, environment, Optional::empty, EmbeddedKafkaBroker.LOOPBACK);
    }

    /**
     * With a broker of the test's own (read when the system starts) instead of the embedded one, and everything on
     * {@code host} (see {@link LocalSystem.Settings}).
     */
    public LocalSystemExtension(Optional<LocalSystem.InternalCa> internalCa, Supplier<Map<String, String>> environment,
                                Supplier<Optional<String>> existingKafka, String host) {
        this.internalCa = internalCa;
        this.environment = environment;
        this.existingKafka = existingKafka;
        this.host = host;
    }

    /** The certlife checkout whose packaged services the tests start ({@code certlife.home}, else this module's ../..). */
    static Path home() {
        return Path.of(System.getProperty("certlife.home", "../..")).toAbsolutePath().normalize();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path home = home();
        // Under target/ and kept afterwards, so the services' logs can be read after a failure.
        dataDir = Files.createDirectories(Path.of("target")).resolve("it-data-" + System.currentTimeMillis());
        Files.createDirectories(dataDir);
        int servicePort = FreePorts.consecutive(LocalSystem.SERVICES.size());
        system = LocalSystem.start(new LocalSystem.Settings(home, dataDir, host, FreePorts.one(), FreePorts.one(), servicePort, FreePorts.one(),
                existingKafka.get(), Optional.empty(), "postgres", "", Duration.ofSeconds(180), 0, 0, internalCa,
                environment()));
        // every request of the ITs presents the launcher's bootstrap admin token unless it sets its own
        String admin = "Bearer " + system.adminToken();
        RestAssured.filters((request, response, filterContext) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", admin);
            }
            return filterContext.next(request, response);
        });
    }

    private Map<String, String> environment() {
        Map<String, String> all = new HashMap<>(environment.get());
        // the tests sweep when they mean to: a scheduled sweep between importing a certificate and binding it
        // would send its notices and RenewalDue before it has a slot
        all.put("CERTLIFE_EXPIRY_SWEEP_INTERVAL", "off");
        return all;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RestAssured.replaceFiltersWith(List.of());
        if (system != null) {
            system.close();
        }
        Folders.delete(dataDir.resolve("kafka"));
        Folders.delete(dataDir.resolve("postgres"));
    }

    public Path dataDir() {
        return dataDir;
    }

    public LocalSystem system() {
        return system;
    }

    /** The contents of every file a sink wrote to {@code folder} (mails as .eml, requests as text), oldest first. */
    public static List<String> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
