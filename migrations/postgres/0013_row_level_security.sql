-- Row-level security: the database itself keeps each organization's rows
-- from every other organization's requests, whatever a query forgets to
-- filter.
--
-- The server runs each transaction as `labelwell_app` (`SET LOCAL ROLE`),
-- which owns nothing and may only read and write rows, and names the
-- organization the request's permit was granted in with
-- `set_config('app.organization_id', ..., true)`: both end with the
-- transaction, so a pooled connection never carries one request's tenant
-- into another's. Every tenant table lets a statement see and change only
-- the rows of that organization, also its owner's statements (FORCE); an
-- unset organization sees none. A few requests act before they know their
-- organization, and each is let through by one narrow policy below, for
-- reading only. docs/authorization.md lists them.
--
-- The role is the cluster's, shared by every database in it: created when
-- missing (the migration's role then needs CREATEROLE; an operator may
-- create it beforehand instead), and already there is no error, also when
-- another database's migration creates it at the same moment.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'labelwell_app') THEN
        CREATE ROLE labelwell_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- A database served and migrated by one role (the owner's URL alone, as
-- before this migration) keeps working: that role joins the group when it
-- may grant it. A superuser is a member of every role already.
DO $$
BEGIN
    IF NOT pg_has_role(current_user, 'labelwell_app', 'MEMBER') THEN
        EXECUTE format('GRANT labelwell_app TO %I', current_user);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO labelwell_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO labelwell_app;
REVOKE INSERT, UPDATE, DELETE ON _sqlx_migrations FROM labelwell_app;
-- Tables later migrations create, as the same owner.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO labelwell_app;

-- What the transaction was opened for; NULL when unset. A setting made with
-- set_config(..., true) reads as '' after its transaction, not NULL.
CREATE FUNCTION labelwell_organization() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.organization_id', true), '')::uuid $$;
CREATE FUNCTION labelwell_account() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.account_id', true), '')::uuid $$;
CREATE FUNCTION labelwell_lookup() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.lookup_id', true), '')::uuid $$;
CREATE FUNCTION labelwell_invitation() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.invitation_token_hash', true), '') $$;

-- ANALYZE is the owner's: after a bulk import the server refreshes the
-- planner's statistics through this function, which runs as its owner and
-- analyzes only the tables of this schema.
CREATE FUNCTION labelwell_analyze(table_name text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = table_name) THEN
        RAISE EXCEPTION 'no table %', table_name;
    END IF;
    EXECUTE format('ANALYZE public.%I', table_name);
END
$$;
REVOKE ALL ON FUNCTION labelwell_analyze(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION labelwell_analyze(text) TO labelwell_app;

-- One policy per tenant table: the rows of the transaction's organization.
-- The setting is read in a scalar subquery, evaluated once per statement
-- rather than once per row (a 100,000-row scan took 2.5 times as long with
-- the plain call).
DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY[
        'projects', 'project_members', 'memberships', 'invitations', 'audit_log',
        'annotation_ui_versions', 'guideline_versions', 'items', 'annotations',
        'reviews', 'leases', 'item_skips', 'review_leases', 'review_skips'
    ] LOOP
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

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_rows ON organizations
    USING (id = (SELECT labelwell_organization()))
    WITH CHECK (id = (SELECT labelwell_organization()));

-- The narrow policies, for reading only.

-- An account's own memberships (and pending ones), and the organizations
-- they are in: "my organizations", "my pending memberships".
CREATE POLICY own_memberships ON memberships FOR SELECT
    USING (user_id = (SELECT labelwell_account()));
CREATE POLICY organizations_of_account ON organizations FOR SELECT
    USING (id IN (SELECT m.organization_id FROM memberships m
                  WHERE m.user_id = (SELECT labelwell_account())));

-- The one project, item or annotation a path names, to find the
-- organization whose policy then decides on the request.
CREATE POLICY looked_up_row ON projects FOR SELECT
    USING (id = (SELECT labelwell_lookup()));
CREATE POLICY looked_up_row ON items FOR SELECT
    USING (id = (SELECT labelwell_lookup()));
CREATE POLICY looked_up_row ON annotations FOR SELECT
    USING (id = (SELECT labelwell_lookup()));

-- The one invitation whose secret token a request holds, to accept it.
CREATE POLICY invitation_of_token ON invitations FOR SELECT
    USING (token_hash = (SELECT labelwell_invitation()));
