-- Reconciliation: an issued renewal is registered once inventory reports the replacement (CertificateDiscovered,
-- source ISSUED); one still unregistered after certlife.reconcile.after has its CertificateIssued published again.
alter table renewal add column registered_at timestamptz;
alter table renewal add column republished_at timestamptz;
-- renewals issued before reconciliation existed are taken as registered: nothing is re-sent at the upgrade
update renewal set registered_at = coalesce(issued_at, now()) where state in ('ISSUED', 'DEPLOY_OVERDUE', 'VERIFIED');
create index renewal_unregistered on renewal (issued_at) where registered_at is null and state in ('ISSUED', 'DEPLOY_OVERDUE');
