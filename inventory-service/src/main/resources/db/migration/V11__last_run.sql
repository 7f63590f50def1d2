-- When the expiry sweep and the slots' discovery last finished, and what they did (shown by the console's "All clear").
create table last_run (
    kind        varchar(32)  primary key,
    finished_at timestamptz  not null,
    summary     varchar(300) not null
);
