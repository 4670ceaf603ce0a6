-- Webhooks: subscriptions of URLs to an organization's events, and the
-- durable outbox of their deliveries.
--
-- An event is written in the transaction of the change it reports, as one
-- delivery row per webhook it matches; a delivery is sent after that commit by
-- whichever server instance claims it first (`next_attempt_at` moved ahead
-- is the claim, taken under FOR UPDATE SKIP LOCKED), and every attempt is
-- logged. A change rolled back leaves no event; a server that dies between
-- claiming and recording leaves a delivery the next claim takes up.

CREATE TABLE webhooks (
    id                         uuid NOT NULL,
    organization_id            uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    project_id                 uuid,
    url                        text NOT NULL,
    -- The event types sent to it, space-separated (`annotation.created review.created`).
    event_types                text NOT NULL,
    description                text,
    active                     boolean NOT NULL,
    secret                     text NOT NULL,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    created_by                 uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects (id, organization_id) ON DELETE CASCADE
);
CREATE INDEX webhooks_organization_idx ON webhooks (organization_id, id);

CREATE TABLE webhook_deliveries (
    webhook_id           uuid NOT NULL,
    event_id             uuid NOT NULL,
    event_type           text NOT NULL,
    payload              text NOT NULL,
    status               text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempt_count        bigint NOT NULL,
    next_attempt_at      timestamptz NOT NULL,
    last_response_status bigint,
    created_at           timestamptz NOT NULL,
    organization_id      uuid NOT NULL,
    PRIMARY KEY (webhook_id, event_id, organization_id),
    FOREIGN KEY (webhook_id, organization_id)
        REFERENCES webhooks (id, organization_id) ON DELETE CASCADE
);
-- What is due, across organizations: only pending deliveries are in it.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';

CREATE TABLE webhook_attempts (
    id              uuid NOT NULL,
    webhook_id      uuid NOT NULL,
    event_id        uuid NOT NULL,
    attempted_at    timestamptz NOT NULL,
    succeeded       boolean NOT NULL,
    response_status bigint,
    latency_ms      bigint NOT NULL,
    error           text,
    organization_id uuid NOT NULL,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (webhook_id, event_id, organization_id)
        REFERENCES webhook_deliveries (webhook_id, event_id, organization_id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (webhook_id, event_id, id);

-- Row-level security as on every tenant table (0013).
DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['webhooks', 'webhook_deliveries', 'webhook_attempts'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format(
            'CREATE POLICY organization_rows ON %I
                 USING (organization_id = (SELECT labelwell_organization()))
                 WITH CHECK (organization_id = (SELECT labelwell_organization()))',
            tenant_table);
    END LOOP;
END
$$;

-- The delivery worker acts for no one organization: it learns which have
-- deliveries due through this function, which runs as its owner and tells
-- organization ids alone, then claims and sends each one's deliveries in a
-- transaction of that organization, under row-level security like a request.
CREATE FUNCTION labelwell_webhook_due_organizations(due_by timestamptz, most bigint)
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$
        SELECT DISTINCT organization_id FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= due_by
        LIMIT most
    $$;
REVOKE ALL ON FUNCTION labelwell_webhook_due_organizations(timestamptz, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION labelwell_webhook_due_organizations(timestamptz, bigint) TO labelwell_app;
