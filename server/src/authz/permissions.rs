//! The vocabulary of the policy: resources, actions, scopes and subjects, and
//! the table of every permission the server checks, declared once in
//! [`permissions!`]: each permission is a type in [`perm`], so a permit, a
//! service's signature and a route's `x-permission` all name the same one.

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
    /// A membership the caller was added to and has not accepted yet.
    PendingMembership,
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
    /// A dataset release: a named, immutable snapshot of a project's labels.
    Release,
    /// An API token.
    ApiToken,
    /// An organization's audit log.
    AuditLog,
    /// A webhook: a URL subscribed to an organization's events, and its deliveries.
    Webhook,
    /// A model's prediction for an item.
    Prediction,
}

impl Resource {
    /// The resource's name in `policies/policy.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Account => "account",
            Resource::Organization => "organization",
            Resource::Member => "member",
            Resource::PendingMembership => "pending_membership",
            Resource::RoleGrant => "role_grant",
            Resource::Invitation => "invitation",
            Resource::Project => "project",
            Resource::AnnotationUi => "annotation_ui",
            Resource::Guideline => "guideline",
            Resource::Item => "item",
            Resource::Annotation => "annotation",
            Resource::Review => "review",
            Resource::Export => "export",
            Resource::Release => "release",
            Resource::ApiToken => "api_token",
            Resource::AuditLog => "audit_log",
            Resource::Webhook => "webhook",
            Resource::Prediction => "prediction",
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
    /// Accept an invitation or a pending membership.
    Accept,
    /// Decline a pending membership.
    Decline,
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
            Action::Decline => "decline",
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

/// Where a permission is exercised, which decides the permit that carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// On the caller's own account, outside any organization: an
    /// [`AccountPermit`](super::AccountPermit).
    Account,
    /// In an organization the path names (`{org_id}`): an
    /// [`OrgPermit`](super::OrgPermit).
    Organization,
    /// In a project the path names (`{project_id}`, `{item_id}`,
    /// `{annotation_id}`): a [`ProjectPermit`](super::ProjectPermit); also
    /// across an organization's projects, narrowed by scope (listing the
    /// projects of an organization), with an [`OrgPermit`](super::OrgPermit).
    Project,
}

mod sealed {
    /// Only the permissions of [`permissions!`](super::permissions) are permissions.
    pub trait Sealed {}
}

/// A permission of the table: a type of [`perm`], naming its Casbin object and
/// action and the level it is exercised at. Sealed: the table is the only source.
pub trait IsPermission: sealed::Sealed + Copy + Send + Sync + 'static {
    /// The (resource, action) the policy is asked about.
    const PERMISSION: Permission;
    /// Where it is exercised.
    const LEVEL: Level;
}

/// A permission exercised on the caller's own account.
pub trait OnAccount: IsPermission {}

/// A permission exercised inside an organization: the organization's own
/// permissions and those of its projects.
pub trait InOrganization: IsPermission {}

/// A permission exercised inside one project.
pub trait InProject: InOrganization {}

