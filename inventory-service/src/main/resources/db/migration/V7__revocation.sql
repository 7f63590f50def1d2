-- CRLs are parsed, not just fetched: what each HTTP CRL distribution point served when last fetched.
-- state: CURRENT (a CRL, signature checked when its issuer is in the inventory), UNREACHABLE, UNREADABLE (not a CRL,
-- or not signed by the issuer it names), STALE (nextUpdate passed).
alter table crl_check add column state varchar(16);
update crl_check set state = case when reachable then 'CURRENT' else 'UNREACHABLE' end;
alter table crl_check alter column state set not null;
alter table crl_check drop column reachable;
alter table crl_check add column next_update timestamptz;

-- The revocation status of each certificate in use, from OCSP where its AIA names a responder, else from its CRLs.
create table revocation_status (
    certificate_id uuid        primary key references certificate (id) on delete cascade,
    status         varchar(16) not null,
    source         varchar(8),
    detail         text        not null,
    revoked_at     timestamptz,
    checked_at     timestamptz not null
);
