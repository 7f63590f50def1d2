-- Deployed means seen served (issue 16): per-slot verification of the replacement as inventory reports it (when every
-- slot was seen serving it is the VERIFIED state's transition time).
alter table renewal add column deployment jsonb;

-- Whether Windows lets the key be exported again after import is the plan's attribute (renewal.exportable_key) and
-- governs only the Import-ExchangeCertificate step; it never decided whether certlife may deliver the key it made.
alter table private_key drop column exportable;
