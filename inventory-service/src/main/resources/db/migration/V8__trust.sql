-- The roots (and any CA) the estate trusts, set by an admin (PUT /trust-anchors).
create table trust_anchor (
    thumbprint_sha1 varchar(40) primary key,
    der             bytea       not null
);

-- Whether a certificate chains to a trust anchor: true, false (a chain that ends at another root, or a signature
-- that does not verify), or null (unknown: no anchors set, or an issuer the inventory does not hold).
alter table certificate add column trusted boolean;
