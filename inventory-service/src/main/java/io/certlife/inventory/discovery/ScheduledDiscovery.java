package io.certlife.inventory.discovery;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Probes the estate's slots every {@code certlife.discovery.interval}, one replica at a time: a session advisory lock
 * held for the run (on-demand runs are not limited).
 */
@ApplicationScoped
public class ScheduledDiscovery {

    private static final Logger LOG = Logger.getLogger(ScheduledDiscovery.class);

    @Inject
    DiscoveryService discovery;

    @Inject
    DataSource dataSource;

    @Inject
    Observations observations;

    @Inject
    java.time.Clock clock;

    @Scheduled(every = "${certlife.discovery.interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!advisoryLock(connection, "select pg_try_advisory_lock(hashtext('certlife.discovery'))")) {
                LOG.debug("Discovery: another replica is running the scheduled discovery");
                return;
            }
            try {
                DiscoveryService.Report report = discovery.discover(new DiscoveryService.Request(true, List.of(), null, List.of(), null));
                int forgotten = observations.purge(clock.instant());
                LOG.infof("Discovery: %d endpoints probed, %d answered with TLS; %d observations not seen again forgotten",
                        report.probed(), report.reachable(), forgotten);
            } finally {
                advisoryLock(connection, "select pg_advisory_unlock(hashtext('certlife.discovery'))");
            }
        }
    }

    private static boolean advisoryLock(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() && result.getBoolean(1);
        }
    }
}
