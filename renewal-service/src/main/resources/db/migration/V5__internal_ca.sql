-- An internal CA generated at first start (local use); in production the CA comes from configuration.
create table internal_ca (
    id               uuid        primary key,
    certificate_pem  text        not null,
    algorithm        varchar(16) not null,
    kek_id           varchar(64) not null,
    wrapped_data_key bytea       not null,
    ciphertext       bytea       not null,
    created_at       timestamptz not null
);
