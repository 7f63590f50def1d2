-- The maintenance window an activation task is planned into (its site's; none when the site has no windows).
alter table operator_task add column window_start timestamptz, add column window_end timestamptz;
