-- The audit trail (access module's AuditTrail): every request that may change something and every refused one.
create table audit_record (
    id         uuid          primary key,
    at         timestamptz   not null,
    subject    varchar(300)  not null,
    roles      text[]        not null default '{}',
    action     varchar(2100) not null,
    object     varchar(2100) not null,
    outcome    integer       not null,
    address    varchar(64),
    request_id varchar(100)  not null
);
create index audit_record_at on audit_record (at desc);
create index audit_record_subject on audit_record (subject, at desc);
