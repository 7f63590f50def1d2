-- Details the planning rules read, and the private-key exportability the inventory is told about
-- (null: unknown). The inventory never stores a private key.
alter table certificate
    add column common_name             text,
    add column certificate_authority   boolean not null default false,
    add column extended_key_usages     text[]  not null default '{}',
    add column crl_distribution_points text[]  not null default '{}',
    add column authority_info_access   text[]  not null default '{}',
    add column chain_thumbprints       text[]  not null default '{}',
    add column private_key_exportable  boolean;

-- Policy findings: one open row per (rule, subject); resolved rows stay for history.
create table finding (
    id             uuid         primary key,
    rule_id        varchar(64)  not null,
    severity       varchar(16)  not null,
    message        text         not null,
    subject_key    varchar(600) not null,
    certificate_id uuid         references certificate (id),
    server         varchar(253),
    service        varchar(32),
    raised_at      timestamptz  not null,
    resolved_at    timestamptz
);

create unique index finding_open on finding (rule_id, subject_key) where resolved_at is null;
create index finding_certificate on finding (certificate_id) where resolved_at is null;
create index finding_server on finding (server) where resolved_at is null;
