//! The roles a member can hold in an organization.

use crate::wire::wire_enum;

wire_enum! {
    /// A member's role in one organization, from most to least powerful.
    ///
    /// What each role may do is decided by the server's policy (`policies/`).
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        /// Everything, including deleting the organization and granting owner.
        Owner = "owner",
        /// Members and roles below admin, all projects, the audit log.
        Admin = "admin",
        /// Creates and runs projects; invites reviewers and annotators.
        Manager = "manager",
        /// Reviews annotations in the projects assigned to them.
        Reviewer = "reviewer",
        /// Labels items in the projects assigned to them.
        Annotator = "annotator",
        /// Reads projects, items and annotations, and exports them; never writes.
        Viewer = "viewer",
    }
}
