-- CSR renewals: the request waiting for its certificate, and the slots the renewal serves (server/service).
alter table renewal
    add column csr_pem text,
    add column slots   text[] not null default '{}';
