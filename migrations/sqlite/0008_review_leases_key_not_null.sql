-- A review lease's key is NOT NULL, as on PostgreSQL: SQLite lets NULL into a
-- PRIMARY KEY column not declared NOT NULL (server/tests/schema.rs compares the
-- two schemas). SQLite adds the constraint only by rebuilding the table; no
-- table references this one, so dropping it deletes nothing else, and its
-- leases are copied over.
CREATE TABLE review_leases_rebuilt (
    annotation_id text PRIMARY KEY NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    reviewer_id   text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id    text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    expires_at    text NOT NULL
);
INSERT INTO review_leases_rebuilt (annotation_id, reviewer_id, project_id, expires_at)
    SELECT annotation_id, reviewer_id, project_id, expires_at FROM review_leases;
DROP TABLE review_leases;
ALTER TABLE review_leases_rebuilt RENAME TO review_leases;
CREATE UNIQUE INDEX review_leases_project_reviewer_key ON review_leases (project_id, reviewer_id);