/// Declares the permission table: a marker type in [`perm`] for each
/// permission, its level traits, and [`PERMISSIONS`], in the order given.
macro_rules! permissions {
    ($(
        $level:ident {
            $( $(#[$doc:meta])* $name:ident = $resource:ident : $action:ident $(($role:ident))? ; )*
        }
    )*) => {
        /// The permissions, one type each: what a permit is minted for.
        pub mod perm {
            use super::*;
            $($(
                $(#[$doc])*
                #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
                pub struct $name;
                impl sealed::Sealed for $name {}
                impl IsPermission for $name {
                    const PERMISSION: Permission = Permission::new(Resource::$resource, Action::$action $((Role::$role))?);
                    const LEVEL: Level = permissions!(@level $level);
                }
                permissions!(@traits $level $name);
            )*)*
        }

        /// Every permission the server checks, account permissions first.
        pub const PERMISSIONS: &[Permission] = &[
            $($(<perm::$name as IsPermission>::PERMISSION,)*)*
        ];
    };
    (@level account) => { Level::Account };
    (@level organization) => { Level::Organization };
    (@level project) => { Level::Project };
    (@traits account $name:ident) => {
        impl OnAccount for $name {}
    };
    (@traits organization $name:ident) => {
        impl InOrganization for $name {}
    };
    (@traits project $name:ident) => {
        impl InOrganization for $name {}
        impl InProject for $name {}
    };
}

permissions! {
    account {
        /// Read one's own account and organizations.
        AccountRead = Account: Read;
        /// Create an API token.
        ApiTokenCreate = ApiToken: Create;
        /// List one's API tokens.
        ApiTokenList = ApiToken: List;
        /// Revoke one of one's API tokens.
        ApiTokenRevoke = ApiToken: Revoke;
        /// Accept an invitation.
        InvitationAccept = Invitation: Accept;
        /// List one's pending memberships.
        PendingMembershipList = PendingMembership: List;
        /// Accept a pending membership.
        PendingMembershipAccept = PendingMembership: Accept;
        /// Decline a pending membership.
        PendingMembershipDecline = PendingMembership: Decline;
        /// Create an organization.
        OrganizationCreate = Organization: Create;
    }
    organization {
        /// Read an organization.
        OrganizationRead = Organization: Read;
        /// Change an organization.
        OrganizationUpdate = Organization: Update;
        /// Delete an organization.
        OrganizationDelete = Organization: Delete;
        /// List an organization's members.
        MemberList = Member: List;
        /// Add an account as a member.
        MemberAdd = Member: Add;
        /// Change a member's role.
        MemberUpdateRole = Member: UpdateRole;
        /// Remove a member.
        MemberRemove = Member: Remove;
        /// Grant the owner role.
        RoleGrantOwner = RoleGrant: Grant(Owner);
        /// Grant the admin role.
        RoleGrantAdmin = RoleGrant: Grant(Admin);
        /// Grant the manager role.
        RoleGrantManager = RoleGrant: Grant(Manager);
        /// Grant the reviewer role.
        RoleGrantReviewer = RoleGrant: Grant(Reviewer);
        /// Grant the annotator role.
        RoleGrantAnnotator = RoleGrant: Grant(Annotator);
        /// Grant the viewer role.
        RoleGrantViewer = RoleGrant: Grant(Viewer);
        /// Invite someone.
        InvitationCreate = Invitation: Create;
        /// List invitations.
        InvitationList = Invitation: List;
        /// Revoke an invitation.
        InvitationRevoke = Invitation: Revoke;
        /// Create a project.
        ProjectCreate = Project: Create;
        /// Read the audit log.
        AuditLogRead = AuditLog: Read;
        /// Subscribe a URL to events.
        WebhookCreate = Webhook: Create;
        /// Read webhooks and their delivery log.
        WebhookRead = Webhook: Read;
        /// Change a webhook, rotate its secret, redeliver an event.
        WebhookUpdate = Webhook: Update;
        /// Delete a webhook.
        WebhookDelete = Webhook: Delete;
    }
    project {
        /// Read a project (and list an organization's projects).
        ProjectRead = Project: Read;
        /// Change a project's settings.
        ProjectUpdate = Project: Update;
        /// Assign and unassign members.
        ProjectAssignMembers = Project: AssignMembers;
        /// Delete, archive and restore a project.
        ProjectDelete = Project: Delete;
        /// Read the annotation UI.
        AnnotationUiRead = AnnotationUi: Read;
        /// Publish an annotation UI version.
        AnnotationUiPublish = AnnotationUi: Publish;
        /// Read the guideline.
        GuidelineRead = Guideline: Read;
        /// Publish a guideline version.
        GuidelinePublish = Guideline: Publish;
        /// Read items.
        ItemRead = Item: Read;
        /// Import items.
        ItemImport = Item: Import;
        /// Change an item.
        ItemUpdate = Item: Update;
        /// Delete an item.
        ItemDelete = Item: Delete;
        /// Annotate (and work the annotation queue).
        AnnotationCreate = Annotation: Create;
        /// Read annotations.
        AnnotationRead = Annotation: Read;
        /// Change an annotation.
        AnnotationUpdate = Annotation: Update;
        /// Delete an annotation.
        AnnotationDelete = Annotation: Delete;
        /// Review (and work the review queue).
        ReviewCreate = Review: Create;
        /// Read reviews.
        ReviewRead = Review: Read;
        /// Export a project's data (and read its statistics).
        ExportCreate = Export: Create;
        /// Make a dataset release.
        ReleaseCreate = Release: Create;
        /// Read and pull dataset releases.
        ReleaseRead = Release: Read;
        /// Import model predictions.
        PredictionImport = Prediction: Import;
        /// Read model predictions (annotators and reviewers: when the project shows them).
        PredictionRead = Prediction: Read;
    }
}
