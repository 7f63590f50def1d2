-- The slots the events last named for a certificate as typed slot references (JSON objects {server, service}, as
-- events carry them) instead of "server/service" strings.
alter table certificate_state add column slot_refs jsonb not null default '[]';
update certificate_state c set slot_refs = (
    select coalesce(jsonb_agg(jsonb_build_object('server', substring(s from '^(.*)/[^/]*$'),
                                                 'service', substring(s from '[^/]*$')) order by o), '[]'::jsonb)
    from unnest(c.slots) with ordinality as t(s, o));
alter table certificate_state drop column slots;
alter table certificate_state rename column slot_refs to slots;
