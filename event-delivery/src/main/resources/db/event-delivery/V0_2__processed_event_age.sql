-- processed_event is purged by age (certlife.inbox.retention): the purge finds old rows by this index.
create index processed_event_age on processed_event (processed_at);
