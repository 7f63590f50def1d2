-- What a service's consumers could not process, read back from its dead-letter topic (DeadLetters): visible and
-- replayable. One row per dead-letter record; a replay that applied it (or found it done) resolves it.
create table dead_letter (
    id              bigserial    primary key,
    topic           varchar(249) not null,
    partition_no    int          not null,
    record_offset   bigint       not null,
    source_topic    varchar(249),
    source_partition int,
    source_offset   bigint,
    event_key       varchar(512),
    reason          text         not null,
    payload         text         not null,
    dead_at         timestamptz  not null,
    resolved_at     timestamptz,
    resolution      varchar(40),
    unique (topic, partition_no, record_offset)
);
create index dead_letter_open on dead_letter (source_topic) where resolved_at is null;
create index dead_letter_resolved_at on dead_letter (resolved_at) where resolved_at is not null;
