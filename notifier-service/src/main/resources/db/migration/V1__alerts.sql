-- Alerts raised from events: one per source event.
create table alert (
    id              uuid         primary key,
    source_event_id varchar(64)  not null unique,
    event_type      varchar(255) not null,
    certificate_id  varchar(64),
    severity        varchar(16)  not null,
    summary         text         not null,
    created_at      timestamptz  not null
);

create index alert_certificate on alert (certificate_id);
