package io.certlife.renewal.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Periodically retries renewals whose backoff has passed and reports stalled ones. */
@ApplicationScoped
public class RenewalChecks {

    @Inject
    RenewalPlanner planner;

    @Scheduled(every = "${certlife.renewal.check-interval:1m}", delay = 10, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        planner.retryDue();
        planner.detectStalls();
    }
}
