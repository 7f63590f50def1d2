-- PFX exports: built when requested, downloadable once with the token, until it expires. The password is
-- never stored; the file is deleted when downloaded.
create table pfx_export (
    token          varchar(64) primary key,
    certificate_id uuid        not null,
    profile        varchar(16) not null,
    pfx            bytea,
    created_at     timestamptz not null,
    expires_at     timestamptz not null,
    downloaded_at  timestamptz
);
