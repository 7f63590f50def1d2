-- Where a slot's renewals make the new key (issue 16): CENTRAL (certlife makes it and delivers it to the server's
-- task) or ON_SERVER (the server makes it and sends its CSR; the key never leaves the server).
alter table slot add column key_custody varchar(16) not null default 'CENTRAL';
