-- API tokens made through the API (tokens/TokenStore): the SHA-256 of each secret, never the secret.
create table api_token (
    id           uuid          primary key,
    name         varchar(64)   not null,
    sha256       char(64)      not null unique,
    roles        text[]        not null,
    created_at   timestamptz   not null,
    created_by   varchar(300)  not null,
    expires_at   timestamptz   not null,
    revoked_at   timestamptz,
    revoked_by   varchar(300),
    last_used_at timestamptz
);
-- one live token per name
create unique index api_token_live_name on api_token (name) where revoked_at is null;
