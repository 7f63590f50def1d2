package io.certlife.notifier;

/** What an alert is about; routing rules select by kind. Failures and stalls are never deduped or digested. */
public enum AlertKind {
    CERTIFICATE_EXPIRING,
    CERTIFICATE_EXPIRED,
    CSR_PENDING,
    RENEWAL_FAILED,
    RENEWAL_STALLED,
    POLICY_FINDING,
    TASK_OVERDUE,
    DEPLOYMENT_OVERDUE,
    /** No maintenance window of the site fits before the old certificate expires: the activation is an emergency change. */
    MAINTENANCE_WINDOW_MISSED;

    /** Whether every event of this kind must reach people at once: never deduped, snoozed or held for a digest. */
    public boolean alwaysAlerts() {
        return this == RENEWAL_FAILED || this == RENEWAL_STALLED;
    }
}
