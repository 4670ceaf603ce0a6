-- Every tenant row names its organization, with the same keys as on
-- PostgreSQL (see migrations/postgres/0012_organization_on_every_tenant_row.sql):
-- the organization last in every primary key, unique constraint and foreign
-- key between tenant tables.
--
-- SQLite changes a key only by rebuilding the table, and sqlx runs this inside
-- a transaction, where foreign-key enforcement stays on. So each new table
-- refers to the other new ones by their `_rebuilt` names; the old tables are
-- dropped children first (dropping a table deletes its rows, and with them,
-- through ON DELETE CASCADE, the rows of tables that still refer to it: by
-- then none does); and each new table is renamed last, which rewrites the
-- references to it. Rows are copied with their organization read from their
-- project (a review's from its annotation): a row without one fails NOT NULL,
-- and so the migration, rather than being dropped. Ids are now declared NOT
-- NULL, as they are on PostgreSQL.

CREATE TABLE projects_rebuilt (
    id                    text NOT NULL,
    organization_id       text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name                  text NOT NULL,
    description           text NOT NULL,
    overlap               integer NOT NULL CHECK (overlap BETWEEN 1 AND 20),
    lease_seconds         integer NOT NULL CHECK (lease_seconds BETWEEN 10 AND 86400),
    annotation_ui_version integer NOT NULL DEFAULT 0,
    guideline_version     integer NOT NULL DEFAULT 0,
    created_by            text REFERENCES users (id) ON DELETE SET NULL,
    archived_at           text,
    created_at            text NOT NULL,
    updated_at            text NOT NULL,
    PRIMARY KEY (id, organization_id)
);
INSERT INTO projects_rebuilt (id, organization_id, name, description, overlap, lease_seconds,
        annotation_ui_version, guideline_version, created_by, archived_at, created_at, updated_at)
    SELECT id, organization_id, name, description, overlap, lease_seconds,
        annotation_ui_version, guideline_version, created_by, archived_at, created_at, updated_at
    FROM projects;

CREATE TABLE project_members_rebuilt (
    project_id      text NOT NULL,
    user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq             text NOT NULL,
    created_at      text NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (project_id, user_id, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO project_members_rebuilt (project_id, user_id, seq, created_at, organization_id)
    SELECT t.project_id, t.user_id, t.seq, t.created_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM project_members t;

CREATE TABLE annotation_ui_versions_rebuilt (
    project_id      text NOT NULL,
    version         integer NOT NULL,
    schema          text NOT NULL,
    created_by      text REFERENCES users (id) ON DELETE SET NULL,
    created_at      text NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (project_id, version, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO annotation_ui_versions_rebuilt (project_id, version, schema, created_by, created_at, organization_id)
    SELECT t.project_id, t.version, t.schema, t.created_by, t.created_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM annotation_ui_versions t;

CREATE TABLE guideline_versions_rebuilt (
    project_id            text NOT NULL,
    version               integer NOT NULL,
    text                  text NOT NULL,
    annotation_ui_version integer NOT NULL,
    created_by            text REFERENCES users (id) ON DELETE SET NULL,
    created_at            text NOT NULL,
    organization_id       text NOT NULL,
    PRIMARY KEY (project_id, version, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, annotation_ui_version, organization_id)
        REFERENCES annotation_ui_versions_rebuilt (project_id, version, organization_id)
);
INSERT INTO guideline_versions_rebuilt (project_id, version, text, annotation_ui_version, created_by,
        created_at, organization_id)
    SELECT t.project_id, t.version, t.text, t.annotation_ui_version, t.created_by, t.created_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM guideline_versions t;

CREATE TABLE items_rebuilt (
    id               text NOT NULL,
    project_id       text NOT NULL,
    external_id      text NOT NULL,
    data             text NOT NULL,
    metadata         text NOT NULL,
    status           text NOT NULL
        CHECK (status IN ('new', 'in_progress', 'annotated', 'accepted', 'rejected')),
    annotation_count integer NOT NULL DEFAULT 0,
    created_at       text NOT NULL,
    updated_at       text NOT NULL,
    organization_id  text NOT NULL,
    PRIMARY KEY (id, organization_id),
    CONSTRAINT items_project_external_id_key UNIQUE (project_id, external_id, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO items_rebuilt (id, project_id, external_id, data, metadata, status, annotation_count,
        created_at, updated_at, organization_id)
    SELECT t.id, t.project_id, t.external_id, t.data, t.metadata, t.status, t.annotation_count,
        t.created_at, t.updated_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM items t;

CREATE TABLE leases_rebuilt (
    item_id         text NOT NULL,
    annotator_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id      text NOT NULL,
    leased_at       text NOT NULL,
    expires_at      text NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (item_id, annotator_id, organization_id),
    FOREIGN KEY (item_id, organization_id)
        REFERENCES items_rebuilt (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO leases_rebuilt (item_id, annotator_id, project_id, leased_at, expires_at, organization_id)
    SELECT t.item_id, t.annotator_id, t.project_id, t.leased_at, t.expires_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM leases t;

CREATE TABLE annotations_rebuilt (
    id                    text NOT NULL,
    item_id               text NOT NULL,
    project_id            text NOT NULL,
    annotator_id          text REFERENCES users (id) ON DELETE SET NULL,
    value                 text NOT NULL,
    annotation_ui_version integer NOT NULL,
    guideline_version     integer,
    time_spent_ms         integer,
    review_status         text NOT NULL CHECK (review_status IN ('pending', 'accepted', 'rejected')),
    created_at            text NOT NULL,
    updated_at            text NOT NULL,
    organization_id       text NOT NULL,
    PRIMARY KEY (id, organization_id),
    -- One annotation per annotator per item.
    CONSTRAINT annotations_item_annotator_key UNIQUE (item_id, annotator_id, organization_id),
    FOREIGN KEY (item_id, organization_id)
        REFERENCES items_rebuilt (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO annotations_rebuilt (id, item_id, project_id, annotator_id, value, annotation_ui_version,
        guideline_version, time_spent_ms, review_status, created_at, updated_at, organization_id)
    SELECT t.id, t.item_id, t.project_id, t.annotator_id, t.value, t.annotation_ui_version,
        t.guideline_version, t.time_spent_ms, t.review_status, t.created_at, t.updated_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM annotations t;

CREATE TABLE reviews_rebuilt (
    id              text NOT NULL,
    annotation_id   text NOT NULL,
    reviewer_id     text REFERENCES users (id) ON DELETE SET NULL,
    verdict         text NOT NULL CHECK (verdict IN ('accept', 'reject')),
    comment         text NOT NULL,
    created_at      text NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (annotation_id, organization_id)
        REFERENCES annotations_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO reviews_rebuilt (id, annotation_id, reviewer_id, verdict, comment, created_at, organization_id)
    SELECT t.id, t.annotation_id, t.reviewer_id, t.verdict, t.comment, t.created_at,
        (SELECT a.organization_id FROM annotations_rebuilt a WHERE a.id = t.annotation_id)
    FROM reviews t;

CREATE TABLE item_skips_rebuilt (
    item_id         text NOT NULL,
    annotator_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id      text NOT NULL,
    created_at      text NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (item_id, annotator_id, organization_id),
    FOREIGN KEY (item_id, organization_id)
        REFERENCES items_rebuilt (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO item_skips_rebuilt (item_id, annotator_id, project_id, created_at, organization_id)
    SELECT t.item_id, t.annotator_id, t.project_id, t.created_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM item_skips t;

CREATE TABLE review_leases_rebuilt (
    annotation_id   text NOT NULL,
    reviewer_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id      text NOT NULL,
    expires_at      text NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (annotation_id, organization_id),
    FOREIGN KEY (annotation_id, organization_id)
        REFERENCES annotations_rebuilt (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO review_leases_rebuilt (annotation_id, reviewer_id, project_id, expires_at, organization_id)
    SELECT t.annotation_id, t.reviewer_id, t.project_id, t.expires_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM review_leases t;

CREATE TABLE review_skips_rebuilt (
    annotation_id   text NOT NULL,
    reviewer_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id      text NOT NULL,
    created_at      text NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (annotation_id, reviewer_id, organization_id),
    FOREIGN KEY (annotation_id, organization_id)
        REFERENCES annotations_rebuilt (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects_rebuilt (id, organization_id) ON DELETE CASCADE
);
INSERT INTO review_skips_rebuilt (annotation_id, reviewer_id, project_id, created_at, organization_id)
    SELECT t.annotation_id, t.reviewer_id, t.project_id, t.created_at,
        (SELECT p.organization_id FROM projects p WHERE p.id = t.project_id)
    FROM review_skips t;

CREATE TABLE invitations_rebuilt (
    id               text NOT NULL,
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
    PRIMARY KEY (id, organization_id),
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash, organization_id)
);
INSERT INTO invitations_rebuilt (id, organization_id, email, email_normalized, role, token_hash,
        invited_by, created_at, expires_at, accepted_at, accepted_by, revoked_at)
    SELECT id, organization_id, email, email_normalized, role, token_hash,
        invited_by, created_at, expires_at, accepted_at, accepted_by, revoked_at
    FROM invitations;

CREATE TABLE audit_log_rebuilt (
    id              text NOT NULL,
    organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    actor_id        text REFERENCES users (id) ON DELETE SET NULL,
    action          text NOT NULL,
    target_type     text NOT NULL,
    target_id       text,
    details         text NOT NULL,
    created_at      text NOT NULL,
    PRIMARY KEY (id, organization_id)
);
INSERT INTO audit_log_rebuilt (id, organization_id, actor_id, action, target_type, target_id, details, created_at)
    SELECT id, organization_id, actor_id, action, target_type, target_id, details, created_at
    FROM audit_log;

-- Children first: when a table is dropped, nothing refers to it any more.
DROP TABLE review_skips;
DROP TABLE review_leases;
DROP TABLE item_skips;
DROP TABLE reviews;
DROP TABLE annotations;
DROP TABLE leases;
DROP TABLE items;
DROP TABLE guideline_versions;
DROP TABLE annotation_ui_versions;
DROP TABLE project_members;
DROP TABLE projects;
DROP TABLE invitations;
DROP TABLE audit_log;

ALTER TABLE projects_rebuilt RENAME TO projects;
ALTER TABLE project_members_rebuilt RENAME TO project_members;
ALTER TABLE annotation_ui_versions_rebuilt RENAME TO annotation_ui_versions;
ALTER TABLE guideline_versions_rebuilt RENAME TO guideline_versions;
ALTER TABLE items_rebuilt RENAME TO items;
ALTER TABLE leases_rebuilt RENAME TO leases;
ALTER TABLE annotations_rebuilt RENAME TO annotations;
ALTER TABLE reviews_rebuilt RENAME TO reviews;
ALTER TABLE item_skips_rebuilt RENAME TO item_skips;
ALTER TABLE review_leases_rebuilt RENAME TO review_leases;
ALTER TABLE review_skips_rebuilt RENAME TO review_skips;
ALTER TABLE invitations_rebuilt RENAME TO invitations;
ALTER TABLE audit_log_rebuilt RENAME TO audit_log;

-- The indexes the old tables had, under their names.
CREATE INDEX projects_organization_idx ON projects (organization_id, id);
CREATE INDEX project_members_user_idx ON project_members (user_id, project_id);
CREATE UNIQUE INDEX project_members_seq_idx ON project_members (project_id, seq, organization_id);
CREATE INDEX items_project_idx ON items (project_id, id);
CREATE INDEX items_project_status_idx ON items (project_id, status, id);
CREATE INDEX items_project_updated_idx ON items (project_id, updated_at, id);
CREATE INDEX leases_project_annotator_idx ON leases (project_id, annotator_id, leased_at);
CREATE INDEX annotations_project_item_idx ON annotations (project_id, item_id);
CREATE INDEX annotations_project_review_status_idx ON annotations (project_id, review_status, id);
CREATE INDEX annotations_project_annotator_idx ON annotations (project_id, annotator_id, id);
CREATE INDEX reviews_annotation_idx ON reviews (annotation_id, id);
CREATE INDEX reviews_reviewer_idx ON reviews (reviewer_id, annotation_id);
CREATE INDEX item_skips_project_annotator_idx ON item_skips (project_id, annotator_id);
CREATE UNIQUE INDEX review_leases_project_reviewer_key ON review_leases (project_id, reviewer_id, organization_id);
CREATE INDEX review_skips_project_reviewer_idx ON review_skips (project_id, reviewer_id);
CREATE INDEX invitations_organization_idx ON invitations (organization_id, id);
CREATE INDEX audit_log_organization_idx ON audit_log (organization_id, id);
CREATE INDEX audit_log_organization_action_idx ON audit_log (organization_id, action, id);
CREATE INDEX audit_log_organization_actor_idx ON audit_log (organization_id, actor_id, id);
