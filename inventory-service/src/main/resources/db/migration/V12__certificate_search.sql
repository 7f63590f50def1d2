-- Search by name: the common name and subject alternative names, lower case, in one column (kept by the entity) with a
-- trigram index, so that a substring search ("contoso.com", "mail") is an index lookup in a million certificates.
-- pg_trgm ships with PostgreSQL and is a trusted extension: the database owner may create it.
create extension if not exists pg_trgm;
alter table certificate add column search_names text;
update certificate set search_names = lower(coalesce(common_name, '') || coalesce(' ' || array_to_string(subject_alt_names, ' '), ''));
create index certificate_search_names on certificate using gin (search_names gin_trgm_ops);
