-- Model predictions: what a model (by name and version) answers for an item,
-- checked against the annotation UI like an annotation, with an optional
-- score per answer; imported by external id, one per item and model version
-- (a new import of the same version replaces it).

CREATE TABLE predictions (
    id              uuid NOT NULL,
    project_id      uuid NOT NULL,
    item_id         uuid NOT NULL,
    model           text NOT NULL,
    model_version   text NOT NULL,
    value           jsonb NOT NULL,
    scores          jsonb,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    organization_id uuid NOT NULL,
    PRIMARY KEY (id, organization_id),
    UNIQUE (item_id, model, model_version, organization_id),
    FOREIGN KEY (item_id, organization_id)
        REFERENCES items (id, organization_id) ON DELETE CASCADE,
    FOREIGN KEY (project_id, organization_id)
        REFERENCES projects (id, organization_id) ON DELETE CASCADE
);
-- An export's range of items, and one model version's predictions.
CREATE INDEX predictions_project_item_idx ON predictions (project_id, item_id);
CREATE INDEX predictions_project_model_idx ON predictions (project_id, model, model_version);

ALTER TABLE predictions ENABLE ROW LEVEL SECURITY;
ALTER TABLE predictions FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_rows ON predictions
    USING (organization_id = (SELECT labelwell_organization()))
    WITH CHECK (organization_id = (SELECT labelwell_organization()));

-- Whether annotators see a model's answer as their form's starting point
-- (off: they answer unanchored by it).
ALTER TABLE projects ADD COLUMN show_predictions boolean NOT NULL DEFAULT false;
-- The prediction an annotation started from, if any (kept as it was when the
-- annotation was made: a prediction replaced or deleted later leaves it).
ALTER TABLE annotations ADD COLUMN prediction_id uuid;
