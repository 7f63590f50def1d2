-- Where the renewal's new key is made (issue 16). ON_SERVER: the server makes it and sends its CSR (kept in csr_pem);
-- no private_key row is ever written for such a renewal.
alter table renewal add column key_custody varchar(16) not null default 'CENTRAL';
