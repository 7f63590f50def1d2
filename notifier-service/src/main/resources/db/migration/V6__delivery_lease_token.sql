-- Fenced dispatch: the token of the dispatcher round that holds a SENDING delivery's lease. Only that round records the
-- outcome; a round whose lease expired and was taken over finds no line with its token.
alter table delivery add column lease_token uuid;
-- each channel's lane claims its own due deliveries
drop index delivery_due;
create index delivery_due_by_channel on delivery (channel, next_attempt_at) where status in ('PENDING', 'SENDING');
