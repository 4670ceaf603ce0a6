-- Accounts, browser sessions, API tokens, organizations, members, invitations, audit log.

CREATE TABLE users (
    id               uuid PRIMARY KEY,
    email            text NOT NULL,
    -- The email as compared: trimmed and lower-cased, unique across accounts.
    email_normalized text NOT NULL,
    name             text NOT NULL,
    password_hash    text NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT users_email_normalized_key UNIQUE (email_normalized)
);

-- tower-sessions' store: one row per browser session (its data is MessagePack).
CREATE TABLE sessions (
    id          text PRIMARY KEY NOT NULL,
    data        bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_date_idx ON sessions (expiry_date);

-- Failed logins per email, shared by every server instance.
CREATE TABLE login_failures (
    email_normalized text PRIMARY KEY,
    failures         bigint NOT NULL,
    first_failure_at timestamptz NOT NULL
);

CREATE TABLE organizations (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE memberships (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text NOT NULL
        CHECK (role IN ('owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer')),
    -- The order members are listed in (and the keyset of that list).
    seq             uuid NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE UNIQUE INDEX memberships_organization_seq_idx ON memberships (organization_id, seq);
CREATE INDEX memberships_user_idx ON memberships (user_id, organization_id);

CREATE TABLE api_tokens (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            text NOT NULL,
    prefix          text NOT NULL,
    -- SHA-256 of the secret, hex; the secret itself is never stored.
    secret_hash     text NOT NULL,
    organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
    read_only       boolean NOT NULL,
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz,
    expires_at      timestamptz,
    revoked_at      timestamptz,
    CONSTRAINT api_tokens_secret_hash_key UNIQUE (secret_hash)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id);

CREATE TABLE invitations (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            text NOT NULL,
    email_normalized text NOT NULL,
    role             text NOT NULL
        CHECK (role IN ('owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer')),
    token_hash       text NOT NULL,
    invited_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    accepted_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    revoked_at       timestamptz,
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX invitations_organization_idx ON invitations (organization_id, id);

CREATE TABLE audit_log (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    actor_id        uuid REFERENCES users (id) ON DELETE SET NULL,
    action          text NOT NULL,
    target_type     text NOT NULL,
    target_id       uuid,
    details         jsonb NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX audit_log_organization_idx ON audit_log (organization_id, id);
