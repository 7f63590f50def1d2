-- Certificates known to the inventory. Never a private key: the inventory keeps public material only.
create table certificate (
    id                  uuid         primary key,
    thumbprint_sha1     varchar(40)  not null unique,
    fingerprint_sha256  varchar(64)  not null unique,
    subject             text         not null,
    issuer              text         not null,
    serial_number       varchar(128) not null,
    subject_alt_names   text[]       not null,
    not_before          timestamptz  not null,
    not_after           timestamptz  not null,
    key_algorithm       varchar(16)  not null,
    key_size            integer      not null,
    signature_algorithm varchar(64)  not null,
    self_signed         boolean      not null,
    der                 bytea        not null,
    source              varchar(16)  not null,
    generation          integer      not null default 1,
    replaces_id         uuid         references certificate (id),
    renew_before_seconds bigint,
    -- When renewal is due (renewBefore, else two thirds of the lifetime), kept by the service so that the
    -- sweep finds due certificates by index.
    renewal_at          timestamptz  not null,
    created_at          timestamptz  not null default now()
);

create index certificate_not_after on certificate (not_after);
create index certificate_renewal_at on certificate (renewal_at);
create index certificate_replaces on certificate (replaces_id);

-- Lifecycle notices already emitted (renewal due, each expiry threshold, expired): the primary key makes
-- each notice happen once per certificate, however many sweeps or replicas see it.
create table lifecycle_notice (
    certificate_id uuid        not null references certificate (id),
    notice         varchar(32) not null,
    emitted_at     timestamptz not null default now(),
    primary key (certificate_id, notice)
);
