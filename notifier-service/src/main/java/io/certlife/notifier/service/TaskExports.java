package io.certlife.notifier.service;

import io.certlife.events.EstateEntity;
import io.certlife.events.Severity;
import io.certlife.notifier.Alert;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.OperatorTask;
import io.certlife.notifier.channel.Channel;
import io.certlife.notifier.channel.DeliveryFailure;
import io.certlife.notifier.channel.Message;
import io.certlife.notifier.client.RenewalExports;
import io.certlife.notifier.config.NotifierConfig;
import io.certlife.notifier.estate.EstateView;
import io.certlife.notifier.policy.Backoff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Gets ISA-export tasks their PFX: asks renewal-service for an export for the task in its profile and mails the
 * one-time download link to the assignee. The password never passes here: renewal-service keeps it sealed until a key
 * custodian reveals it ({@code certlife exports password <export>}), so the link alone opens nothing and a compromised
 * notifier holds no key. The link is not stored: a failed round asks for a fresh export next time. Also re-alerts
 * overdue tasks.
 */
@ApplicationScoped
public class TaskExports {

    private static final Logger LOG = Logger.getLogger(TaskExports.class);

    @Inject
    EntityManager entityManager;

    @Inject
    RenewalExports renewal;

    @Inject
    EstateView estate;

    @Inject
    TaskService tasks;

    @Inject
    NotifierConfig config;

    @Inject
    Clock clock;

    @Inject
    Instance<Channel> channels;

    @Scheduled(every = "${certlife.notifier.tasks.interval:5s}", delay = 5, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void round() {
        exportDue();
        tasks.alertOverdue();
    }

    /** Handles every task whose export is due; returns how many it handled. */
    public int exportDue() {
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery("""
                        select t.id from OperatorTask t where t.exportState = ?1 and t.exportNextAttemptAt <= ?2 and t.state in ?3
                        order by t.createdAt""", UUID.class)
                .setParameter(1, OperatorTask.ExportState.PENDING).setParameter(2, clock.instant())
                .setParameter(3, List.of(OperatorTask.State.OPEN, OperatorTask.State.IN_PROGRESS))
                .setMaxResults(20).getResultList());
        due.forEach(id -> QuarkusTransaction.requiringNew().run(() -> export(id)));
        return due.size();
    }

    private void export(UUID id) {
        // Another replica may be exporting this task right now: skip it rather than make a second PFX.
        List<?> locked = entityManager.createNativeQuery(
                        "select id from {h-schema}operator_task where id = :id and export_state = 'PENDING' for update skip locked")
                .setParameter("id", id).getResultList();
        if (locked.isEmpty()) {
            return;
        }
        OperatorTask task = OperatorTask.findById(id);
        Optional<EstateEntity.Team> team = Optional.ofNullable(task.assignee).flatMap(estate::team);
        String email = team.map(EstateEntity.Team::email).orElse(null);
        if (email == null) {
            block(task, "the download link goes by email: team " + (task.assignee == null ? "(none assigned)"
                    : "'" + task.assignee + "'") + " has no email; fix it, then POST /tasks/" + id + "/export");
            return;
        }
        try {
            RenewalExports.Ticket ticket = renewal.create(task.certificateId, task.exportProfile, task.id.toString());
            channel(ChannelType.EMAIL).send(email, new Message(Alert.Severity.WARNING, "PFX download for: " + task.title,
                    "One-time download link, valid until " + ticket.expiresAt() + ": " + renewal.downloadUrl(ticket.token())
                            + "\nThe password is not in this mail: a key custodian reveals it once with: certlife exports "
                            + "password " + ticket.exportId(),
                    List.of(new Message.Fact("Task", task.id.toString()), new Message.Fact("Profile", task.exportProfile),
                            new Message.Fact("Thumbprint", task.thumbprint), new Message.Fact("Export", ticket.exportId())),
                    List.of(), null));
            task.exportState = OperatorTask.ExportState.DELIVERED;
            task.exportNote = "download link sent to " + email + " (valid until " + ticket.expiresAt() + "); a key custodian "
                    + "reveals the password of export " + ticket.exportId();
            task.updatedAt = clock.instant();
        } catch (RenewalExports.ExportRefused e) {
            if (e.retryable()) {
                retry(task, e.getMessage());
            } else {
                block(task, e.getMessage());
            }
        } catch (DeliveryFailure e) {
            if (e.isTransient()) {
                retry(task, "sending failed (" + e.reason() + "): " + e.getMessage() + "; a new export will be made");
            } else {
                block(task, "sending failed (" + e.reason() + "): " + e.getMessage());
            }
        }
    }

    private Channel channel(ChannelType type) {
        return channels.stream().filter(c -> c.type() == type).findFirst().orElseThrow();
    }

    private void retry(OperatorTask task, String why) {
        task.exportAttempts++;
        Duration delay = Backoff.delay(task.exportAttempts, config.delivery().initialBackoff(), config.delivery().maxBackoff(), 1.0, null);
        task.exportNextAttemptAt = clock.instant().plus(delay);
        task.exportNote = why + " (attempt " + task.exportAttempts + ", next at " + task.exportNextAttemptAt + ")";
        task.updatedAt = clock.instant();
        LOG.infof("Export for task %s will be retried: %s", task.id, why);
    }

    private void block(OperatorTask task, String why) {
        task.exportState = OperatorTask.ExportState.BLOCKED;
        task.exportNote = why;
        task.updatedAt = clock.instant();
        LOG.infof("Export for task %s blocked: %s", task.id, why);
    }
}
