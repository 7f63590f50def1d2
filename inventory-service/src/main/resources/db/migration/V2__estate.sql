-- The estate: teams that own things, AD sites, servers with their roles, binding slots, client
-- namespaces and reverse-proxy publishing rules. Natural keys, as operators name these things.

create table team (
    name         varchar(100) primary key,
    email        varchar(320),
    chat_channel varchar(200)
);

create table site (
    name      varchar(100) primary key,
    time_zone varchar(64)  not null,
    owner     varchar(100) references team (name)
);

create table server (
    fqdn            varchar(253) primary key,
    host_name       varchar(63)  not null,
    site_name       varchar(100) not null references site (name),
    roles           text[]       not null,
    internet_facing boolean      not null,
    os              varchar(32)  not null,
    owner           varchar(100) references team (name)
);

-- (server, service) -> the certificate intended to serve it; a replacement waits in pending until
-- discovery sees it served.
create table slot (
    server_fqdn            varchar(253) not null references server (fqdn),
    service                varchar(32)  not null,
    certificate_id         uuid         references certificate (id),
    pending_certificate_id uuid         references certificate (id),
    renew_before_seconds   bigint,
    retired                boolean      not null default false,
    primary key (server_fqdn, service)
);

create index slot_certificate on slot (certificate_id);

create table namespace (
    name            varchar(253) primary key,
    client_profiles text[]       not null,
    servers         text[]       not null,
    services        text[]       not null
);

create table publishing_rule (
    id               uuid         primary key,
    isa_server       varchar(253) not null references server (fqdn),
    web_listener     varchar(100) not null,
    public_host_name varchar(253) not null,
    cas_servers      text[]       not null,
    unique (isa_server, web_listener, public_host_name)
);
