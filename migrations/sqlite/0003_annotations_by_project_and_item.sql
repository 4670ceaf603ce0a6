-- Exports read a project's annotations by ranges of item ids.
DROP INDEX annotations_project_idx;
CREATE INDEX annotations_project_item_idx ON annotations (project_id, item_id);
