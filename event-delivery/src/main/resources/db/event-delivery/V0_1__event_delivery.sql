-- Transactional outbox and consumer dedupe, shared by every certlife service (module event-delivery).
-- Versions 0.x belong to event-delivery; a service's own migrations start at V1.

create table outbox_event (
    seq         bigserial    primary key,
    event_id    varchar(64)  not null unique,
    topic       varchar(249) not null,
    event_key   varchar(512),
    event_type  varchar(255) not null,
    payload     text         not null,
    created_at  timestamptz  not null default now(),
    sent_at     timestamptz
);

create index outbox_event_unsent on outbox_event (seq) where sent_at is null;
create index outbox_event_sent_at on outbox_event (sent_at) where sent_at is not null;

create table processed_event (
    consumer     varchar(100) not null,
    event_id     varchar(64)  not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
