//! The table the server decides with against the hand-written expectations of
//! `docs/authorization.md`: every cell, every subject, and every line of
//! `policies/policy.csv` shown to be needed.

use crate::common::expectations::{all_permissions, expected_scope};
use labelwell_server::authz::permissions::PERMISSIONS;
use labelwell_server::authz::policy::{MODEL, POLICY, decide, load_enforcer};
use labelwell_server::authz::{Policy, Subject};

/// The subjects of the table, written by hand: the expectations' roles and an
/// account of no organization.
const SUBJECTS: [&str; 7] = [
    "account",
    "owner",
    "admin",
    "manager",
    "reviewer",
    "annotator",
    "viewer",
];

#[test]
fn the_expectations_and_the_server_know_the_same_subjects_and_permissions() {
    let mut expected: Vec<String> = all_permissions()
        .iter()
        .map(|(r, a)| format!("{r}:{a}"))
        .collect();
    let mut known: Vec<String> = PERMISSIONS.iter().map(ToString::to_string).collect();
    expected.sort();
    known.sort();
    assert_eq!(expected, known);
    let mut subjects: Vec<&str> = Subject::ALL.iter().map(|s| s.as_str()).collect();
    let mut expected_subjects = SUBJECTS.to_vec();
    subjects.sort_unstable();
    expected_subjects.sort_unstable();
    assert_eq!(expected_subjects, subjects);
}

/// The compiled table (what every request is decided with, as the server
/// loads it at start), cell by cell against the expectations: an independent
/// oracle for both the policy file and its compilation.
#[tokio::test]
async fn every_cell_of_the_table_the_server_decides_with_is_as_the_docs_say() {
    let policy = Policy::load().await.expect("the policy compiles");
    let mut wrong = Vec::new();
    let mut cells = 0;
    for subject in Subject::ALL {
        for &permission in PERMISSIONS {
            cells += 1;
            let expected = expected_scope(
                subject.as_str(),
                permission.resource.as_str(),
                permission.action.as_str(),
            );
            let decided = policy.scope(subject, permission);
            if expected != decided.map(|scope| scope.as_str()) {
                wrong.push(format!(
                    "{} {permission}: expected {expected:?}, the server decides {decided:?}",
                    subject.as_str()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "cells that differ from docs/authorization.md:\n{}",
        wrong.join("\n")
    );
    assert_eq!(SUBJECTS.len() * PERMISSIONS.len(), cells, "nothing skipped");
}

#[tokio::test]
async fn every_line_of_the_policy_is_needed() {
    let lines: Vec<&str> = POLICY
        .lines()
        .filter(|line| line.trim_start().starts_with("p,"))
        .collect();
    assert!(lines.len() > 100, "the policy has its rules");
    let policy = Policy::load().await.expect("the policy compiles");
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
        // Only this line's cell can change: asked of the reduced policy's
        // enforcer alone, not compiled whole for each of the hundred lines.
        let reduced = load_enforcer(MODEL, &without)
            .await
            .expect("the reduced policy loads");
        assert_ne!(
            policy.scope(subject, permission),
            decide(&reduced, subject, permission).expect("enforce"),
            "removing `{line}` changes no decision: it is not needed"
        );
    }
}
