//! The expected permissions, written by hand from the table of `docs/authorization.md`
//! (not derived from `policies/policy.csv`): what the authorization tests hold
//! the policy and the server to.

/// The roles, in the column order of [`ROWS`].
pub const ROLES: [&str; 6] = [
    "owner",
    "admin",
    "manager",
    "reviewer",
    "annotator",
    "viewer",
];

/// The table of `docs/authorization.md`: a resource, its actions, and the scope
/// of each role (in [`ROLES`] order); `-` is no permission. The footnotes are rules of the
/// services and queries, tested with them.
pub const ROWS: &[(&str, &[&str], [&str; 6])] = &[
    (
        "organization",
        &["read"],
        ["any", "any", "any", "any", "any", "any"],
    ),
    (
        "organization",
        &["update"],
        ["any", "any", "-", "-", "-", "-"],
    ),
    (
        "organization",
        &["delete"],
        ["any", "-", "-", "-", "-", "-"],
    ),
    (
        "member",
        &["list"],
        ["any", "any", "any", "assigned", "assigned", "any"],
    ),
    (
        "member",
        &["add", "update_role", "remove"],
        ["any", "any", "any", "-", "-", "-"],
    ),
    (
        "role_grant",
        &["owner", "admin"],
        ["any", "-", "-", "-", "-", "-"],
    ),
    (
        "role_grant",
        &["manager", "viewer"],
        ["any", "any", "-", "-", "-", "-"],
    ),
    (
        "role_grant",
        &["reviewer", "annotator"],
        ["any", "any", "any", "-", "-", "-"],
    ),
    (
        "invitation",
        &["create"],
        ["any", "any", "any", "-", "-", "-"],
    ),
    (
        "invitation",
        &["list", "revoke"],
        ["any", "any", "own", "-", "-", "-"],
    ),
    ("project", &["create"], ["any", "any", "any", "-", "-", "-"]),
    (
        "project",
        &["read"],
        ["any", "any", "any", "assigned", "assigned", "any"],
    ),
    (
        "project",
        &["update", "assign_members"],
        ["any", "any", "any", "-", "-", "-"],
    ),
    ("project", &["delete"], ["any", "any", "own", "-", "-", "-"]),
    (
        "annotation_ui",
        &["read"],
        ["any", "any", "any", "assigned", "assigned", "any"],
    ),
    (
        "guideline",
        &["read"],
        ["any", "any", "any", "assigned", "assigned", "any"],
    ),
    (
        "annotation_ui",
        &["publish"],
        ["any", "any", "any", "-", "-", "-"],
    ),
    (
        "guideline",
        &["publish"],
        ["any", "any", "any", "-", "-", "-"],
    ),
    (
        "item",
        &["read"],
        ["any", "any", "any", "assigned", "assigned", "any"],
    ),
    (
        "item",
        &["import", "update", "delete"],
        ["any", "any", "any", "-", "-", "-"],
    ),
    (
        "annotation",
        &["create"],
        ["any", "any", "any", "assigned", "assigned", "-"],
    ),
    (
        "annotation",
        &["read"],
        ["any", "any", "any", "assigned", "own", "any"],
    ),
    (
        "annotation",
        &["update", "delete"],
        ["any", "any", "any", "-", "own", "-"],
    ),
    (
        "review",
        &["create"],
        ["any", "any", "any", "assigned", "-", "-"],
    ),
    (
        "review",
        &["read"],
        ["any", "any", "any", "assigned", "own", "any"],
    ),
    (
        "export",
        &["create"],
        ["any", "any", "any", "-", "-", "any"],
    ),
    ("release", &["create"], ["any", "any", "any", "-", "-", "-"]),
    ("release", &["read"], ["any", "any", "any", "-", "-", "any"]),
    (
        "prediction",
        &["import"],
        ["any", "any", "any", "-", "-", "-"],
    ),
    (
        "prediction",
        &["read"],
        ["any", "any", "any", "assigned", "assigned", "any"],
    ),
    ("audit_log", &["read"], ["any", "any", "-", "-", "-", "-"]),
    (
        "webhook",
        &["create", "read", "update", "delete"],
        ["any", "any", "-", "-", "-", "-"],
    ),
];

/// What any signed-in account may do outside an organization (docs/authorization.md,
/// below the table): tokens belong to accounts, not memberships, so the policy
/// grants `api_token : create, list, revoke` to the `account` subject.
pub const ACCOUNT_ROWS: &[(&str, &str, &str)] = &[
    ("account", "read", "own"),
    ("organization", "create", "any"),
    ("api_token", "create", "own"),
    ("api_token", "list", "own"),
    ("api_token", "revoke", "own"),
    ("invitation", "accept", "own"),
    ("pending_membership", "list", "own"),
    ("pending_membership", "accept", "own"),
    ("pending_membership", "decline", "own"),
];

/// The expected scope of `subject` (a role, or `account`) for `resource:action`.
pub fn expected_scope(subject: &str, resource: &str, action: &str) -> Option<&'static str> {
    if subject == "account" {
        return ACCOUNT_ROWS
            .iter()
            .find(|(r, a, _)| *r == resource && *a == action)
            .map(|(_, _, scope)| *scope);
    }
    let column = ROLES.iter().position(|role| *role == subject)?;
    ROWS.iter()
        .find(|(r, actions, _)| *r == resource && actions.contains(&action))
        .map(|(_, _, scopes)| scopes[column])
        .filter(|scope| *scope != "-")
}

/// Every (resource, action) of the tables.
pub fn all_permissions() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&str, &str)> = ACCOUNT_ROWS.iter().map(|(r, a, _)| (*r, *a)).collect();
    for (resource, actions, _) in ROWS {
        all.extend(actions.iter().map(|action| (*resource, *action)));
    }
    all
}
