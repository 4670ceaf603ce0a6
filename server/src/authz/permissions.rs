//! The vocabulary of the policy: resources, actions, scopes and subjects.

use std::fmt;

use labelwell_transport::Role;

/// What a permission is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    /// The caller's own account (`/me`).
    Account,
    /// An organization.
    Organization,
    /// A membership of an organization.
    Member,
    /// Giving a role to someone: the action names the role.
    RoleGrant,
    /// An invitation to join an organization.
    Invitation,
    /// A project.
    Project,
    /// A project's annotation UI (its label schema).
    AnnotationUi,
    /// A project's guideline.
    Guideline,
    /// An item to annotate.
    Item,
    /// An annotation of an item.
    Annotation,
    /// A review of an annotation.
    Review,
    /// An export of a project's data.
    Export,
    /// An API token.
    ApiToken,
    /// An organization's audit log.
    AuditLog,
}

impl Resource {
    /// The resource's name in `policies/policy.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Account => "account",
            Resource::Organization => "organization",
            Resource::Member => "member",
            Resource::RoleGrant => "role_grant",
            Resource::Invitation => "invitation",
            Resource::Project => "project",
            Resource::AnnotationUi => "annotation_ui",
            Resource::Guideline => "guideline",
            Resource::Item => "item",
            Resource::Annotation => "annotation",
            Resource::Review => "review",
            Resource::Export => "export",
            Resource::ApiToken => "api_token",
            Resource::AuditLog => "audit_log",
        }
    }
}

/// What is done to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Read one, or a list.
    Read,
    /// List.
    List,
    /// Create.
    Create,
    /// Change.
    Update,
    /// Delete (for projects: archive).
    Delete,
    /// Add an existing account to an organization.
    Add,
    /// Change a member's role.
    UpdateRole,
    /// Remove a member.
    Remove,
    /// Revoke (invitations, tokens).
    Revoke,
    /// Accept an invitation.
    Accept,
    /// Assign members to a project.
    AssignMembers,
    /// Publish a new version.
    Publish,
    /// Import items.
    Import,
    /// With [`Resource::RoleGrant`]: grant this role.
    Grant(Role),
}

impl Action {
    /// The action's name in `policies/policy.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::List => "list",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Add => "add",
            Action::UpdateRole => "update_role",
            Action::Remove => "remove",
            Action::Revoke => "revoke",
            Action::Accept => "accept",
            Action::AssignMembers => "assign_members",
            Action::Publish => "publish",
            Action::Import => "import",
            Action::Grant(role) => role.as_str(),
        }
    }
}

/// A (resource, action) pair: the unit the policy grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Permission {
    /// What it is about.
    pub resource: Resource,
    /// What is done.
    pub action: Action,
}

impl Permission {
    /// The permission to do `action` on `resource`.
    pub const fn new(resource: Resource, action: Action) -> Self {
        Permission { resource, action }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.resource.as_str(), self.action.as_str())
    }
}

/// How far a granted permission reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Anything in the organization.
    Any,
    /// Only in projects the member is assigned to.
    Assigned,
    /// Only what the member created (or, for account permissions, their own account).
    Own,
}

impl Scope {
    /// Every scope, widest first: the order the policy is asked in.
    pub const ALL: [Scope; 3] = [Scope::Any, Scope::Assigned, Scope::Own];

    /// The scope's name in `policies/policy.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Any => "any",
            Scope::Assigned => "assigned",
            Scope::Own => "own",
        }
    }
}

/// Who the policy is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// Any signed-in account, outside any organization.
    Account,
    /// A member of an organization, by role.
    Role(Role),
}

impl Subject {
    /// Every subject the policy knows.
    pub const ALL: [Subject; 7] = [
        Subject::Account,
        Subject::Role(Role::Owner),
        Subject::Role(Role::Admin),
        Subject::Role(Role::Manager),
        Subject::Role(Role::Reviewer),
        Subject::Role(Role::Annotator),
        Subject::Role(Role::Viewer),
    ];

    /// The subject's name in `policies/policy.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Account => "account",
            Subject::Role(role) => role.as_str(),
        }
    }
}

/// Every permission the server checks, account permissions first.
pub const PERMISSIONS: &[Permission] = {
    use Action::*;
    use Resource as R;
    &[
        Permission::new(R::Account, Read),
        Permission::new(R::ApiToken, Create),
        Permission::new(R::ApiToken, List),
        Permission::new(R::ApiToken, Revoke),
        Permission::new(R::Invitation, Accept),
        Permission::new(R::Organization, Create),
        Permission::new(R::Organization, Read),
        Permission::new(R::Organization, Update),
        Permission::new(R::Organization, Delete),
        Permission::new(R::Member, List),
        Permission::new(R::Member, Add),
        Permission::new(R::Member, UpdateRole),
        Permission::new(R::Member, Remove),
        Permission::new(R::RoleGrant, Grant(Role::Owner)),
        Permission::new(R::RoleGrant, Grant(Role::Admin)),
        Permission::new(R::RoleGrant, Grant(Role::Manager)),
        Permission::new(R::RoleGrant, Grant(Role::Reviewer)),
        Permission::new(R::RoleGrant, Grant(Role::Annotator)),
        Permission::new(R::RoleGrant, Grant(Role::Viewer)),
        Permission::new(R::Invitation, Create),
        Permission::new(R::Invitation, List),
        Permission::new(R::Invitation, Revoke),
        Permission::new(R::Project, Create),
        Permission::new(R::Project, Read),
        Permission::new(R::Project, Update),
        Permission::new(R::Project, AssignMembers),
        Permission::new(R::Project, Delete),
        Permission::new(R::AnnotationUi, Read),
        Permission::new(R::AnnotationUi, Publish),
        Permission::new(R::Guideline, Read),
        Permission::new(R::Guideline, Publish),
        Permission::new(R::Item, Read),
        Permission::new(R::Item, Import),
        Permission::new(R::Item, Update),
        Permission::new(R::Item, Delete),
        Permission::new(R::Annotation, Create),
        Permission::new(R::Annotation, Read),
        Permission::new(R::Annotation, Update),
        Permission::new(R::Annotation, Delete),
        Permission::new(R::Review, Create),
        Permission::new(R::Review, Read),
        Permission::new(R::Export, Create),
        Permission::new(R::AuditLog, Read),
    ]
};
