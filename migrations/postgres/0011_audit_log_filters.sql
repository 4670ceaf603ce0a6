-- The audit log filtered by action or by actor, newest first: each filter is
-- one range of its index, so a filtered page costs the same as an unfiltered
-- one however many other entries the organization has.
CREATE INDEX audit_log_organization_action_idx ON audit_log (organization_id, action, id);
CREATE INDEX audit_log_organization_actor_idx ON audit_log (organization_id, actor_id, id);
