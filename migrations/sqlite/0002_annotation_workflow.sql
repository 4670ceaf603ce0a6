-- Projects, their assignments, versioned annotation UIs and guidelines, items,
-- work-queue leases, annotations and reviews.

CREATE TABLE projects (
    id                    text PRIMARY KEY,
    organization_id       text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name                  text NOT NULL,
    description           text NOT NULL,
    overlap               integer NOT NULL CHECK (overlap BETWEEN 1 AND 20),
    lease_seconds         integer NOT NULL CHECK (lease_seconds BETWEEN 10 AND 86400),
    -- The latest published versions (0: none yet); bumped in the publishing
    -- transaction, which makes version numbers gapless under concurrency.
    annotation_ui_version integer NOT NULL DEFAULT 0,
    guideline_version     integer NOT NULL DEFAULT 0,
    created_by            text REFERENCES users (id) ON DELETE SET NULL,
    archived_at           text,
    created_at            text NOT NULL,
    updated_at            text NOT NULL
);
CREATE INDEX projects_organization_idx ON projects (organization_id, id);

CREATE TABLE project_members (
    project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq        text NOT NULL,
    created_at text NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user_idx ON project_members (user_id, project_id);
CREATE UNIQUE INDEX project_members_seq_idx ON project_members (project_id, seq);

CREATE TABLE annotation_ui_versions (
    project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    version    integer NOT NULL,
    schema     text NOT NULL,
    created_by text REFERENCES users (id) ON DELETE SET NULL,
    created_at text NOT NULL,
    PRIMARY KEY (project_id, version)
);

CREATE TABLE guideline_versions (
    project_id            text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    version               integer NOT NULL,
    text                  text NOT NULL,
    annotation_ui_version integer NOT NULL,
    created_by            text REFERENCES users (id) ON DELETE SET NULL,
    created_at            text NOT NULL,
    PRIMARY KEY (project_id, version),
    FOREIGN KEY (project_id, annotation_ui_version) REFERENCES annotation_ui_versions (project_id, version)
);

CREATE TABLE items (
    id               text PRIMARY KEY,
    project_id       text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    external_id      text NOT NULL,
    data             text NOT NULL,
    metadata         text NOT NULL,
    status           text NOT NULL
        CHECK (status IN ('new', 'in_progress', 'annotated', 'accepted', 'rejected')),
    annotation_count integer NOT NULL DEFAULT 0,
    created_at       text NOT NULL,
    updated_at       text NOT NULL,
    CONSTRAINT items_project_external_id_key UNIQUE (project_id, external_id)
);
CREATE INDEX items_project_idx ON items (project_id, id);
CREATE INDEX items_project_status_idx ON items (project_id, status, id);
CREATE INDEX items_project_updated_idx ON items (project_id, updated_at, id);

-- An item handed to an annotator by the work queue, until it expires.
CREATE TABLE leases (
    item_id     text NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    annotator_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id  text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    expires_at  text NOT NULL,
    PRIMARY KEY (item_id, annotator_id)
);
CREATE INDEX leases_project_annotator_idx ON leases (project_id, annotator_id);

CREATE TABLE annotations (
    id                    text PRIMARY KEY,
    item_id               text NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    project_id            text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    annotator_id          text REFERENCES users (id) ON DELETE SET NULL,
    value                 text NOT NULL,
    annotation_ui_version integer NOT NULL,
    guideline_version     integer,
    time_spent_ms         integer,
    review_status         text NOT NULL CHECK (review_status IN ('pending', 'accepted', 'rejected')),
    created_at            text NOT NULL,
    updated_at            text NOT NULL,
    -- One annotation per annotator per item.
    CONSTRAINT annotations_item_annotator_key UNIQUE (item_id, annotator_id)
);
CREATE INDEX annotations_project_idx ON annotations (project_id, annotator_id);

CREATE TABLE reviews (
    id            text PRIMARY KEY,
    annotation_id text NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    reviewer_id   text REFERENCES users (id) ON DELETE SET NULL,
    verdict       text NOT NULL CHECK (verdict IN ('accept', 'reject')),
    comment       text NOT NULL,
    created_at    text NOT NULL
);
CREATE INDEX reviews_annotation_idx ON reviews (annotation_id, id);
