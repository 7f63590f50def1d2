-- A site's maintenance windows (weekly or once, in the site's time zone): replacements are activated in them.
alter table site add column maintenance_windows jsonb not null default '[]';
