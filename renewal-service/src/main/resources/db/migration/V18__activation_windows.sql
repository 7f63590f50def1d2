-- Per site with maintenance windows, the window the replacement is planned into (from RenewalDue).
alter table renewal add column activation_windows jsonb;
