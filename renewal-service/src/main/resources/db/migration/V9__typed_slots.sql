-- The slots a renewal serves as typed slot references (JSON objects {server, service}, as events carry them)
-- instead of "server/service" strings.
alter table renewal add column slot_refs jsonb not null default '[]';
update renewal r set slot_refs = (
    select coalesce(jsonb_agg(jsonb_build_object('server', substring(s from '^(.*)/[^/]*$'),
                                                 'service', substring(s from '[^/]*$')) order by o), '[]'::jsonb)
    from unnest(r.slots) with ordinality as t(s, o));
alter table renewal drop column slots;
alter table renewal rename column slot_refs to slots;
