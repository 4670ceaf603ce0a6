-- The browser's work and review queues: when each item lease was taken, the
-- items annotators skipped, and the annotations reviewers lease and skip.

-- A caller's leases come back oldest first (the item to work on now leads),
-- so each lease records when it was taken. Until now an annotator held at
-- most one unexpired lease per project, so any time orders the old leases.
ALTER TABLE leases ADD COLUMN leased_at timestamptz;
UPDATE leases SET leased_at = expires_at;
ALTER TABLE leases ALTER COLUMN leased_at SET NOT NULL;
DROP INDEX leases_project_annotator_idx;
CREATE INDEX leases_project_annotator_idx ON leases (project_id, annotator_id, leased_at);

-- An item an annotator passed over: the queue never offers it to them again.
CREATE TABLE item_skips (
    item_id      uuid NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    annotator_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id   uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (item_id, annotator_id)
);
-- Progress and stats count an annotator's skips in a project.
CREATE INDEX item_skips_project_annotator_idx ON item_skips (project_id, annotator_id);

-- An annotation handed to a reviewer by the review queue, until it expires:
-- one reviewer per annotation, one annotation per reviewer and project.
CREATE TABLE review_leases (
    annotation_id uuid PRIMARY KEY REFERENCES annotations (id) ON DELETE CASCADE,
    reviewer_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id    uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    expires_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX review_leases_project_reviewer_key ON review_leases (project_id, reviewer_id);

-- An annotation a reviewer passed over: the review queue never offers it to them again.
CREATE TABLE review_skips (
    annotation_id uuid NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    reviewer_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id    uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (annotation_id, reviewer_id)
);
-- Review progress counts a reviewer's skips in a project.
CREATE INDEX review_skips_project_reviewer_idx ON review_skips (project_id, reviewer_id);

-- The review queue reads a project's pending annotations in id order; an
-- annotator's history and progress read their own annotations in a project.
CREATE INDEX annotations_project_review_status_idx ON annotations (project_id, review_status, id);
CREATE INDEX annotations_project_annotator_idx ON annotations (project_id, annotator_id, id);
-- Review progress counts a reviewer's reviews.
CREATE INDEX reviews_reviewer_idx ON reviews (reviewer_id, annotation_id);
