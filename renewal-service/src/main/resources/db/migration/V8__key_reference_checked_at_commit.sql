-- A renewal and its key are written in one transaction, the renewal row once and complete (after issuance):
-- the key's reference to it is checked at commit instead of per statement.
alter table private_key alter constraint private_key_renewal_id_fkey deferrable initially deferred;
