-- One renewal per (certificate, generation): a redelivered RenewalDue or a repeated request finds it.
create table renewal (
    id                uuid         primary key,
    certificate_id    varchar(64)  not null,
    generation        integer      not null,
    issuer            varchar(16)  not null,
    subject           text         not null,
    subject_alt_names text[]       not null,
    key_algorithm     varchar(16)  not null,
    key_size          integer      not null,
    state             varchar(32)  not null,
    created_at        timestamptz  not null,
    unique (certificate_id, generation)
);
