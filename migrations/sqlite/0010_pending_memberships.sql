-- Adding an existing account by email makes its membership pending until that
-- account accepts it: nobody joins an organization (or sees it among theirs)
-- without consent. A pending membership gives no access at all.
-- accepted_at: when the account accepted; NULL while pending. Memberships
-- made before are accepted as of their creation.
-- added_by: who added the account (or sent the invitation it accepted); NULL
-- for an organization's creator, or once that account is deleted.
ALTER TABLE memberships ADD COLUMN accepted_at text;
ALTER TABLE memberships ADD COLUMN added_by text REFERENCES users (id) ON DELETE SET NULL;
UPDATE memberships SET accepted_at = created_at;
