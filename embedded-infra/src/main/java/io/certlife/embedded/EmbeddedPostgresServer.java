package io.certlife.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server from the binaries that Maven Central ships ({@code io.zonky.test}), on a
 * loopback port. A temporary data folder is deleted on {@link #close()}; a given one is kept.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean temporary;
    private final String host;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, boolean temporary, String host) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.host = host;
    }

    public static EmbeddedPostgresServer startTemporary() {
        try {
            return start(Files.createTempDirectory("certlife-pg-"), true, EmbeddedKafkaBroker.LOOPBACK,
                    EmbeddedKafkaBroker.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDir}, initialised on first use and kept. A commit is
     * acknowledged only once it is on disk ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on):
     * this is the local run's database, and a machine that crashes must not take acknowledged renewals with it.
     * (Temporary servers, for tests, keep the binaries' defaults: off.)
     * <p>
     * It listens on loopback and, when {@code host} is another address of this machine (a test network's, as the fault
     * suite's network namespaces use), on that address too, trusting clients from its /24: no password is asked, so a
     * host other than loopback is for test networks only.
     */
    public static EmbeddedPostgresServer startPersistent(Path dataDir, String host, int port) {
        return start(dataDir, false, host, port);
    }

    private static EmbeddedPostgresServer start(Path dataDir, boolean temporary, String host, int port) {
        long started = System.nanoTime();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port);
            if (!temporary) {
                // the binaries' defaults trade durability for speed (fsync and synchronous_commit off)
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            if (!host.equals(EmbeddedKafkaBroker.LOOPBACK)) {
                builder.setServerConfig("listen_addresses", "localhost," + host)
                        .setServerConfig("hba_file", testNetworkHba(dataDir, host).toString());
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir, temporary, host);
            LOG.infof("Embedded PostgreSQL %s (data %s) started in %d ms", server.jdbcUrl("postgres"), dataDir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Client authentication for loopback and the test network of {@code host}, beside (not in) the data folder. */
    private static Path testNetworkHba(Path dataDir, String host) throws IOException {
        String network = host.substring(0, host.lastIndexOf('.')) + ".0/24";
        Path file = dataDir.resolveSibling(dataDir.getFileName() + "-hba.conf");
        Files.writeString(file, String.join("\n", "local all all trust", "host all all 127.0.0.1/32 trust",
                "host all all ::1/128 trust", "host all all " + network + " trust", ""));
        return file.toAbsolutePath();
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port() + "/" + database;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String database) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("select 1 from pg_database where datname = '" + database.replace("'", "") + "'");
            if (!result.next()) {
                statement.execute("create database \"" + database.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (temporary) {
            Folders.delete(dataDir);
        }
        LOG.infof("Embedded PostgreSQL on port %d stopped", port());
    }
}
