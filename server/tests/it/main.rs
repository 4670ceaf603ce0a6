//! The server's integration suite, one test binary so the server links once:
//! each module is one area, driven over real HTTP against SQLite and
//! PostgreSQL through the harness in `common`.

#[macro_use]
mod common;

mod accounts;
mod annotation_rules;
mod authz_matrix;
mod bad_input;
mod command_line;
mod failover;
mod harness;
mod hostile_clients;
mod hostile_values;
mod instances;
mod killed_server;
mod openapi;
mod organizations;
mod outages;
mod parsers;
mod policy;
mod predictions;
mod priorities;
mod queues;
mod releases;
mod replicas;
mod row_security;
mod scale;
mod schema;
mod shutdown;
mod spec_limits;
mod telemetry;
mod tenant_schema;
mod upgrade;
mod web_app;
mod webhooks;
mod workflow;
