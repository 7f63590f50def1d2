-- Issuance: the key specification a renewal uses, the certificate it issued, and its private key sealed
-- by envelope encryption (one key per renewal, so one per certificate generation).
alter table renewal
    add column exportable_key     boolean not null default false,
    add column client_auth        boolean not null default false,
    add column failure_reason     varchar(64),
    add column failure_message    text,
    add column new_certificate_id uuid,
    add column certificate_pem    text,
    add column issued_at          timestamptz;

create table private_key (
    id               uuid        primary key,
    renewal_id       uuid        not null unique references renewal (id),
    certificate_id   uuid        not null,
    algorithm        varchar(16) not null,
    kek_id           varchar(64) not null,
    wrapped_data_key bytea       not null,
    ciphertext       bytea       not null,
    exportable       boolean     not null,
    created_at       timestamptz not null
);
