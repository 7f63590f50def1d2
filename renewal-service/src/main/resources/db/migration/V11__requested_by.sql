-- Who asked for a renewal now (renew-now), for the four-eyes approval policy; absent when its time came.
alter table renewal add column requested_by varchar(300);
-- A renew-now asked through renewal-service, until inventory-service's RenewalDue brings the plan.
create table renew_request (
    certificate_id varchar(100) primary key,
    requested_by   varchar(300) not null,
    requested_at   timestamptz  not null
);
