-- The walking skeleton's one-alert-per-event table gives way to deduped alerts, routing, the delivery
-- ledger, the estate read model and operator tasks.
drop table alert;

-- The estate as inventory's TopologyChanged events describe it: the latest API representation per entity.
create table estate_entry (
    entity     varchar(32)  not null,
    entity_id  varchar(512) not null,
    body       jsonb        not null,
    updated_at timestamptz  not null,
    primary key (entity, entity_id)
);

-- What the events have told about each certificate: for texts ("renewal planned") and task due dates.
create table certificate_state (
    certificate_id  varchar(64) primary key,
    subject         text,
    thumbprint      varchar(40),
    not_after       timestamptz,
    renewal_id      varchar(64),
    renewal_issuer  varchar(32),
    renewal_state   varchar(32),
    replaced_by     varchar(64),
    updated_at      timestamptz not null
);

-- One alert per dedupe key (certificate, server, threshold for expiry; the event itself for failures).
create table alert (
    id              uuid         primary key,
    dedupe_key      varchar(300) not null unique,
    kind            varchar(32)  not null,
    certificate_id  varchar(64),
    server          varchar(253),
    services        text[]       not null,
    site            varchar(100),
    owner           varchar(100),
    severity        varchar(16)  not null,
    title           text         not null,
    summary         text         not null,
    state           varchar(16)  not null,
    snoozed_until   timestamptz,
    acknowledged_by varchar(200),
    source_event_id varchar(64)  not null,
    occurrences     int          not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index alert_certificate on alert (certificate_id, server);
create index alert_state on alert (state, created_at);

create table routing_rule (
    id           uuid         primary key,
    name         varchar(100) not null unique,
    event_types  text[]       not null,
    min_severity varchar(16)  not null,
    site         varchar(100),
    role         varchar(32),
    owner        varchar(100),
    channel      varchar(16)  not null,
    recipients   text[]       not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);

-- Owners that prefer one message a day, at a local time in the site's zone.
create table digest_preference (
    owner       varchar(100) primary key,
    local_time  time         not null
);

-- The delivery ledger: one row per (event, channel, recipient), written with the consumed event.
create table delivery (
    id              uuid         primary key,
    source_event_id varchar(64)  not null,
    channel         varchar(16)  not null,
    recipient       varchar(320) not null,
    kind            varchar(16)  not null,
    alert_id        uuid,
    task_id         uuid,
    status          varchar(16)  not null,
    digest          boolean      not null,
    attempts        int          not null,
    next_attempt_at timestamptz  not null,
    lease_until     timestamptz,
    last_error      text,
    message         jsonb        not null,
    created_at      timestamptz  not null,
    sent_at         timestamptz,
    unique (source_event_id, channel, recipient)
);
create index delivery_due on delivery (next_attempt_at) where status in ('PENDING', 'SENDING');
create index delivery_alert on delivery (alert_id);

create table operator_task (
    id                      uuid         primary key,
    dedupe_key              varchar(400) not null unique,
    kind                    varchar(32)  not null,
    title                   text         not null,
    server                  varchar(253) not null,
    certificate_id          varchar(64)  not null,
    replaces_certificate_id varchar(64),
    thumbprint              varchar(40),
    assignee                varchar(100),
    due_at                  timestamptz  not null,
    state                   varchar(16)  not null,
    steps                   text[]       not null,
    checks                  text[]       not null,
    export_profile          varchar(16),
    export_state            varchar(16),
    export_attempts         int          not null,
    export_next_attempt_at  timestamptz,
    export_note             text,
    note                    text,
    source_event_id         varchar(64)  not null,
    overdue_alerted_at      timestamptz,
    created_at              timestamptz  not null,
    updated_at              timestamptz  not null
);
create index operator_task_open on operator_task (state, due_at);

-- The slots (server/service) the events last named for a certificate, for alerts whose event names none.
alter table certificate_state add column slots text[] not null default '{}';
