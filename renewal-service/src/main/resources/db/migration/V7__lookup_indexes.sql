-- Exports and CSR acceptance look renewals and keys up by the certificate they made: one each.
create unique index private_key_certificate on private_key (certificate_id);
create unique index renewal_new_certificate on renewal (new_certificate_id);
