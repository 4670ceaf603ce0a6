-- Accounts, browser sessions, API tokens, organizations, members, invitations, audit log.

CREATE TABLE users (
    id               text PRIMARY KEY,
    email            text NOT NULL,
    -- The email as compared: trimmed and lower-cased, unique across accounts.
    email_normalized text NOT NULL,
    name             text NOT NULL,
    password_hash    text NOT NULL,
    created_at       text NOT NULL,
    updated_at       text NOT NULL,
    CONSTRAINT users_email_normalized_key UNIQUE (email_normalized)
);

-- tower-sessions' store: one row per browser session (its data is MessagePack).
CREATE TABLE sessions (
    id          text PRIMARY KEY NOT NULL,
    data        blob NOT NULL,
    expiry_date integer NOT NULL
);
CREATE INDEX sessions_expiry_date_idx ON sessions (expiry_date);

-- Failed logins per email, shared by every server instance.
CREATE TABLE login_failures (
    email_normalized text PRIMARY KEY,
    failures         integer NOT NULL,
    first_failure_at text NOT NULL
);

CREATE TABLE organizations (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    created_at text NOT NULL,
    updated_at text NOT NULL
);

CREATE TABLE memberships (
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text NOT NULL
        CHECK (role IN ('owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer')),
    -- The order members are listed in (and the keyset of that list).
    seq             text NOT NULL,
    created_at      text NOT NULL,
    updated_at      text NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE UNIQUE INDEX memberships_organization_seq_idx ON memberships (organization_id, seq);
CREATE INDEX memberships_user_idx ON memberships (user_id, organization_id);

CREATE TABLE api_tokens (
    id              text PRIMARY KEY,
    user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            text NOT NULL,
    prefix          text NOT NULL,
    -- SHA-256 of the secret, hex; the secret itself is never stored.
    secret_hash     text NOT NULL,
    organization_id text REFERENCES organizations (id) ON DELETE CASCADE,
    read_only       integer NOT NULL,
    created_at      text NOT NULL,
    last_used_at    text,
    expires_at      text,
    revoked_at      text,
    CONSTRAINT api_tokens_secret_hash_key UNIQUE (secret_hash)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id);

CREATE TABLE invitations (
    id               text PRIMARY KEY,
    organization_id  text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            text NOT NULL,
    email_normalized text NOT NULL,
    role             text NOT NULL
        CHECK (role IN ('owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer')),
    token_hash       text NOT NULL,
    invited_by       text REFERENCES users (id) ON DELETE SET NULL,
    created_at       text NOT NULL,
    expires_at       text NOT NULL,
    accepted_at      text,
    accepted_by      text REFERENCES users (id) ON DELETE SET NULL,
    revoked_at       text,
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX invitations_organization_idx ON invitations (organization_id, id);

CREATE TABLE audit_log (
    id              text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    actor_id        text REFERENCES users (id) ON DELETE SET NULL,
    action          text NOT NULL,
    target_type     text NOT NULL,
    target_id       text,
    details         text NOT NULL,
    created_at      text NOT NULL
);
CREATE INDEX audit_log_organization_idx ON audit_log (organization_id, id);
