-- Alert grouping: the route (owner, channel, recipient) whose due alerts go out as one message, and the message each line
-- went out in (shared by a group's or a digest's lines).
alter table delivery add column group_key text;
alter table delivery add column message_id uuid;
-- when the group's queued message goes, whether one is being sent, and when its last one went
create index delivery_group_pending on delivery (group_key, next_attempt_at) where status = 'PENDING' and group_key is not null;
create index delivery_group_sending on delivery (group_key) where status = 'SENDING' and group_key is not null;
create index delivery_group_sent on delivery (group_key, sent_at) where status = 'SENT' and group_key is not null;
