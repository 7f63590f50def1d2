package io.certlife.delivery;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A background thread that works in rounds: woken when a transaction that gave it work commits, else every poll
 * interval, and going round again at once while a round came back full. A failed round is reported and retried at
 * the next wake-up. The outbox relay and the notifier's dispatcher run on one each.
 */
public final class WorkerLoop {

    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);

    /** One round of work; returns how many items it handled. */
    @FunctionalInterface
    public interface Round {
        int run() throws Exception;
    }

    private final String name;
    private final Duration pollInterval;
    private final int batchSize;
    private final Round round;
    private final Consumer<Exception> onFailure;
    private final Runnable afterRounds;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    /**
     * @param batchSize   a round that handled this many or more (the notifier's rounds take due groups whole) goes round
     *                    again at once
     * @param onFailure   told of a failed round (the loop logs it and goes on)
     * @param afterRounds run after the rounds of a wake-up all succeeded
     */
    public WorkerLoop(String name, Duration pollInterval, int batchSize, Round round, Consumer<Exception> onFailure,
                      Runnable afterRounds) {
        this.name = name;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.round = round;
        this.onFailure = onFailure;
        this.afterRounds = afterRounds;
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the current round, waiting for it at most {@code timeout}. */
    public void stop(Duration timeout) {
        running = false;
        wakeUps.release();
        if (thread != null) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks for a round now. */
    public void wakeUp() {
        wakeUps.release();
    }

    /** Asks for a round once the caller's transaction has committed (once per transaction, however often asked). */
    public void wakeUpAfterCommit(TransactionSynchronizationRegistry transactions) {
        if (transactions.getResource(this) != null) {
            return;
        }
        transactions.putResource(this, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wakeUp();
                }
            }
        });
    }

    private void loop() {
        while (running) {
            try {
                wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                int handled;
                do {
                    handled = round.run();
                } while (running && handled >= batchSize);
                afterRounds.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("%s: round failed, will retry: %s", name, e.getMessage());
                    onFailure.accept(e);
                }
            }
        }
    }
}
