-- An export names who made it and, when it is for an operator task, the task; its password is then sealed (KEK) until
-- a key custodian other than the maker reveals it, once.
alter table pfx_export add column export_id uuid;
update pfx_export set export_id = gen_random_uuid();
alter table pfx_export alter column export_id set not null;
create unique index pfx_export_export_id on pfx_export (export_id);
alter table pfx_export add column task_id varchar(100);
alter table pfx_export add column created_by varchar(300) not null default 'unknown';
alter table pfx_export alter column created_by drop default;
alter table pfx_export add column password_kek varchar(64);
alter table pfx_export add column password_key bytea;
alter table pfx_export add column password bytea;
alter table pfx_export add column password_revealed_at timestamptz;
alter table pfx_export add column password_revealed_by varchar(300);
