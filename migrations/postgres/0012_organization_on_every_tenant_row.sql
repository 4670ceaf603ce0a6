-- Every tenant row names its organization: the column a sharded PostgreSQL
-- (Citus) distributes the tenant tables by, and the one row-level security
-- compares with the request's organization.
--
-- The column is added last to every primary key, unique constraint and
-- foreign key between tenant tables: Citus requires the distribution column
-- in each of them, and with the id leading, every key still serves the
-- lookups it served (a path names an item by its id alone), so no index is
-- added. A composite foreign key also proves that a child row's organization
-- is its parent's.
--
-- Rows are filled from their project (a review's from its annotation's); a
-- row without one fails `SET NOT NULL` and so the whole migration, rather
-- than being dropped.

-- Foreign keys that name the keys about to change.
ALTER TABLE project_members DROP CONSTRAINT project_members_project_id_fkey;
ALTER TABLE guideline_versions DROP CONSTRAINT guideline_versions_project_id_fkey;
ALTER TABLE guideline_versions DROP CONSTRAINT guideline_versions_project_id_annotation_ui_version_fkey;
ALTER TABLE annotation_ui_versions DROP CONSTRAINT annotation_ui_versions_project_id_fkey;
ALTER TABLE items DROP CONSTRAINT items_project_id_fkey;
ALTER TABLE leases DROP CONSTRAINT leases_item_id_fkey;
ALTER TABLE leases DROP CONSTRAINT leases_project_id_fkey;
ALTER TABLE annotations DROP CONSTRAINT annotations_item_id_fkey;
ALTER TABLE annotations DROP CONSTRAINT annotations_project_id_fkey;
ALTER TABLE reviews DROP CONSTRAINT reviews_annotation_id_fkey;
ALTER TABLE item_skips DROP CONSTRAINT item_skips_item_id_fkey;
ALTER TABLE item_skips DROP CONSTRAINT item_skips_project_id_fkey;
ALTER TABLE review_leases DROP CONSTRAINT review_leases_annotation_id_fkey;
ALTER TABLE review_leases DROP CONSTRAINT review_leases_project_id_fkey;
ALTER TABLE review_skips DROP CONSTRAINT review_skips_annotation_id_fkey;
ALTER TABLE review_skips DROP CONSTRAINT review_skips_project_id_fkey;

-- The organization of each row.
ALTER TABLE project_members ADD COLUMN organization_id uuid;
ALTER TABLE annotation_ui_versions ADD COLUMN organization_id uuid;
ALTER TABLE guideline_versions ADD COLUMN organization_id uuid;
ALTER TABLE items ADD COLUMN organization_id uuid;
ALTER TABLE leases ADD COLUMN organization_id uuid;
ALTER TABLE annotations ADD COLUMN organization_id uuid;
ALTER TABLE reviews ADD COLUMN organization_id uuid;
ALTER TABLE item_skips ADD COLUMN organization_id uuid;
ALTER TABLE review_leases ADD COLUMN organization_id uuid;
ALTER TABLE review_skips ADD COLUMN organization_id uuid;

UPDATE project_members t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;
UPDATE annotation_ui_versions t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;
UPDATE guideline_versions t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;
UPDATE items t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;
UPDATE leases t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;
UPDATE annotations t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;
UPDATE reviews t SET organization_id = a.organization_id FROM annotations a WHERE a.id = t.annotation_id;
UPDATE item_skips t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;
UPDATE review_leases t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;
UPDATE review_skips t SET organization_id = p.organization_id FROM projects p WHERE p.id = t.project_id;

ALTER TABLE project_members ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE annotation_ui_versions ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE guideline_versions ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE items ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE leases ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE annotations ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE reviews ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE item_skips ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE review_leases ALTER COLUMN organization_id SET NOT NULL;
ALTER TABLE review_skips ALTER COLUMN organization_id SET NOT NULL;

-- Primary keys and unique constraints, with the organization last.
ALTER TABLE projects DROP CONSTRAINT projects_pkey, ADD PRIMARY KEY (id, organization_id);
ALTER TABLE project_members DROP CONSTRAINT project_members_pkey,
    ADD PRIMARY KEY (project_id, user_id, organization_id);
