package io.certlife.notifier.service;

import io.certlife.notifier.OperatorTask;
import io.certlife.notifier.client.InventoryDiscovery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * "Done" is checked, not believed: a task marked done (VERIFYING) gets a probe of its certificate's slots by
 * inventory-service, which verifies what it sees. Seen served on the task's server: DONE. Another certificate seen
 * there: back to IN_PROGRESS, with what was seen. Unreachable: it stays VERIFYING and inventory's scheduled discovery
 * verifies it later ({@code DeploymentVerified}). The probe runs outside any transaction.
 */
@ApplicationScoped
public class TaskVerification {

    private static final Logger LOG = Logger.getLogger(TaskVerification.class);

    @Inject
    EntityManager entityManager;

    @Inject
    InventoryDiscovery discovery;

    @Inject
    TaskService tasks;

    @Inject
    Clock clock;

    @Scheduled(every = "${certlife.notifier.tasks.interval:5s}", delay = 5, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void round() {
        verifyDue();
    }

    /** Probes every task waiting for it; returns how many it probed. */
    public int verifyDue() {
        List<Object[]> due = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery("""
                        select t.id, t.certificateId from OperatorTask t where t.state = ?1 and t.verifyRequestedAt is not null
                        order by t.verifyRequestedAt""", Object[].class)
                .setParameter(1, OperatorTask.State.VERIFYING).setMaxResults(20).getResultList());
        for (Object[] row : due) {
            UUID id = (UUID) row[0];
            List<InventoryDiscovery.Seen> seen;
            try {
                seen = discovery.probe((String) row[1]);
            } catch (InventoryDiscovery.ProbeFailed e) {
                QuarkusTransaction.requiringNew().run(() -> unprobed(id, e.getMessage()));
                continue;
            }
            QuarkusTransaction.requiringNew().run(() -> apply(id, seen));
        }
        return due.size();
    }

    private void apply(UUID id, List<InventoryDiscovery.Seen> seen) {
        OperatorTask task = OperatorTask.findById(id);
        if (task.state != OperatorTask.State.VERIFYING) {
            return;
        }
        List<InventoryDiscovery.Seen> here = seen.stream().filter(s -> task.server.equalsIgnoreCase(s.server())).toList();
        List<InventoryDiscovery.Seen> other = here.stream()
                .filter(s -> s.thumbprintSha1() != null && !s.thumbprintSha1().equalsIgnoreCase(task.thumbprint)).toList();
        List<InventoryDiscovery.Seen> unread = here.stream().filter(s -> s.thumbprintSha1() == null).toList();
        if (here.isEmpty()) {
            unprobed(id, "no slot of " + task.server + " is bound to " + task.certificateId + ", so there is nothing to probe");
        } else if (!other.isEmpty()) {
            tasks.reopen(task, "probe at " + clock.instant() + " saw " + other.stream().map(s -> s.subject() + " (thumbprint "
                    + s.thumbprintSha1() + ") on " + s.endpoint() + " " + s.service()).collect(Collectors.joining("; "))
                    + ", not " + task.thumbprint + ": follow the steps, then mark the task done again");
            LOG.infof("Task %s reopened: its server does not serve %s yet", id, task.thumbprint);
        } else if (!unread.isEmpty()) {
            unprobed(id, "probe at " + clock.instant() + " could not read " + unread.stream().map(s -> s.endpoint() + " "
                    + s.service() + " (" + s.error() + ")").collect(Collectors.joining("; ")));
        } else {
            tasks.seenServed(task, "seen served on " + here.stream().map(s -> s.endpoint() + " " + s.service())
                    .collect(Collectors.joining(", ")) + " at " + clock.instant());
        }
    }

    /** The probe told nothing: the task waits in VERIFYING for inventory's scheduled discovery. */
    private void unprobed(UUID id, String why) {
        OperatorTask task = OperatorTask.findById(id);
        if (task.state == OperatorTask.State.VERIFYING) {
            task.verifyRequestedAt = null;
            task.note = why + "; discovery keeps probing on its schedule and the task becomes DONE once it sees "
                    + task.thumbprint + " served";
            task.updatedAt = clock.instant();
        }
    }
}
