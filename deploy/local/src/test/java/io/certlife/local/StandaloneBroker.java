package io.certlife.local;

import io.certlife.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The embedded-infra Kafka broker in a JVM of its own, on a fixed port and storage folder, so that a test can stop it
 * as an operator would (SIGTERM: a controlled shutdown) or as a crash would (SIGKILL) and start it again on the same
 * data. The same artifacts as the launcher's broker; only the process differs.
 */
final class StandaloneBroker implements AutoCloseable {

    private final Path storage;
    private final String host;
    private final int port;
    private final Path log;
    private Process process;

    StandaloneBroker(Path storage, String host, int port, Path log) {
        this.storage = storage;
        this.host = host;
        this.port = port;
        this.log = log;
    }

    /** Runs a broker in this JVM until the process is stopped; a SIGTERM shuts it down cleanly. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startPersistent(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        Thread.currentThread().join();
    }

    String bootstrapServers() {
        return host + ":" + port;
    }

    StandaloneBroker start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StandaloneBroker.class.getName(), storage.toString(), host, Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the standalone broker", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the standalone broker exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return this;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IllegalStateException("the standalone broker did not listen on " + port + " within 90 s; see " + log);
    }

    /** SIGTERM: the broker shuts down cleanly. */
    void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the standalone broker did not stop within 60 s of SIGTERM");
        }
    }

    /** SIGKILL: the broker dies at once, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            terminate();
        }
    }
}
