-- The CA certificates each issuer's answers must chain to (PKIX): the enterprise CA, each public CA bought from.
create table trust_anchor (
    issuer          varchar(32)   not null,
    fingerprint     char(64)      not null,
    subject         varchar(2000) not null,
    not_after       timestamptz   not null,
    certificate_pem text          not null,
    added_by        varchar(300)  not null,
    added_at        timestamptz   not null,
    primary key (issuer, fingerprint)
);
