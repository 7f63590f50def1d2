-- Reconciliation: a RENEWAL_DUE notice is acknowledged when renewal-service says it has the renewal (RenewalPlanned) or
-- its replacement is registered; one still unacknowledged after certlife.reconcile.after is emitted again.
alter table lifecycle_notice add column acknowledged_at timestamptz;
-- notices from before reconciliation existed are taken as acknowledged: nothing is re-sent at the upgrade
update lifecycle_notice set acknowledged_at = emitted_at where notice = 'RENEWAL_DUE';
create index lifecycle_notice_unacknowledged on lifecycle_notice (emitted_at)
    where notice = 'RENEWAL_DUE' and acknowledged_at is null;
