-- Items carry a priority: the work queue hands out the highest first, ties by
-- age (id order, as before).
ALTER TABLE items ADD COLUMN priority real NOT NULL DEFAULT 0;

-- The queue's order, kept to the items it may hand out: its next item is the
-- first entry of this index that passes the per-annotator checks, however
-- many finished items the project has.
CREATE INDEX items_queue_idx ON items (project_id, priority DESC, id)
    WHERE status IN ('new', 'in_progress', 'rejected');
