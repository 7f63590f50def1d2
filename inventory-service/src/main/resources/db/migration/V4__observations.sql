-- What discovery last saw at each endpoint.
create table observation (
    endpoint        varchar(300) primary key,
    server          varchar(253),
    service         varchar(32),
    thumbprint_sha1 varchar(40),
    error           text,
    observed_at     timestamptz  not null
);

-- Where discovery connects when it differs from the FQDN and the service's standard port.
alter table server add column address varchar(253);
alter table slot add column port integer;

-- Whether each HTTP CRL distribution point answered when last fetched.
create table crl_check (
    url        varchar(2000) primary key,
    reachable  boolean       not null,
    detail     text,
    checked_at timestamptz   not null
);
