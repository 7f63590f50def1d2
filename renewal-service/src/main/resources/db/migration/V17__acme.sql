-- The ACME issuer: certlife's account per directory (its key sealed in private_key like every other: such a row has no
-- renewal) and each renewal's order in progress.
alter table private_key alter column renewal_id drop not null;

create table acme_account (
    directory   text primary key,
    location    text not null,
    key_id      uuid not null references private_key (id),
    key_binding uuid not null,
    public_key  bytea not null,
    created_at  timestamp with time zone not null
);

create table acme_order (
    -- checked at commit: the issuer opens the order before the new renewal's row is inserted
    renewal_id    uuid primary key references renewal (id) deferrable initially deferred,
    stage         text not null,
    order_url     text,
    challenges    jsonb not null,
    published_at  timestamp with time zone,
    next_check_at timestamp with time zone not null
);
create index acme_order_next_check on acme_order (next_check_at);

-- Certificates the ACME CA issued, watched for the CA's renewal window (ARI, RFC 9773).
create table acme_renewal_info (
    certificate_id uuid primary key,
    renewal_id     uuid not null references renewal (id),
    window_start   timestamp with time zone,
    window_end     timestamp with time zone,
    renew_at       timestamp with time zone,
    next_check_at  timestamp with time zone not null,
    requested_at   timestamp with time zone
);
create index acme_renewal_info_next_check on acme_renewal_info (next_check_at);
