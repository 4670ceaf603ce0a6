-- Dataset releases: named, immutable snapshots of a project's labelled items.
--
-- A release's items are stored as JSON Lines in chunks, addressed by the
-- SHA-256 of their bytes and shared by every release of the project that
-- holds the same chunk: chunk boundaries fall after the items whose id
-- hashes to a boundary, so an item added, removed or relabelled changes its
-- own chunk and leaves the others as they were. A release is its ordered
-- list of chunks (`release_parts`) and its manifest (`releases`).

CREATE TABLE release_chunks (
    project_id      text NOT NULL,
    hash            blob NOT NULL,
    item_count      integer NOT NULL,
    content         blob NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (project_id, hash, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects (id, organization_id) ON DELETE CASCADE
);

CREATE TABLE releases (
    id                    text NOT NULL,
    project_id            text NOT NULL,
    name                  text NOT NULL,
    review_statuses       text NOT NULL,
    annotation_ui_version integer,
    guideline_version     integer,
    item_count            integer NOT NULL,
    annotation_count      integer NOT NULL,
    byte_count            integer NOT NULL,
    content_hash          text NOT NULL,
    agreement             text NOT NULL,
    created_by            text REFERENCES users (id) ON DELETE SET NULL,
    created_at            text NOT NULL,
    organization_id       text NOT NULL,
    PRIMARY KEY (id, organization_id),
    UNIQUE (project_id, name, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects (id, organization_id) ON DELETE CASCADE
);

CREATE TABLE release_parts (
    release_id      text NOT NULL,
    position        integer NOT NULL,
    project_id      text NOT NULL,
    chunk_hash      blob NOT NULL,
    first_item_id   text NOT NULL,
    last_item_id    text NOT NULL,
    organization_id text NOT NULL,
    PRIMARY KEY (release_id, position, organization_id),
    FOREIGN KEY (release_id, organization_id)
        REFERENCES releases (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, chunk_hash, organization_id)
        REFERENCES release_chunks (project_id, hash, organization_id) ON DELETE CASCADE
);
