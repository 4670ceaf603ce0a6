//! The policy against the hand-written expectations of `docs/authorization.md`:
//! every cell, every subject, and every line of `policies/policy.csv` shown to be needed.

use crate::common::expectations::{all_permissions, expected_scope};
use labelwell_server::authz::permissions::PERMISSIONS;
use labelwell_server::authz::policy::{MODEL, POLICY, decide, load_enforcer};
use labelwell_server::authz::{Policy, Subject};

const SUBJECTS: [&str; 7] = [
    "account",
    "owner",
    "admin",
    "manager",
    "reviewer",
    "annotator",
    "viewer",
];

/// What the enforcer loaded from `policy` answers, for every subject and permission.
async fn decisions(policy: &str) -> Vec<(String, String, Option<String>)> {
    let enforcer = load_enforcer(MODEL, policy)
        .await
        .expect("the policy loads");
    let mut cells = Vec::new();
    for subject in Subject::ALL {
        for &permission in PERMISSIONS {
            let scope = decide(&enforcer, subject, permission).expect("enforce");
            cells.push((
                subject.as_str().to_owned(),
                permission.to_string(),
                scope.map(|s| s.as_str().to_owned()),
            ));
        }
    }
    cells
}

#[test]
fn the_expectations_and_the_server_know_the_same_permissions() {
    let mut expected: Vec<String> = all_permissions()
        .iter()
        .map(|(r, a)| format!("{r}:{a}"))
        .collect();
    let mut known: Vec<String> = PERMISSIONS.iter().map(ToString::to_string).collect();
    expected.sort();
    known.sort();
    assert_eq!(expected, known);
}

#[tokio::test]
async fn every_cell_of_the_policy_table_is_as_policy_md_says() {
    let mut wrong = Vec::new();
    for (subject, permission, scope) in decisions(POLICY).await {
        let (resource, action) = permission.split_once(':').expect("resource:action");
        let expected = expected_scope(&subject, resource, action);
        if expected != scope.as_deref() {
            wrong.push(format!(
                "{subject} {permission}: expected {expected:?}, the policy gives {scope:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "cells that differ from docs/authorization.md:\n{}",
        wrong.join("\n")
    );
    assert_eq!(
        SUBJECTS.len() * PERMISSIONS.len(),
        decisions(POLICY).await.len(),
        "nothing skipped"
    );
}

#[tokio::test]
async fn the_compiled_table_the_server_uses_is_the_enforcers() {
    let policy = Policy::load().await.expect("the policy compiles");
    let enforcer = load_enforcer(MODEL, POLICY)
        .await
        .expect("the policy loads");
    for subject in Subject::ALL {
        for &permission in PERMISSIONS {
            assert_eq!(
                policy.scope(subject, permission),
                decide(&enforcer, subject, permission).expect("enforce"),
                "{} {permission}",
                subject.as_str()
            );
        }
    }
}

#[tokio::test]
async fn every_line_of_the_policy_is_needed() {
    let lines: Vec<&str> = POLICY
        .lines()
        .filter(|line| line.trim_start().starts_with("p,"))
        .collect();
    assert!(lines.len() > 100, "the policy has its rules");
    let unique: std::collections::HashSet<&str> = lines.iter().map(|line| line.trim()).collect();
    assert_eq!(unique.len(), lines.len(), "a rule is repeated");
    for line in lines {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [_, subject, resource, action, _] = fields[..] else {
            panic!("malformed rule `{line}`")
        };
        let subject = *Subject::ALL
            .iter()
            .find(|s| s.as_str() == subject)
            .expect("a known subject");
        let permission = *PERMISSIONS
            .iter()
            .find(|p| p.resource.as_str() == resource && p.action.as_str() == action)
            .expect("a known permission");
        let without: String = POLICY
            .lines()
            .filter(|l| *l != line)
            .collect::<Vec<_>>()
            .join("\n");
        let with = load_enforcer(MODEL, POLICY)
            .await
            .expect("the policy loads");
        let reduced = load_enforcer(MODEL, &without)
            .await
            .expect("the reduced policy loads");
        assert_ne!(
            decide(&with, subject, permission).expect("enforce"),
            decide(&reduced, subject, permission).expect("enforce"),
            "removing `{line}` changes no decision: it is not needed"
        );
    }
}
