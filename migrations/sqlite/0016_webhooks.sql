-- Webhooks: subscriptions of URLs to an organization's events, and the
-- durable outbox of their deliveries (see the PostgreSQL migration).

CREATE TABLE webhooks (
    id                         text NOT NULL,
    organization_id            text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    project_id                 text,
    url                        text NOT NULL,
    event_types                text NOT NULL,
    description                text,
    active                     integer NOT NULL,
    secret                     text NOT NULL,
    previous_secret            text,
    previous_secret_expires_at text,
    created_by                 text REFERENCES users (id) ON DELETE SET NULL,
    created_at                 text NOT NULL,
    updated_at                 text NOT NULL,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects (id, organization_id) ON DELETE CASCADE
);
CREATE INDEX webhooks_organization_idx ON webhooks (organization_id, id);

CREATE TABLE webhook_deliveries (
    webhook_id           text NOT NULL,
    event_id             text NOT NULL,
    event_type           text NOT NULL,
    payload              text NOT NULL,
    status               text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempt_count        integer NOT NULL,
    next_attempt_at      text NOT NULL,
    last_response_status integer,
    created_at           text NOT NULL,
    organization_id      text NOT NULL,
    PRIMARY KEY (webhook_id, event_id, organization_id),
    FOREIGN KEY (webhook_id, organization_id)
        REFERENCES webhooks (id, organization_id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';

CREATE TABLE webhook_attempts (
    id              text NOT NULL,
    webhook_id      text NOT NULL,
    event_id        text NOT NULL,
    attempted_at    text NOT NULL,
    succeeded       integer NOT NULL,
    response_status integer,
    latency_ms      integer NOT NULL,
    error           text,
    organization_id text NOT NULL,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (webhook_id, event_id, organization_id)
        REFERENCES webhook_deliveries (webhook_id, event_id, organization_id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (webhook_id, event_id, id);