DROP INDEX project_members_seq_idx;
CREATE UNIQUE INDEX project_members_seq_idx ON project_members (project_id, seq, organization_id);
ALTER TABLE annotation_ui_versions DROP CONSTRAINT annotation_ui_versions_pkey,
    ADD PRIMARY KEY (project_id, version, organization_id);
ALTER TABLE guideline_versions DROP CONSTRAINT guideline_versions_pkey,
    ADD PRIMARY KEY (project_id, version, organization_id);
ALTER TABLE items DROP CONSTRAINT items_pkey, ADD PRIMARY KEY (id, organization_id);
ALTER TABLE items DROP CONSTRAINT items_project_external_id_key,
    ADD CONSTRAINT items_project_external_id_key UNIQUE (project_id, external_id, organization_id);
ALTER TABLE leases DROP CONSTRAINT leases_pkey, ADD PRIMARY KEY (item_id, annotator_id, organization_id);
ALTER TABLE annotations DROP CONSTRAINT annotations_pkey, ADD PRIMARY KEY (id, organization_id);
ALTER TABLE annotations DROP CONSTRAINT annotations_item_annotator_key,
    ADD CONSTRAINT annotations_item_annotator_key UNIQUE (item_id, annotator_id, organization_id);
ALTER TABLE reviews DROP CONSTRAINT reviews_pkey, ADD PRIMARY KEY (id, organization_id);
ALTER TABLE item_skips DROP CONSTRAINT item_skips_pkey,
    ADD PRIMARY KEY (item_id, annotator_id, organization_id);
ALTER TABLE review_leases DROP CONSTRAINT review_leases_pkey, ADD PRIMARY KEY (annotation_id, organization_id);
DROP INDEX review_leases_project_reviewer_key;
CREATE UNIQUE INDEX review_leases_project_reviewer_key ON review_leases (project_id, reviewer_id, organization_id);
ALTER TABLE review_skips DROP CONSTRAINT review_skips_pkey,
    ADD PRIMARY KEY (annotation_id, reviewer_id, organization_id);
ALTER TABLE invitations DROP CONSTRAINT invitations_pkey, ADD PRIMARY KEY (id, organization_id);
ALTER TABLE invitations DROP CONSTRAINT invitations_token_hash_key,
    ADD CONSTRAINT invitations_token_hash_key UNIQUE (token_hash, organization_id);
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey, ADD PRIMARY KEY (id, organization_id);

-- Foreign keys between tenant tables, with the organization.
ALTER TABLE project_members ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
ALTER TABLE annotation_ui_versions ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
ALTER TABLE guideline_versions ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
ALTER TABLE guideline_versions ADD FOREIGN KEY (project_id, annotation_ui_version, organization_id)
    REFERENCES annotation_ui_versions (project_id, version, organization_id);
ALTER TABLE items ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
ALTER TABLE leases ADD FOREIGN KEY (item_id, organization_id)
    REFERENCES items (id, organization_id) ON DELETE CASCADE;
ALTER TABLE leases ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
ALTER TABLE annotations ADD FOREIGN KEY (item_id, organization_id)
    REFERENCES items (id, organization_id) ON DELETE CASCADE;
ALTER TABLE annotations ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
ALTER TABLE reviews ADD FOREIGN KEY (annotation_id, organization_id)
    REFERENCES annotations (id, organization_id) ON DELETE CASCADE;
ALTER TABLE item_skips ADD FOREIGN KEY (item_id, organization_id)
    REFERENCES items (id, organization_id) ON DELETE CASCADE;
ALTER TABLE item_skips ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
ALTER TABLE review_leases ADD FOREIGN KEY (annotation_id, organization_id)
    REFERENCES annotations (id, organization_id) ON DELETE CASCADE;
ALTER TABLE review_leases ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
ALTER TABLE review_skips ADD FOREIGN KEY (annotation_id, organization_id)
    REFERENCES annotations (id, organization_id) ON DELETE CASCADE;
ALTER TABLE review_skips ADD FOREIGN KEY (project_id, organization_id)
    REFERENCES projects (id, organization_id) ON DELETE CASCADE;
