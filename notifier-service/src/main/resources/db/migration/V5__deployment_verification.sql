-- Deployed means seen served (issue 16). A task marked done waits in VERIFYING for a probe of its slots
-- (verify_requested_at: a probe is due); it can be closed without verification (CLOSED_UNVERIFIED) with a reason.
alter table operator_task alter column state type varchar(24);
alter table operator_task add column verify_requested_at timestamptz;
create index operator_task_verify on operator_task (verify_requested_at) where verify_requested_at is not null;

-- When the replacement of a certificate was issued: its alerts stay open, saying so, until it is seen served.
alter table certificate_state add column replaced_at timestamptz;
