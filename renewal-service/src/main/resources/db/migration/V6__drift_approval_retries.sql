-- The plan's drift from policy, its approval, durable retry state and stall detection.
alter table renewal add column drift            jsonb        not null default '[]';
alter table renewal add column approved_by      varchar(200);
alter table renewal add column approved_at      timestamptz;
alter table renewal add column max_validity_days integer;
alter table renewal add column align_to         timestamptz;
alter table renewal add column attempts         integer      not null default 0;
alter table renewal add column next_attempt_at  timestamptz;
alter table renewal add column state_since      timestamptz;
alter table renewal add column stalled_at       timestamptz;
update renewal set state_since = coalesce(issued_at, created_at);
alter table renewal alter column state_since set not null;
create index renewal_due_attempt on renewal (next_attempt_at) where state = 'PLANNED';
