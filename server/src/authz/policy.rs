//! The Casbin policy, loaded from `policies/` and compiled into a lookup table.
//!
//! `policies/model.conf` and `policies/policy.csv` are compiled into the binary
//! and loaded into a Casbin enforcer at start. Because the policy maps roles to
//! permissions only (memberships stay in the database), its whole decision space
//! is small: every subject x permission x scope is asked once at start and kept
//! in a table, so a request's decision is a hash lookup. The authorization tests
//! check that table against the hand-written expectations (docs/authorization.md).

use std::collections::HashMap;

use casbin::{CoreApi, DefaultModel, Enforcer, MgmtApi, StringAdapter};

use labelwell_transport::Role;

use super::permissions::{Action, PERMISSIONS, Permission, Resource, Scope, Subject};

/// The model shipped with this binary.
pub const MODEL: &str = include_str!("../../../policies/model.conf");
/// The policy shipped with this binary.
pub const POLICY: &str = include_str!("../../../policies/policy.csv");

/// The policy could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// Casbin refused the model or the policy.
    #[error("casbin: {0}")]
    Casbin(#[from] casbin::Error),
    /// A `p` line names something the server does not know, so it would never apply.
    #[error("policy line `p, {0}` names an unknown subject, resource, action or scope")]
    UnknownRule(String),
}

/// Every decision of the policy, by subject and permission.
#[derive(Debug, Clone)]
pub struct Policy {
    scopes: HashMap<(Subject, Permission), Scope>,
}

impl Policy {
    /// The policy shipped with this binary.
    pub async fn load() -> Result<Policy, PolicyError> {
        Policy::from_texts(MODEL, POLICY).await
    }

    /// A policy from the texts of a model and a policy file.
    pub async fn from_texts(model: &str, policy: &str) -> Result<Policy, PolicyError> {
        let enforcer = load_enforcer(model, policy).await?;
        reject_unknown_rules(&enforcer)?;
        let mut scopes = HashMap::new();
        for subject in Subject::ALL {
            for &permission in PERMISSIONS {
                if let Some(scope) = decide(&enforcer, subject, permission)? {
                    scopes.insert((subject, permission), scope);
                }
            }
        }
        Ok(Policy { scopes })
    }

    /// The widest scope in which `subject` holds `permission`; `None` when it does not.
    pub fn scope(&self, subject: Subject, permission: Permission) -> Option<Scope> {
        self.scopes.get(&(subject, permission)).copied()
    }

    /// The roles a member with `role` may grant, change or take away (its
    /// `role_grant : R` permissions), most powerful first.
    pub fn grantable_roles(&self, role: Role) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|&granted| {
                self.scope(
                    Subject::Role(role),
                    Permission::new(Resource::RoleGrant, Action::Grant(granted)),
                )
                .is_some()
            })
            .collect()
    }

    /// Whether a member with role `inviter` may invite someone with role
    /// `invited`: the role holds `invitation:create` and `role_grant:<invited>`.
    pub fn may_invite(&self, inviter: Role, invited: Role) -> bool {
        let subject = Subject::Role(inviter);
        self.scope(
            subject,
            Permission::new(Resource::Invitation, Action::Create),
        )
        .is_some()
            && self
                .scope(
                    subject,
                    Permission::new(Resource::RoleGrant, Action::Grant(invited)),
                )
                .is_some()
    }

    /// Whether a member with role `adder` may add an account with role
    /// `added`: the role holds `member:add` and `role_grant:<added>`.
    pub fn may_add_member(&self, adder: Role, added: Role) -> bool {
        let subject = Subject::Role(adder);
        self.scope(subject, Permission::new(Resource::Member, Action::Add))
            .is_some()
            && self
                .scope(
                    subject,
                    Permission::new(Resource::RoleGrant, Action::Grant(added)),
                )
                .is_some()
    }
}

/// A Casbin enforcer over the given model and policy texts.
pub async fn load_enforcer(model: &str, policy: &str) -> Result<Enforcer, casbin::Error> {
    let model = DefaultModel::from_str(model).await?;
    Enforcer::new(model, StringAdapter::new(policy)).await
}

/// Asks the enforcer for the widest scope in which `subject` holds `permission`.
pub fn decide(
    enforcer: &Enforcer,
    subject: Subject,
    permission: Permission,
) -> Result<Option<Scope>, casbin::Error> {
    for scope in Scope::ALL {
        let request = (
            subject.as_str(),
            permission.resource.as_str(),
            permission.action.as_str(),
            scope.as_str(),
        );
        if enforcer.enforce(request)? {
            return Ok(Some(scope));
        }
    }
    Ok(None)
}

/// Fails on a rule that no question of the server can match: a typo in
/// `policy.csv` must stop the server, not silently deny.
fn reject_unknown_rules(enforcer: &Enforcer) -> Result<(), PolicyError> {
    for rule in enforcer.get_policy() {
        let known = match rule.as_slice() {
            [subject, resource, action, scope] => {
                Subject::ALL.iter().any(|s| s.as_str() == subject)
                    && PERMISSIONS
                        .iter()
                        .any(|p| p.resource.as_str() == resource && p.action.as_str() == action)
                    && Scope::ALL.iter().any(|s| s.as_str() == scope)
            }
            _ => false,
        };
        if !known {
            return Err(PolicyError::UnknownRule(rule.join(", ")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_misspelled_rule_stops_the_server() {
        let policy = format!("{POLICY}\np, owner, organisation, read, any\n");
        let error = Policy::from_texts(MODEL, &policy)
            .await
            .expect_err("unknown resource");
        assert!(error.to_string().contains("organisation"));
    }

    #[tokio::test]
    async fn subjects_without_a_rule_get_nothing() {
        let policy = Policy::from_texts(MODEL, "p, owner, organization, read, any\n")
            .await
            .expect("policy compiles");
        let read = Permission::new(Resource::Organization, Action::Read);
        assert_eq!(
            policy.scope(Subject::Role(Role::Owner), read),
            Some(Scope::Any)
        );
        assert_eq!(policy.scope(Subject::Role(Role::Admin), read), None);
    }
}
