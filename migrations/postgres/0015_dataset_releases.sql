-- Dataset releases: named, immutable snapshots of a project's labelled items.
--
-- A release's items are stored as JSON Lines in chunks, addressed by the
-- SHA-256 of their bytes and shared by every release of the project that
-- holds the same chunk: chunk boundaries fall after the items whose id
-- hashes to a boundary, so an item added, removed or relabelled changes its
-- own chunk and leaves the others as they were. A release is its ordered
-- list of chunks (`release_parts`) and its manifest (`releases`).

CREATE TABLE release_chunks (
    project_id      uuid NOT NULL,
    hash            bytea NOT NULL,
    item_count      bigint NOT NULL,
    content         bytea NOT NULL,
    organization_id uuid NOT NULL,
    PRIMARY KEY (project_id, hash, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects (id, organization_id) ON DELETE CASCADE
);

CREATE TABLE releases (
    id                    uuid NOT NULL,
    project_id            uuid NOT NULL,
    name                  text NOT NULL,
    review_statuses       jsonb NOT NULL,
    annotation_ui_version bigint,
    guideline_version     bigint,
    item_count            bigint NOT NULL,
    annotation_count      bigint NOT NULL,
    byte_count            bigint NOT NULL,
    content_hash          text NOT NULL,
    agreement             jsonb NOT NULL,
    created_by            uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL,
    organization_id       uuid NOT NULL,
    PRIMARY KEY (id, organization_id),
    UNIQUE (project_id, name, organization_id),
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects (id, organization_id) ON DELETE CASCADE
);

CREATE TABLE release_parts (
    release_id      uuid NOT NULL,
    position        bigint NOT NULL,
    project_id      uuid NOT NULL,
    chunk_hash      bytea NOT NULL,
    first_item_id   uuid NOT NULL,
    last_item_id    uuid NOT NULL,
    organization_id uuid NOT NULL,
    PRIMARY KEY (release_id, position, organization_id),
    FOREIGN KEY (release_id, organization_id)
        REFERENCES releases (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, chunk_hash, organization_id)
        REFERENCES release_chunks (project_id, hash, organization_id) ON DELETE CASCADE
);

-- Row-level security as on every tenant table (0013).
DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['release_chunks', 'releases', 'release_parts'] LOOP
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

-- Immutable to the server: its role may add releases and chunks, and delete
-- them with their project, but never change one.
REVOKE UPDATE ON release_chunks, releases, release_parts FROM labelwell_app;
