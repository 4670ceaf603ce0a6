//! Organizations, members, invitations and the audit log over HTTP: who may
//! create, rename and delete an organization; who may add, re-role and remove
//! whom (docs/authorization.md footnotes 1-3); invitations from creation to acceptance;
//! keyset pagination; and that another organization's ids reveal nothing.

use std::collections::HashSet;

use crate::common::fixtures::create_project;
use crate::common::{Answer, Client, PASSWORD, TestServer};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

backend_tests![
    creating_an_organization_makes_the_creator_its_owner,
    every_answer_with_an_organization_names_the_roles_the_caller_may_grant,
    owners_and_admins_rename_an_organization_and_the_audit_log_keeps_both_names,
    only_the_owner_deletes_an_organization_and_then_nobody_sees_it,
    adding_a_member_by_email_makes_a_pending_membership_without_access_until_accepted,
    declining_a_pending_membership_deletes_it_and_the_account_can_be_added_again,
    a_pending_member_is_cancelled_not_re_roled_and_is_no_owner_yet,
    a_pending_membership_its_adder_could_no_longer_give_is_withdrawn,
    adding_an_unknown_email_or_an_invalid_role_is_a_validation_error,
    adding_someone_who_is_already_a_member_conflicts_and_changes_nothing,
    admins_grant_manager_viewer_reviewer_and_annotator_but_not_admin_or_owner,
    admins_cannot_re_role_or_remove_admins_or_owners,
    managers_add_only_reviewers_and_annotators,
    managers_re_role_and_remove_only_reviewers_and_annotators,
    reviewers_annotators_and_viewers_cannot_add_re_role_or_remove_members,
    only_owners_grant_the_owner_role,
    nobody_changes_their_own_role,
    the_last_owner_cannot_be_removed_or_demoted,
    with_two_owners_one_can_demote_or_remove_the_other,
    two_owners_demoting_each_other_at_once_leave_exactly_one_owner,
    additions_role_changes_and_removals_are_audited,
    changing_or_removing_someone_who_is_not_a_member_is_not_found,
    owners_admins_managers_and_viewers_see_every_member_with_email,
    reviewers_and_annotators_see_only_themselves_and_no_emails_without_shared_projects,
    the_member_list_pages_through_every_member_in_joining_order,
    lists_refuse_limits_outside_1_to_1000_and_garbage_cursors,
    creating_an_invitation_answers_it_pending_with_an_lwi_token_shown_once,
    accepting_an_invitation_joins_with_the_invited_role_and_the_token_is_single_use,
    only_the_invited_email_can_accept_an_invitation,
    an_expired_invitation_is_gone_and_the_email_can_be_invited_again,
    a_revoked_or_unknown_invitation_cannot_be_accepted,
    signing_up_with_an_invitation_token_joins_the_organization_at_once,
    signing_up_with_a_bad_invitation_token_creates_no_account,
    inviting_a_member_or_an_already_invited_email_conflicts,
    invitations_follow_the_role_grant_rules_of_members,
    owners_and_admins_list_every_invitation_and_managers_only_their_own,
    managers_revoke_only_their_own_invitations,
    revoking_twice_conflicts_and_an_accepted_invitation_cannot_be_revoked,
    one_invitation_accepted_twice_at_once_makes_one_membership,
    one_email_invited_twice_at_once_gets_one_pending_invitation,
    accepting_and_revoking_one_invitation_at_once_lets_exactly_one_win,
    removing_a_member_revokes_the_invitations_they_sent,
    re_roling_a_member_revokes_the_invitations_their_new_role_could_not_send,
    an_invitation_its_sender_could_no_longer_send_admits_nobody,
    the_audit_log_is_newest_first_and_pages_without_gaps_or_duplicates,
    the_audit_log_never_shows_another_organizations_entries,
    the_audit_log_filters_by_action_and_by_actor_exactly_on_every_page,
    an_audit_log_filter_nothing_matches_is_an_empty_page_and_a_malformed_actor_a_422,
    only_owners_and_admins_read_the_audit_log,
    an_owner_of_one_organization_gets_404_on_every_route_of_another_and_changes_nothing,
    ids_from_another_organization_are_not_found_under_ones_own,
];

// ---------------------------------------------------------------- helpers

/// The API path `/organizations/{org}` followed by `rest`.
fn at(org: &str, rest: &str) -> String {
    format!("/organizations/{org}{rest}")
}

/// The path of one member.
fn member_path(org: &str, user_id: &str) -> String {
    at(org, &format!("/members/{user_id}"))
}

/// How many rows of `table` belong to `org`.
async fn rows(server: &TestServer, table: &str, org: &str) -> i64 {
    server
        .count(&format!(
            "SELECT COUNT(*) FROM {table} WHERE organization_id = '{org}'"
        ))
        .await
}

/// The rows of every table a request about `org` could change.
async fn snapshot(server: &TestServer, org: &str) -> [i64; 5] {
    [
        server
            .count(&format!(
                "SELECT COUNT(*) FROM organizations WHERE id = '{org}'"
            ))
            .await,
        rows(server, "memberships", org).await,
        rows(server, "invitations", org).await,
        server
            .count(&format!(
                "SELECT COUNT(*) FROM invitations WHERE organization_id = '{org}' AND revoked_at IS NULL AND accepted_at IS NULL"
            ))
            .await,
        rows(server, "audit_log", org).await,
    ]
}

/// Whether `user` is a member of `org` with exactly `role`, in the database.
async fn has_role(server: &TestServer, org: &str, user: &str, role: &str) -> bool {
    server
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE organization_id = '{org}' AND user_id = '{user}' AND role = '{role}'"
        ))
        .await
        == 1
}

/// Whether `user` is a member of `org` at all, in the database.
async fn is_member(server: &TestServer, org: &str, user: &str) -> bool {
    server
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE organization_id = '{org}' AND user_id = '{user}'"
        ))
        .await
        == 1
}

/// How many owners `org` has.
async fn owners(server: &TestServer, org: &str) -> i64 {
    server
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE organization_id = '{org}' AND role = 'owner'"
        ))
        .await
}

/// Asserts a 422 whose only field error names `field`.
#[track_caller]
fn assert_invalid(answer: &Answer, field: &str) {
    answer.assert_problem(422, "validation_failed");
    let fields: Vec<&str> = answer.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|error| error["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fields, [field], "{}", answer.body);
}

/// The whole audit log of `org`, newest first, in one page.
async fn audit(client: &Client, org: &str) -> Vec<Value> {
    let answer = client.get(&at(org, "/audit-log?limit=1000")).await;
    answer.assert_status(200);
    assert!(answer.body["pagination"]["next"].is_null());
    answer.body["entries"].as_array().expect("entries").clone()
}

/// The actions of audit entries.
fn actions(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|entry| entry["action"].as_str().unwrap_or(""))
        .collect()
}

/// The `field` of each object in `list`, as strings.
fn strings<'a>(list: &'a [Value], field: &str) -> Vec<&'a str> {
    list.iter()
        .map(|item| item[field].as_str().unwrap_or(""))
        .collect()
}

/// The members `client` sees in `org`, in one page.
async fn members(client: &Client, org: &str) -> Vec<Value> {
    let answer = client.get(&at(org, "/members?limit=1000")).await;
    answer.assert_status(200);
    answer.body["members"].as_array().expect("members").clone()
}

/// The invitations `client` sees in `org`, in one page.
async fn invitations(client: &Client, org: &str) -> Vec<Value> {
    let answer = client.get(&at(org, "/invitations?limit=1000")).await;
    answer.assert_status(200);
    answer.body["invitations"]
        .as_array()
        .expect("invitations")
        .clone()
}

/// The status of invitation `id` as the organization's owner sees it.
async fn invitation_status(owner: &Client, org: &str, id: &str) -> String {
    invitations(owner, org)
        .await
        .iter()
        .find(|invitation| invitation["id"] == id)
        .and_then(|invitation| invitation["status"].as_str())
        .expect("the invitation is listed")
        .to_owned()
}

/// Invites `email` with `role`; returns the invitation's id and token.
async fn invite(client: &Client, org: &str, email: &str, role: &str) -> (String, String) {
    let answer = client
        .post(
            &at(org, "/invitations"),
            json!({ "email": email, "role": role }),
        )
        .await;
    answer.assert_status(201);
    let token = answer.body["token"].as_str().expect("token").to_owned();
    (answer.id("invitation"), token)
}

/// Accepts an invitation token as `client`.
async fn accept(client: &Client, token: &str) -> Answer {
    client
        .post("/invitations/accept", json!({ "token": token }))
        .await
}

/// Follows `pagination.next` from `first` to the last page; answers every item
/// under `key` and the size of each page.
async fn walk(client: &Client, first: &str, key: &str) -> (Vec<Value>, Vec<usize>) {
    let mut items = Vec::new();
    let mut sizes = Vec::new();
    let mut path = Some(first.to_owned());
    while let Some(current) = path {
        assert!(sizes.len() < 100, "the walk does not end");
        let page = client.get(&current).await;
        page.assert_status(200);
        let list = page.body[key].as_array().expect(key);
        sizes.push(list.len());
        items.extend(list.iter().cloned());
        path = next_path(&page.body);
    }
    (items, sizes)
}

/// The API path of `pagination.next`, if any; checks it agrees with `next_cursor`.
fn next_path(body: &Value) -> Option<String> {
    let pagination = &body["pagination"];
    assert_eq!(
        pagination["next"].is_null(),
        pagination["next_cursor"].is_null(),
        "{pagination}"
    );
    pagination["next"].as_str().map(|next| {
        let cursor = pagination["next_cursor"].as_str().expect("next_cursor");
        assert!(next.ends_with(&format!("cursor={cursor}")), "{next}");
        next.strip_prefix("/api/v1")
            .expect("next is an /api/v1 path")
            .to_owned()
    })
}

fn timestamp(value: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(value.as_str().expect("a timestamp"), &Rfc3339).expect("RFC 3339")
}

// ---------------------------------------------------------------- organizations

/// `role_grant` by role, from the table in docs/authorization.md, most powerful first.
fn grantable_by(role: &str) -> Value {
    match role {
        "owner" => json!([
            "owner",
            "admin",
            "manager",
            "reviewer",
            "annotator",
            "viewer"
        ]),
        "admin" => json!(["manager", "reviewer", "annotator", "viewer"]),
        "manager" => json!(["reviewer", "annotator"]),
        _ => json!([]),
    }
}

async fn every_answer_with_an_organization_names_the_roles_the_caller_may_grant(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let created = ada.post("/organizations", json!({ "name": "Acme" })).await;
    created.assert_status(201);
    assert_eq!(
        created.body["organization"]["grantable_roles"],
        grantable_by("owner")
    );
    let org = created.id("organization");
    for role in [
        "owner",
        "admin",
        "manager",
        "reviewer",
        "annotator",
        "viewer",
    ] {
        let member = server.member(&ada, &org, role, role).await;
        let read = member.get(&at(&org, "")).await;
        read.assert_status(200);
        assert_eq!(read.body["organization"]["role"], role);
        assert_eq!(
            read.body["organization"]["grantable_roles"],
            grantable_by(role),
            "{role}"
        );
        let mine = member.get("/me/organizations").await;
        assert_eq!(
            mine.body["organizations"][0], read.body["organization"],
            "{role}"
        );
    }
    let admin = server.member(&ada, &org, "second-admin", "admin").await;
    let renamed = admin
        .patch(&at(&org, ""), json!({ "name": "Acme Labs" }))
        .await;
    renamed.assert_status(200);
    assert_eq!(
        renamed.body["organization"]["grantable_roles"],
        grantable_by("admin")
    );

    // Joining answers the organization as the new member sees it.
    let grace = server.sign_up("grace").await;
    ada.post(
        &at(&org, "/members"),
        json!({ "email": grace.email(), "role": "manager" }),
    )
    .await
    .assert_status(201);
    let accepted = grace
        .post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
        .await;
    accepted.assert_status(200);
    assert_eq!(
        accepted.body["organization"]["grantable_roles"],
        grantable_by("manager")
    );
    let (_, token) = invite(&ada, &org, "henry@example.com", "viewer").await;
    let henry = server.sign_up("henry").await;
    let joined = accept(&henry, &token).await;
    joined.assert_status(200);
    assert_eq!(joined.body["organization"]["role"], "viewer");
    assert_eq!(joined.body["organization"]["grantable_roles"], json!([]));
}

async fn creating_an_organization_makes_the_creator_its_owner(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let created = ada
        .post("/organizations", json!({ "name": "  Acme Research  " }))
        .await;
    created.assert_status(201);
    let org = created.id("organization");
    assert_eq!(created.body["organization"]["name"], "Acme Research");
    assert_eq!(created.body["organization"]["role"], "owner");
    assert!(has_role(&server, &org, &ada.user_id(), "owner").await);
    assert_eq!(rows(&server, "memberships", &org).await, 1);

    let mine = ada.get("/me/organizations").await;
    mine.assert_status(200);
    let list = mine.body["organizations"]
        .as_array()
        .expect("organizations");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0], created.body["organization"]);

    let read = ada.get(&at(&org, "")).await;
    read.assert_status(200);
    assert_eq!(read.body, created.body);

    let entries = audit(&ada, &org).await;
    assert_eq!(actions(&entries), ["organization.created"]);
    assert_eq!(entries[0]["details"], json!({ "name": "Acme Research" }));
    assert_eq!(entries[0]["actor_id"], ada.user_id());
    assert_eq!(entries[0]["actor_name"], "ada");
    assert_eq!(entries[0]["target_type"], "organization");
    assert_eq!(entries[0]["target_id"], org);

    let too_long = "x".repeat(201);
    for name in ["", "   ", too_long.as_str(), "tab\tname"] {
        let refused = ada.post("/organizations", json!({ "name": name })).await;
        assert_invalid(&refused, "name");
    }
    assert_invalid(&ada.post("/organizations", json!({})).await, "name");
    assert_eq!(server.count("SELECT COUNT(*) FROM organizations").await, 1);
    assert_eq!(server.count("SELECT COUNT(*) FROM memberships").await, 1);

    let bob = server.sign_up("bob").await;
    bob.get(&at(&org, ""))
        .await
        .assert_problem(404, "not_found");
    let bobs = bob.get("/me/organizations").await;
    assert_eq!(bobs.body["organizations"], json!([]));
}

async fn owners_and_admins_rename_an_organization_and_the_audit_log_keeps_both_names(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let renamed = ada
        .patch(&at(&org, ""), json!({ "name": " Acme Labs " }))
        .await;
    renamed.assert_status(200);
    assert_eq!(renamed.body["organization"]["id"], org);
    assert_eq!(renamed.body["organization"]["name"], "Acme Labs");
    assert_eq!(renamed.body["organization"]["role"], "owner");
    let read = ada.get(&at(&org, "")).await;
    assert_eq!(read.body["organization"]["name"], "Acme Labs");
    let entries = audit(&ada, &org).await;
    assert_eq!(entries[0]["action"], "organization.renamed");
    assert_eq!(
        entries[0]["details"],
        json!({ "from": "Acme", "to": "Acme Labs" })
    );
    assert_eq!(entries[0]["actor_id"], ada.user_id());
    assert_eq!(entries[0]["target_type"], "organization");
    assert_eq!(entries[0]["target_id"], org);

    let admin = server.member(&ada, &org, "admin", "admin").await;
    let by_admin = admin
        .patch(&at(&org, ""), json!({ "name": "Acme Research" }))
        .await;
    by_admin.assert_status(200);
    assert_eq!(by_admin.body["organization"]["role"], "admin");
    let entries = audit(&ada, &org).await;
    assert_eq!(
        entries[0]["details"],
        json!({ "from": "Acme Labs", "to": "Acme Research" })
    );
    assert_eq!(entries[0]["actor_id"], admin.user_id());

    let before = snapshot(&server, &org).await;
    for role in ["manager", "reviewer", "annotator", "viewer"] {
        let member = server.member(&ada, &org, role, role).await;
        member
            .patch(&at(&org, ""), json!({ "name": "Mine" }))
            .await
            .assert_problem(403, "permission_denied");
    }
    assert_invalid(
        &ada.patch(&at(&org, ""), json!({ "name": "  " })).await,
        "name",
    );
    let after = snapshot(&server, &org).await;
    // Four members were added and accepted meanwhile (four memberships, eight audit entries).
    assert_eq!(after[1], before[1] + 4);
    assert_eq!(after[4], before[4] + 8);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM organizations WHERE name = 'Acme Research'")
            .await,
        1
    );
    assert_eq!(
        actions(&audit(&ada, &org).await)
            .iter()
            .filter(|action| **action == "organization.renamed")
            .count(),
        2
    );
}

async fn only_the_owner_deletes_an_organization_and_then_nobody_sees_it(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let other = server.organization(&ada, "Other").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    let annotator = server.member(&ada, &org, "annotator", "annotator").await;
    invite(&ada, &org, "grace@example.com", "reviewer").await;

    let before = snapshot(&server, &org).await;
    for refused in [&admin, &manager, &annotator] {
        refused
            .delete(&at(&org, ""))
            .await
            .assert_problem(403, "permission_denied");
    }
    assert_eq!(snapshot(&server, &org).await, before);

    let deleted = ada.delete(&at(&org, "")).await;
    deleted.assert_status(204);
    assert!(deleted.body.is_null());
    ada.get(&at(&org, ""))
        .await
        .assert_problem(404, "not_found");
    annotator
        .get(&at(&org, ""))
        .await
        .assert_problem(404, "not_found");
    admin
        .get(&at(&org, "/members"))
        .await
        .assert_problem(404, "not_found");
    let theirs = annotator.get("/me/organizations").await;
    assert_eq!(theirs.body["organizations"], json!([]));
    let mine = ada.get("/me/organizations").await;
    assert_eq!(
        strings(mine.body["organizations"].as_array().expect("list"), "id"),
        [other.as_str()]
    );
    assert_eq!(snapshot(&server, &org).await, [0, 0, 0, 0, 0]);
    assert_eq!(rows(&server, "memberships", &other).await, 1);
    ada.delete(&at(&org, ""))
        .await
        .assert_problem(404, "not_found");
}

// ---------------------------------------------------------------- members

async fn adding_a_member_by_email_makes_a_pending_membership_without_access_until_accepted(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let project = create_project(&ada, &org, "Cats", 1).await;
    let bob = server.sign_up("bob").await;
    let bob_token = bob.token(json!({})).await;
    let added = ada
        .post(
            &at(&org, "/members"),
            json!({ "email": " BOB@Example.com ", "role": "viewer" }),
        )
        .await;
    added.assert_status(201);
    let member = &added.body["member"];
    assert_eq!(member["user_id"], bob.user_id());
    assert_eq!(member["name"], "bob");
    assert_eq!(member["email"], "bob@example.com");
    assert_eq!(member["role"], "viewer");
    assert_eq!(member["status"], "pending");
    let added_at = timestamp(&member["joined_at"]);
    assert!(has_role(&server, &org, &bob.user_id(), "viewer").await);
    let listed = members(&ada, &org).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["status"], "active");
    assert_eq!(listed[1], *member);

    // Pending: no access at all, by session or by token, on organization and
    // project routes alike; the organization is not among bob's.
    for client in [&bob, &bob_token] {
        let theirs = client.get("/me/organizations").await;
        assert_eq!(theirs.body["organizations"], json!([]));
        for path in [
            at(&org, ""),
            at(&org, "/members"),
            at(&org, "/projects"),
            format!("/projects/{project}"),
            format!("/projects/{project}/items"),
        ] {
            client.get(&path).await.assert_problem(404, "not_found");
        }
    }
    let assigned = ada
        .post(
            &format!("/projects/{project}/members"),
            json!({ "user_id": bob.user_id() }),
        )
        .await;
    assert_invalid(&assigned, "user_id");
    assert_eq!(assigned.body["errors"][0]["code"], "not_a_member");

    let pending = bob.get("/me/pending-memberships").await;
    pending.assert_status(200);
    assert_eq!(
        pending.body["pending_memberships"],
        json!([{
            "organization_id": org,
            "organization_name": "Acme",
            "role": "viewer",
            "added_by": { "user_id": ada.user_id(), "name": "ada", "email": ada.email() },
            "added_at": member["joined_at"],
        }])
    );
    assert!(pending.body["pagination"]["next"].is_null());
    assert_eq!(
        ada.get("/me/pending-memberships").await.body["pending_memberships"],
        json!([])
    );

    let accepted = bob
        .post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
        .await;
    accepted.assert_status(200);
    assert_eq!(accepted.body["organization"]["id"], org);
    assert_eq!(accepted.body["organization"]["name"], "Acme");
    assert_eq!(accepted.body["organization"]["role"], "viewer");
    assert_eq!(
        bob.get("/me/pending-memberships").await.body["pending_memberships"],
        json!([])
    );
    bob.post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
        .await
        .assert_problem(409, "already_member");
    bob.post(&format!("/me/pending-memberships/{org}/decline"), json!({}))
        .await
        .assert_problem(409, "already_member");

    for client in [&bob, &bob_token] {
        let theirs = client.get("/me/organizations").await;
        assert_eq!(theirs.body["organizations"][0]["id"], org);
        assert_eq!(theirs.body["organizations"][0]["role"], "viewer");
        for path in [
            at(&org, ""),
            at(&org, "/members"),
            at(&org, "/projects"),
            format!("/projects/{project}"),
            format!("/projects/{project}/items"),
        ] {
            client.get(&path).await.assert_status(200);
        }
    }
    let listed = members(&ada, &org).await;
    assert_eq!(listed[1]["status"], "active");
    assert!(timestamp(&listed[1]["joined_at"]) >= added_at);
    ada.post(
        &format!("/projects/{project}/members"),
        json!({ "user_id": bob.user_id() }),
    )
    .await
    .assert_status(201);

    let entries = audit(&ada, &org).await;
    assert_eq!(
        actions(&entries[..3]),
        ["project.member_assigned", "member.accepted", "member.added"]
    );
    assert_eq!(entries[1]["actor_id"], bob.user_id());
    assert_eq!(entries[1]["target_id"], bob.user_id());
    assert_eq!(
        entries[1]["details"],
        json!({ "role": "viewer", "added_by": ada.user_id() })
    );
    assert_eq!(
        entries[2]["details"],
        json!({ "email": "bob@example.com", "role": "viewer", "status": "pending" })
    );
    assert_eq!(entries[2]["target_type"], "member");
    assert_eq!(entries[2]["target_id"], bob.user_id());
    assert_eq!(entries[2]["actor_id"], ada.user_id());
}

async fn declining_a_pending_membership_deletes_it_and_the_account_can_be_added_again(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bob = server.sign_up("bob").await;
    let carol = server.sign_up("carol").await;
    let add = json!({ "email": bob.email(), "role": "annotator" });
    ada.post(&at(&org, "/members"), add.clone())
        .await
        .assert_status(201);

    // Only bob's own: another account, and an organization he is not pending in, find nothing.
    for (client, target) in [
        (&carol, org.as_str()),
        (&bob, "00000000-0000-0000-0000-000000000000"),
    ] {
        for verb in ["accept", "decline"] {
            client
                .post(
                    &format!("/me/pending-memberships/{target}/{verb}"),
                    json!({}),
                )
                .await
                .assert_problem(404, "not_found");
        }
    }
    bob.post("/me/pending-memberships/not-a-uuid/accept", json!({}))
        .await
        .assert_problem(404, "not_found");

    let declined = bob
        .post(&format!("/me/pending-memberships/{org}/decline"), json!({}))
        .await;
    declined.assert_status(204);
    assert!(!is_member(&server, &org, &bob.user_id()).await);
    assert_eq!(
        bob.get("/me/pending-memberships").await.body["pending_memberships"],
        json!([])
    );
    bob.post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
        .await
        .assert_problem(404, "not_found");
    let entries = audit(&ada, &org).await;
    assert_eq!(entries[0]["action"], "member.declined");
    assert_eq!(entries[0]["actor_id"], bob.user_id());
    assert_eq!(
        entries[0]["details"],
        json!({ "role": "annotator", "added_by": ada.user_id() })
    );

    ada.post(&at(&org, "/members"), add)
        .await
        .assert_status(201);
    assert_eq!(
        bob.get("/me/pending-memberships").await.body["pending_memberships"][0]["organization_id"],
        org
    );
}

async fn a_pending_member_is_cancelled_not_re_roled_and_is_no_owner_yet(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bob = server.sign_up("bob").await;
    let zoe = server.sign_up("zoe").await;
    for (user, role) in [(&bob, "annotator"), (&zoe, "owner")] {
        ada.post(
            &at(&org, "/members"),
            json!({ "email": user.email(), "role": role }),
        )
        .await
        .assert_status(201);
    }
    ada.patch(
        &member_path(&org, &bob.user_id()),
        json!({ "role": "reviewer" }),
    )
    .await
    .assert_problem(409, "member_pending");
    assert!(has_role(&server, &org, &bob.user_id(), "annotator").await);

    // zoe has not accepted: ada is still the only owner.
    ada.delete(&member_path(&org, &ada.user_id()))
        .await
        .assert_problem(409, "last_owner");
    ada.delete(&member_path(&org, &bob.user_id()))
        .await
        .assert_status(204);
    assert!(!is_member(&server, &org, &bob.user_id()).await);
    bob.post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
        .await
        .assert_problem(404, "not_found");
    let entries = audit(&ada, &org).await;
    assert_eq!(entries[0]["action"], "member.removed");
    assert_eq!(
        entries[0]["details"],
        json!({ "role": "annotator", "status": "pending" })
    );

    zoe.post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
        .await
        .assert_status(200);
    zoe.delete(&member_path(&org, &ada.user_id()))
        .await
        .assert_status(204);
}

async fn a_pending_membership_its_adder_could_no_longer_give_is_withdrawn(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let removed_admin = server.member(&ada, &org, "removed-admin", "admin").await;
    let demoted_admin = server.member(&ada, &org, "demoted-admin", "admin").await;
    let bob = server.sign_up("bob").await;
    let carl = server.sign_up("carl").await;
    let dave = server.sign_up("dave").await;
    for (adder, user, role) in [
        (&removed_admin, &bob, "manager"),
        (&demoted_admin, &carl, "viewer"),
        (&demoted_admin, &dave, "annotator"),
    ] {
        adder
            .post(
                &at(&org, "/members"),
                json!({ "email": user.email(), "role": role }),
            )
            .await
            .assert_status(201);
    }
    ada.delete(&member_path(&org, &removed_admin.user_id()))
        .await
        .assert_status(204);
    ada.patch(
        &member_path(&org, &demoted_admin.user_id()),
        json!({ "role": "manager" }),
    )
    .await
    .assert_status(200);

    // A manager cannot add viewers, nobody removed can add anyone; a manager still adds annotators.
    for user in [&bob, &carl] {
        let refused = user
            .post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
            .await;
        refused.assert_problem(410, "membership_withdrawn");
        assert_eq!(refused.content_type(), "application/problem+json");
        user.get(&at(&org, ""))
            .await
            .assert_problem(404, "not_found");
        user.post(&format!("/me/pending-memberships/{org}/decline"), json!({}))
            .await
            .assert_status(204);
    }
    dave.post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
        .await
        .assert_status(200);
    dave.get(&at(&org, "")).await.assert_status(200);
}

async fn adding_an_unknown_email_or_an_invalid_role_is_a_validation_error(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    server.sign_up("bob").await;
    let before = snapshot(&server, &org).await;

    let unknown = ada
        .post(
            &at(&org, "/members"),
            json!({ "email": "nobody@example.com", "role": "annotator" }),
        )
        .await;
    assert_invalid(&unknown, "email");
    assert_eq!(unknown.body["errors"][0]["code"], "unknown_account");

    let malformed = ada
        .post(
            &at(&org, "/members"),
            json!({ "email": "not-an-email", "role": "annotator" }),
        )
        .await;
    assert_invalid(&malformed, "email");
    assert_eq!(malformed.body["errors"][0]["code"], "invalid");

    let bad_role = ada
        .post(
            &at(&org, "/members"),
            json!({ "email": "bob@example.com", "role": "superuser" }),
        )
        .await;
    assert_invalid(&bad_role, "role");
    let no_role = ada
        .post(&at(&org, "/members"), json!({ "email": "bob@example.com" }))
        .await;
    assert_invalid(&no_role, "role");
    assert_eq!(no_role.body["errors"][0]["code"], "required");
    assert_eq!(snapshot(&server, &org).await, before);
}

async fn adding_someone_who_is_already_a_member_conflicts_and_changes_nothing(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bob = server.member(&ada, &org, "bob", "annotator").await;
    let before = snapshot(&server, &org).await;
    ada.post(
        &at(&org, "/members"),
        json!({ "email": "Bob@example.com", "role": "reviewer" }),
    )
    .await
    .assert_problem(409, "already_member");
    ada.post(
        &at(&org, "/members"),
        json!({ "email": ada.email(), "role": "annotator" }),
    )
    .await
    .assert_problem(409, "already_member");
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(has_role(&server, &org, &bob.user_id(), "annotator").await);
    assert!(has_role(&server, &org, &ada.user_id(), "owner").await);
}

async fn admins_grant_manager_viewer_reviewer_and_annotator_but_not_admin_or_owner(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    for role in ["manager", "viewer", "reviewer", "annotator"] {
        let user = server.sign_up(&format!("new-{role}")).await;
        let added = admin
            .post(
                &at(&org, "/members"),
                json!({ "email": user.email(), "role": role }),
            )
            .await;
        added.assert_status(201);
        assert_eq!(added.body["member"]["role"], role);
        assert!(has_role(&server, &org, &user.user_id(), role).await);
    }
    let before = snapshot(&server, &org).await;
    for role in ["admin", "owner"] {
        let user = server.sign_up(&format!("would-be-{role}")).await;
        admin
            .post(
                &at(&org, "/members"),
                json!({ "email": user.email(), "role": role }),
            )
            .await
            .assert_problem(403, "role_not_grantable");
        assert!(!is_member(&server, &org, &user.user_id()).await);
    }
    assert_eq!(snapshot(&server, &org).await, before);
    assert_eq!(before[1], 6);
}

async fn admins_cannot_re_role_or_remove_admins_or_owners(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let other_admin = server.member(&ada, &org, "other-admin", "admin").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    let before = snapshot(&server, &org).await;

    for target in [&other_admin, &ada] {
        admin
            .patch(
                &member_path(&org, &target.user_id()),
                json!({ "role": "reviewer" }),
            )
            .await
            .assert_problem(403, "role_not_grantable");
        admin
            .delete(&member_path(&org, &target.user_id()))
            .await
            .assert_problem(403, "role_not_grantable");
    }
    for role in ["admin", "owner"] {
        admin
            .patch(
                &member_path(&org, &manager.user_id()),
                json!({ "role": role }),
            )
            .await
            .assert_problem(403, "role_not_grantable");
    }
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(has_role(&server, &org, &other_admin.user_id(), "admin").await);
    assert!(has_role(&server, &org, &ada.user_id(), "owner").await);
    assert!(has_role(&server, &org, &manager.user_id(), "manager").await);

    let changed = admin
        .patch(
            &member_path(&org, &manager.user_id()),
            json!({ "role": "viewer" }),
        )
        .await;
    changed.assert_status(200);
    assert_eq!(changed.body["member"]["user_id"], manager.user_id());
    assert_eq!(changed.body["member"]["role"], "viewer");
    assert_eq!(changed.body["member"]["email"], manager.email());
    assert!(has_role(&server, &org, &manager.user_id(), "viewer").await);
    admin
        .delete(&member_path(&org, &manager.user_id()))
        .await
        .assert_status(204);
    assert!(!is_member(&server, &org, &manager.user_id()).await);
}

async fn managers_add_only_reviewers_and_annotators(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    for role in ["reviewer", "annotator"] {
        let user = server.sign_up(&format!("new-{role}")).await;
        let added = manager
            .post(
                &at(&org, "/members"),
                json!({ "email": user.email(), "role": role }),
            )
            .await;
        added.assert_status(201);
        assert_eq!(added.body["member"]["email"], user.email());
        assert!(has_role(&server, &org, &user.user_id(), role).await);
    }
    let before = snapshot(&server, &org).await;
    for role in ["manager", "viewer", "admin", "owner"] {
        let user = server.sign_up(&format!("would-be-{role}")).await;
        manager
            .post(
                &at(&org, "/members"),
                json!({ "email": user.email(), "role": role }),
            )
            .await
            .assert_problem(403, "role_not_grantable");
    }
    assert_eq!(snapshot(&server, &org).await, before);
    assert_eq!(before[1], 4);
}

async fn managers_re_role_and_remove_only_reviewers_and_annotators(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    let other_manager = server.member(&ada, &org, "other-manager", "manager").await;
    let viewer = server.member(&ada, &org, "viewer", "viewer").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let first = server.member(&ada, &org, "first", "annotator").await;
    let second = server.member(&ada, &org, "second", "reviewer").await;

    manager
        .patch(
            &member_path(&org, &first.user_id()),
            json!({ "role": "reviewer" }),
        )
        .await
        .assert_status(200);
    manager
        .patch(
            &member_path(&org, &second.user_id()),
            json!({ "role": "annotator" }),
        )
        .await
        .assert_status(200);
    assert!(has_role(&server, &org, &first.user_id(), "reviewer").await);
    assert!(has_role(&server, &org, &second.user_id(), "annotator").await);

    let before = snapshot(&server, &org).await;
    for (target, role) in [(&first, "viewer"), (&second, "manager"), (&second, "admin")] {
        manager
            .patch(
                &member_path(&org, &target.user_id()),
                json!({ "role": role }),
            )
            .await
            .assert_problem(403, "role_not_grantable");
    }
    for (target, role) in [
        (&other_manager, "manager"),
        (&viewer, "viewer"),
        (&admin, "admin"),
        (&ada, "owner"),
    ] {
        manager
            .patch(
                &member_path(&org, &target.user_id()),
                json!({ "role": "annotator" }),
            )
            .await
            .assert_problem(403, "role_not_grantable");
        manager
            .delete(&member_path(&org, &target.user_id()))
            .await
            .assert_problem(403, "role_not_grantable");
        assert!(has_role(&server, &org, &target.user_id(), role).await);
    }
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(has_role(&server, &org, &first.user_id(), "reviewer").await);
    assert!(has_role(&server, &org, &second.user_id(), "annotator").await);

    for target in [&first, &second] {
        manager
            .delete(&member_path(&org, &target.user_id()))
            .await
            .assert_status(204);
        assert!(!is_member(&server, &org, &target.user_id()).await);
    }
    assert_eq!(rows(&server, "memberships", &org).await, 5);
}

async fn reviewers_annotators_and_viewers_cannot_add_re_role_or_remove_members(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let target = server.member(&ada, &org, "target", "annotator").await;
    let outsider = server.sign_up("outsider").await;
    for role in ["reviewer", "annotator", "viewer"] {
        let member = server.member(&ada, &org, role, role).await;
        let before = snapshot(&server, &org).await;
        member
            .post(
                &at(&org, "/members"),
                json!({ "email": outsider.email(), "role": "annotator" }),
            )
            .await
            .assert_problem(403, "permission_denied");
        member
            .patch(
                &member_path(&org, &target.user_id()),
                json!({ "role": "reviewer" }),
            )
            .await
            .assert_problem(403, "permission_denied");
        member
            .delete(&member_path(&org, &target.user_id()))
            .await
            .assert_problem(403, "permission_denied");
        assert_eq!(snapshot(&server, &org).await, before);
    }
    assert!(has_role(&server, &org, &target.user_id(), "annotator").await);
    assert!(!is_member(&server, &org, &outsider.user_id()).await);
}

async fn only_owners_grant_the_owner_role(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    let zoe = server.sign_up("zoe").await;
    let before = snapshot(&server, &org).await;
    for granter in [&admin, &manager] {
        granter
            .post(
                &at(&org, "/members"),
                json!({ "email": zoe.email(), "role": "owner" }),
            )
            .await
            .assert_problem(403, "role_not_grantable");
    }
    admin
        .patch(
            &member_path(&org, &manager.user_id()),
            json!({ "role": "owner" }),
        )
        .await
        .assert_problem(403, "role_not_grantable");
    assert_eq!(snapshot(&server, &org).await, before);
    assert_eq!(owners(&server, &org).await, 1);

    let added = ada
        .post(
            &at(&org, "/members"),
            json!({ "email": zoe.email(), "role": "owner" }),
        )
        .await;
    added.assert_status(201);
    assert_eq!(added.body["member"]["role"], "owner");
    let promoted = ada
        .patch(
            &member_path(&org, &admin.user_id()),
            json!({ "role": "owner" }),
        )
        .await;
    promoted.assert_status(200);
    assert_eq!(promoted.body["member"]["role"], "owner");
    assert_eq!(owners(&server, &org).await, 3);
    let entries = audit(&ada, &org).await;
    assert_eq!(entries[0]["action"], "member.role_changed");
    assert_eq!(
        entries[0]["details"],
        json!({ "from": "admin", "to": "owner" })
    );
}

async fn nobody_changes_their_own_role(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bea = server.member(&ada, &org, "bea", "owner").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    let before = snapshot(&server, &org).await;
    for (client, roles) in [
        (&ada, ["admin", "owner", "annotator"]),
        (&bea, ["admin", "owner", "viewer"]),
        (&admin, ["owner", "admin", "manager"]),
        (&manager, ["admin", "manager", "annotator"]),
    ] {
        for role in roles {
            client
                .patch(
                    &member_path(&org, &client.user_id()),
                    json!({ "role": role }),
                )
                .await
                .assert_problem(403, "cannot_change_own_role");
        }
    }
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(has_role(&server, &org, &ada.user_id(), "owner").await);
    assert!(has_role(&server, &org, &bea.user_id(), "owner").await);
    assert!(has_role(&server, &org, &admin.user_id(), "admin").await);
    assert!(has_role(&server, &org, &manager.user_id(), "manager").await);
}

async fn the_last_owner_cannot_be_removed_or_demoted(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let before = snapshot(&server, &org).await;
    ada.delete(&member_path(&org, &ada.user_id()))
        .await
        .assert_problem(409, "last_owner");
    // The only one who could demote the sole owner is that owner.
    ada.patch(
        &member_path(&org, &ada.user_id()),
        json!({ "role": "admin" }),
    )
    .await
    .assert_problem(403, "cannot_change_own_role");
    admin
        .patch(
            &member_path(&org, &ada.user_id()),
            json!({ "role": "admin" }),
        )
        .await
        .assert_problem(403, "role_not_grantable");
    admin
        .delete(&member_path(&org, &ada.user_id()))
        .await
        .assert_problem(403, "role_not_grantable");
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(has_role(&server, &org, &ada.user_id(), "owner").await);
    assert_eq!(owners(&server, &org).await, 1);
}

async fn with_two_owners_one_can_demote_or_remove_the_other(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bea = server.member(&ada, &org, "bea", "owner").await;

    let demoted = bea
        .patch(
            &member_path(&org, &ada.user_id()),
            json!({ "role": "admin" }),
        )
        .await;
    demoted.assert_status(200);
    assert_eq!(demoted.body["member"]["role"], "admin");
    assert_eq!(owners(&server, &org).await, 1);

    // Bea is now the last owner: the demoted admin cannot touch her, nor can she leave.
    let before = snapshot(&server, &org).await;
    ada.patch(
        &member_path(&org, &bea.user_id()),
        json!({ "role": "admin" }),
    )
    .await
    .assert_problem(403, "role_not_grantable");
    ada.delete(&member_path(&org, &bea.user_id()))
        .await
        .assert_problem(403, "role_not_grantable");
    bea.delete(&member_path(&org, &bea.user_id()))
        .await
        .assert_problem(409, "last_owner");
    assert_eq!(snapshot(&server, &org).await, before);

    bea.patch(
        &member_path(&org, &ada.user_id()),
        json!({ "role": "owner" }),
    )
    .await
    .assert_status(200);
    assert_eq!(owners(&server, &org).await, 2);
    ada.delete(&member_path(&org, &bea.user_id()))
        .await
        .assert_status(204);
    assert_eq!(owners(&server, &org).await, 1);
    assert!(!is_member(&server, &org, &bea.user_id()).await);
    bea.get(&at(&org, ""))
        .await
        .assert_problem(404, "not_found");
    ada.delete(&member_path(&org, &ada.user_id()))
        .await
        .assert_problem(409, "last_owner");
    assert!(has_role(&server, &org, &ada.user_id(), "owner").await);
}

async fn two_owners_demoting_each_other_at_once_leave_exactly_one_owner(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bea = server.member(&ada, &org, "bea", "owner").await;
    let ada_path = member_path(&org, &ada.user_id());
    let bea_path = member_path(&org, &bea.user_id());
    for round in 0..4 {
        let (by_ada, by_bea) = tokio::join!(
            ada.patch(&bea_path, json!({ "role": "admin" })),
            bea.patch(&ada_path, json!({ "role": "admin" })),
        );
        let succeeded = [&by_ada, &by_bea]
            .iter()
            .filter(|answer| answer.status.as_u16() == 200)
            .count();
        assert_eq!(
            succeeded, 1,
            "round {round}: {} / {}",
            by_ada.body, by_bea.body
        );
        let (winner, loser, refused) = if by_ada.status.as_u16() == 200 {
            (&ada, &bea, &by_bea)
        } else {
            (&bea, &ada, &by_ada)
        };
        // Refused either inside the transaction (the other is no longer an
        // owner to spare) or by its permit (the caller is no longer an owner).
        assert!(
            matches!(
                (refused.status.as_u16(), refused.code()),
                (409, "last_owner") | (403, "role_not_grantable")
            ),
            "round {round}: {}",
            refused.body
        );
        assert_eq!(owners(&server, &org).await, 1, "round {round}");
        assert!(has_role(&server, &org, &winner.user_id(), "owner").await);
        assert!(has_role(&server, &org, &loser.user_id(), "admin").await);
        winner
            .patch(
                &member_path(&org, &loser.user_id()),
                json!({ "role": "owner" }),
            )
            .await
            .assert_status(200);
    }
}

async fn additions_role_changes_and_removals_are_audited(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bob = server.member(&ada, &org, "bob", "annotator").await;
    ada.patch(
        &member_path(&org, &bob.user_id()),
        json!({ "role": "reviewer" }),
    )
    .await
    .assert_status(200);
    ada.delete(&member_path(&org, &bob.user_id()))
        .await
        .assert_status(204);

    let entries = audit(&ada, &org).await;
    assert_eq!(
        actions(&entries),
        [
            "member.removed",
            "member.role_changed",
            "member.accepted",
            "member.added",
            "organization.created"
        ]
    );
    // Bob accepted the membership himself.
    assert_eq!(entries[2]["actor_id"], bob.user_id());
    assert_eq!(entries[2]["target_id"], bob.user_id());
    assert_eq!(
        entries[2]["details"],
        json!({ "role": "annotator", "added_by": ada.user_id() })
    );
    let expected_details = [
        json!({ "role": "reviewer", "status": "active" }),
        json!({ "from": "annotator", "to": "reviewer" }),
        json!({ "email": "bob@example.com", "role": "annotator", "status": "pending" }),
    ];
    let by_ada = [&entries[0], &entries[1], &entries[3]];
    for (entry, details) in by_ada.into_iter().zip(expected_details) {
        assert_eq!(entry["details"], details, "{entry}");
        assert_eq!(entry["target_type"], "member", "{entry}");
        assert_eq!(entry["target_id"], bob.user_id(), "{entry}");
        assert_eq!(entry["actor_id"], ada.user_id(), "{entry}");
        assert_eq!(entry["actor_name"], "ada", "{entry}");
        timestamp(&entry["created_at"]);
    }
    // Refused changes leave no trace.
    let before = rows(&server, "audit_log", &org).await;
    ada.patch(
        &member_path(&org, &bob.user_id()),
        json!({ "role": "annotator" }),
    )
    .await
    .assert_problem(404, "not_found");
    ada.delete(&member_path(&org, &ada.user_id()))
        .await
        .assert_problem(409, "last_owner");
    assert_eq!(rows(&server, "audit_log", &org).await, before);
}

async fn changing_or_removing_someone_who_is_not_a_member_is_not_found(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let stranger = server.sign_up("stranger").await;
    let unknown = uuid::Uuid::now_v7().to_string();
    let before = snapshot(&server, &org).await;
    for user_id in [stranger.user_id(), unknown, "not-a-uuid".to_owned()] {
        ada.patch(&member_path(&org, &user_id), json!({ "role": "reviewer" }))
            .await
            .assert_problem(404, "not_found");
        ada.delete(&member_path(&org, &user_id))
            .await
            .assert_problem(404, "not_found");
    }
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(!is_member(&server, &org, &stranger.user_id()).await);
}

// ---------------------------------------------------------------- member list

async fn owners_admins_managers_and_viewers_see_every_member_with_email(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let mut everyone = vec![(ada.clone(), "owner")];
    for role in ["admin", "manager", "reviewer", "annotator", "viewer"] {
        everyone.push((server.member(&ada, &org, role, role).await, role));
    }
    let expected: Vec<Value> = everyone
        .iter()
        .map(|(client, role)| {
            json!({
                "user_id": client.user_id(),
                "name": client.email().trim_end_matches("@example.com"),
                "email": client.email(),
                "role": role,
                "status": "active",
            })
        })
        .collect();
    for (client, role) in &everyone {
        if ["reviewer", "annotator"].contains(role) {
            continue;
        }
        let seen: Vec<Value> = members(client, &org)
            .await
            .into_iter()
            .map(|mut member| {
                let joined_at = member
                    .as_object_mut()
                    .and_then(|member| member.remove("joined_at"))
                    .expect("joined_at");
                timestamp(&joined_at);
                member
            })
            .collect();
        assert_eq!(seen, expected, "as {role}");
    }
}

async fn reviewers_and_annotators_see_only_themselves_and_no_emails_without_shared_projects(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    server.member(&ada, &org, "admin", "admin").await;
    let reviewer = server.member(&ada, &org, "reviewer", "reviewer").await;
    let annotator = server.member(&ada, &org, "annotator", "annotator").await;
    server.member(&ada, &org, "other", "annotator").await;
    assert_eq!(members(&ada, &org).await.len(), 5);
    for (client, role) in [(&reviewer, "reviewer"), (&annotator, "annotator")] {
        let seen = members(client, &org).await;
        assert_eq!(seen.len(), 1, "as {role}: {seen:?}");
        assert_eq!(seen[0]["user_id"], client.user_id());
        assert_eq!(seen[0]["name"], role);
        assert_eq!(seen[0]["role"], role);
        assert_eq!(seen[0].get("email"), Some(&Value::Null), "as {role}");
        let raw = client.get(&at(&org, "/members")).await;
        assert!(!raw.body.to_string().contains("@example.com"), "as {role}");
    }
}

async fn the_member_list_pages_through_every_member_in_joining_order(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let mut joined = vec![ada.user_id()];
    for name in ["m1", "m2", "m3", "m4"] {
        joined.push(server.member(&ada, &org, name, "annotator").await.user_id());
    }
    let all = members(&ada, &org).await;
    assert_eq!(strings(&all, "user_id"), joined);

    let first = ada.get(&at(&org, "/members?limit=1")).await;
    first.assert_status(200);
    assert_eq!(first.body["pagination"]["limit"], 1);
    let next = first.body["pagination"]["next"].as_str().expect("next");
    assert!(
        next.starts_with(&format!("/api/v1/organizations/{org}/members?")),
        "{next}"
    );
    assert!(next.contains("limit=1"), "{next}");

    let (paged, sizes) = walk(&ada, &at(&org, "/members?limit=1"), "members").await;
    assert_eq!(sizes, [1, 1, 1, 1, 1]);
    assert_eq!(paged, all);
    let (paged, sizes) = walk(&ada, &at(&org, "/members?limit=2"), "members").await;
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(paged, all);
    let (paged, sizes) = walk(&ada, &at(&org, "/members?limit=5"), "members").await;
    assert_eq!(sizes, [5]);
    assert_eq!(paged, all);
}

async fn lists_refuse_limits_outside_1_to_1000_and_garbage_cursors(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    for list in ["/members", "/invitations", "/audit-log"] {
        let path = at(&org, list);
        for limit in ["0", "1001", "-1", "ten"] {
            let answer = ada.get(&format!("{path}?limit={limit}")).await;
            assert_invalid(&answer, "limit");
        }
        // Not base64; base64 of "not json"; base64 of `1`, JSON but not a key.
        for cursor in ["not*a*cursor", "bm90IGpzb24", "MQ"] {
            let answer = ada.get(&format!("{path}?cursor={cursor}")).await;
            assert_invalid(&answer, "cursor");
        }
        ada.get(&format!("{path}?limit=1000"))
            .await
            .assert_status(200);
        ada.get(&format!("{path}?limit=1&cursor="))
            .await
            .assert_status(200);
    }
}

// ---------------------------------------------------------------- invitations

async fn creating_an_invitation_answers_it_pending_with_an_lwi_token_shown_once(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let created = ada
        .post(
            &at(&org, "/invitations"),
            json!({ "email": "Grace@Example.com", "role": "reviewer" }),
        )
        .await;
    created.assert_status(201);
    let invitation = &created.body["invitation"];
    let id = created.id("invitation");
    assert_eq!(invitation["status"], "pending");
    assert_eq!(invitation["email"], "Grace@Example.com");
    assert_eq!(invitation["role"], "reviewer");
    assert_eq!(invitation["organization_id"], org);
    assert_eq!(invitation["invited_by"], ada.user_id());
    assert_eq!(
        timestamp(&invitation["expires_at"]) - timestamp(&invitation["created_at"]),
        time::Duration::days(7)
    );
    let token = created.body["token"].as_str().expect("token");
    assert!(token.starts_with("lwi_"), "{token}");
    assert!(token.len() > 40, "{token}");
    assert_eq!(
        server
            .count(&format!(
                "SELECT COUNT(*) FROM invitations WHERE token_hash = '{token}'"
            ))
            .await,
        0,
        "the token itself is never stored"
    );

    let listed = ada.get(&at(&org, "/invitations")).await;
    listed.assert_status(200);
    assert_eq!(listed.body["invitations"], json!([invitation]));
    assert!(!listed.body.to_string().contains(token));

    let entries = audit(&ada, &org).await;
    assert_eq!(entries[0]["action"], "invitation.created");
    assert_eq!(entries[0]["target_type"], "invitation");
    assert_eq!(entries[0]["target_id"], id);
    assert_eq!(
        entries[0]["details"],
        json!({ "email": "Grace@Example.com", "role": "reviewer" })
    );

    let short = ada
        .post(
            &at(&org, "/invitations"),
            json!({ "email": "henry@example.com", "role": "annotator", "expires_in_days": 3 }),
        )
        .await;
    short.assert_status(201);
    assert_eq!(
        timestamp(&short.body["invitation"]["expires_at"])
            - timestamp(&short.body["invitation"]["created_at"]),
        time::Duration::days(3)
    );

    let before = snapshot(&server, &org).await;
    for days in [0, 31] {
        let refused = ada
            .post(
                &at(&org, "/invitations"),
                json!({ "email": "ivy@example.com", "role": "annotator", "expires_in_days": days }),
            )
            .await;
        assert_invalid(&refused, "expires_in_days");
    }
    assert_invalid(
        &ada.post(
            &at(&org, "/invitations"),
            json!({ "email": "ivy", "role": "annotator" }),
        )
        .await,
        "email",
    );
    assert_invalid(
        &ada.post(
            &at(&org, "/invitations"),
            json!({ "email": "ivy@example.com", "role": "boss" }),
        )
        .await,
        "role",
    );
    assert_eq!(snapshot(&server, &org).await, before);
}

async fn accepting_an_invitation_joins_with_the_invited_role_and_the_token_is_single_use(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let (id, token) = invite(&ada, &org, "grace@example.com", "reviewer").await;
    let grace = server.sign_up("grace").await;
    grace
        .get(&at(&org, ""))
        .await
        .assert_problem(404, "not_found");

    let accepted = accept(&grace, &token).await;
    accepted.assert_status(200);
    assert_eq!(accepted.body["organization"]["id"], org);
    assert_eq!(accepted.body["organization"]["name"], "Acme");
    assert_eq!(accepted.body["organization"]["role"], "reviewer");
    assert!(has_role(&server, &org, &grace.user_id(), "reviewer").await);
    let theirs = grace.get("/me/organizations").await;
    assert_eq!(
        theirs.body["organizations"],
        json!([accepted.body["organization"]])
    );
    assert_eq!(invitation_status(&ada, &org, &id).await, "accepted");
    let entries = audit(&ada, &org).await;
    assert_eq!(entries[0]["action"], "invitation.accepted");
    assert_eq!(entries[0]["actor_id"], grace.user_id());
    assert_eq!(entries[0]["target_id"], grace.user_id());
    assert_eq!(
        entries[0]["details"],
        json!({ "invitation_id": id, "role": "reviewer" })
    );

    let before = snapshot(&server, &org).await;
    accept(&grace, &token)
        .await
        .assert_problem(409, "invitation_already_accepted");
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(has_role(&server, &org, &grace.user_id(), "reviewer").await);
}

async fn only_the_invited_email_can_accept_an_invitation(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let (id, token) = invite(&ada, &org, "Grace@Example.COM", "annotator").await;
    let mallory = server.sign_up("mallory").await;
    let before = snapshot(&server, &org).await;
    accept(&mallory, &token)
        .await
        .assert_problem(403, "invitation_for_another_email");
    accept(&ada, &token)
        .await
        .assert_problem(403, "invitation_for_another_email");
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(!is_member(&server, &org, &mallory.user_id()).await);
    assert_eq!(invitation_status(&ada, &org, &id).await, "pending");

    let grace = server.sign_up("grace").await;
    let accepted = accept(&grace, &token).await;
    accepted.assert_status(200);
    assert_eq!(accepted.body["organization"]["role"], "annotator");
    assert!(has_role(&server, &org, &grace.user_id(), "annotator").await);
}

async fn an_expired_invitation_is_gone_and_the_email_can_be_invited_again(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let (id, token) = invite(&ada, &org, "grace@example.com", "annotator").await;
    let grace = server.sign_up("grace").await;
    server
        .exec(&format!(
            "UPDATE invitations SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE id = '{id}'"
        ))
        .await;
    let before = snapshot(&server, &org).await;
    accept(&grace, &token)
        .await
        .assert_problem(410, "invitation_expired");
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(!is_member(&server, &org, &grace.user_id()).await);
    assert_eq!(invitation_status(&ada, &org, &id).await, "expired");

    let (again, fresh) = invite(&ada, &org, "grace@example.com", "reviewer").await;
    accept(&grace, &fresh).await.assert_status(200);
    assert!(has_role(&server, &org, &grace.user_id(), "reviewer").await);
    assert_eq!(invitation_status(&ada, &org, &again).await, "accepted");
    accept(&grace, &token)
        .await
        .assert_problem(410, "invitation_expired");
}

async fn a_revoked_or_unknown_invitation_cannot_be_accepted(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let (id, token) = invite(&ada, &org, "grace@example.com", "annotator").await;
    ada.delete(&at(&org, &format!("/invitations/{id}")))
        .await
        .assert_status(204);
    assert_eq!(invitation_status(&ada, &org, &id).await, "revoked");
    let entries = audit(&ada, &org).await;
    assert_eq!(entries[0]["action"], "invitation.revoked");
    assert_eq!(entries[0]["target_id"], id);
    assert_eq!(
        entries[0]["details"],
        json!({ "email": "grace@example.com", "role": "annotator" })
    );

    let grace = server.sign_up("grace").await;
    let before = snapshot(&server, &org).await;
    accept(&grace, &token)
        .await
        .assert_problem(404, "not_found");
    for unknown in ["lwi_not-a-real-token", "garbage"] {
        accept(&grace, unknown)
            .await
            .assert_problem(404, "not_found");
    }
    for blank in ["", "   "] {
        assert_invalid(&accept(&grace, blank).await, "token");
    }
    assert_invalid(&grace.post("/invitations/accept", json!({})).await, "token");
    server
        .anonymous()
        .post("/invitations/accept", json!({ "token": token }))
        .await
        .assert_problem(401, "unauthenticated");
    assert_eq!(snapshot(&server, &org).await, before);
    assert!(!is_member(&server, &org, &grace.user_id()).await);
}

async fn signing_up_with_an_invitation_token_joins_the_organization_at_once(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let (id, token) = invite(&ada, &org, "grace@example.com", "manager").await;
    let browser = server.anonymous().with_cookies();
    let signed_up = browser
        .post(
            "/auth/signup",
            json!({
                "email": "Grace@example.com",
                "password": PASSWORD,
                "name": "Grace",
                "invitation_token": token,
            }),
        )
        .await;
    signed_up.assert_status(201);
    let grace = browser.signed_in(&signed_up.body);
    assert!(has_role(&server, &org, &grace.user_id(), "manager").await);
    let theirs = grace.get("/me/organizations").await;
    let list = theirs.body["organizations"].as_array().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], org);
    assert_eq!(list[0]["role"], "manager");
    assert_eq!(invitation_status(&ada, &org, &id).await, "accepted");
    assert_eq!(audit(&ada, &org).await[0]["action"], "invitation.accepted");
    accept(&grace, &token)
        .await
        .assert_problem(409, "invitation_already_accepted");
}

async fn signing_up_with_a_bad_invitation_token_creates_no_account(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let (grace_id, grace_token) = invite(&ada, &org, "grace@example.com", "annotator").await;
    let (revoked_id, revoked_token) = invite(&ada, &org, "henry@example.com", "annotator").await;
    ada.delete(&at(&org, &format!("/invitations/{revoked_id}")))
        .await
        .assert_status(204);
    let (expired_id, expired_token) = invite(&ada, &org, "ivy@example.com", "annotator").await;
    server
        .exec(&format!(
            "UPDATE invitations SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE id = '{expired_id}'"
        ))
        .await;
    let before = snapshot(&server, &org).await;
    let users = server.count("SELECT COUNT(*) FROM users").await;
    let sessions = server.count("SELECT COUNT(*) FROM sessions").await;

    let sign_up = |name: &str, token: &str| {
        let body = json!({
            "email": format!("{name}@example.com"),
            "password": PASSWORD,
            "name": name,
            "invitation_token": token,
        });
        let browser = server.anonymous().with_cookies();
        async move { browser.post("/auth/signup", body).await }
    };
    sign_up("grace", "lwi_not-a-real-token")
        .await
        .assert_problem(404, "not_found");
    sign_up("mallory", &grace_token)
        .await
        .assert_problem(403, "invitation_for_another_email");
    sign_up("henry", &revoked_token)
        .await
        .assert_problem(404, "not_found");
    sign_up("ivy", &expired_token)
        .await
        .assert_problem(410, "invitation_expired");

    assert_eq!(server.count("SELECT COUNT(*) FROM users").await, users);
    assert_eq!(
        server.count("SELECT COUNT(*) FROM sessions").await,
        sessions
    );
    assert_eq!(snapshot(&server, &org).await, before);
    assert_eq!(invitation_status(&ada, &org, &grace_id).await, "pending");

    sign_up("grace", &grace_token).await.assert_status(201);
    assert_eq!(server.count("SELECT COUNT(*) FROM users").await, users + 1);
    assert_eq!(invitation_status(&ada, &org, &grace_id).await, "accepted");
}

async fn inviting_a_member_or_an_already_invited_email_conflicts(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    server.member(&ada, &org, "bob", "annotator").await;
    let (id, _) = invite(&ada, &org, "grace@example.com", "annotator").await;
    let before = snapshot(&server, &org).await;
    for email in ["bob@example.com", " BOB@EXAMPLE.COM ", "ada@example.com"] {
        ada.post(
            &at(&org, "/invitations"),
            json!({ "email": email, "role": "reviewer" }),
        )
        .await
        .assert_problem(409, "already_member");
    }
    for email in ["grace@example.com", " GRACE@example.com "] {
        ada.post(
            &at(&org, "/invitations"),
            json!({ "email": email, "role": "reviewer" }),
        )
        .await
        .assert_problem(409, "invitation_pending");
    }
    assert_eq!(snapshot(&server, &org).await, before);
    ada.delete(&at(&org, &format!("/invitations/{id}")))
        .await
        .assert_status(204);
    invite(&ada, &org, "grace@example.com", "reviewer").await;
    assert_eq!(rows(&server, "invitations", &org).await, 2);
}

async fn invitations_follow_the_role_grant_rules_of_members(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    let reviewer = server.member(&ada, &org, "reviewer", "reviewer").await;
    let attempts = [
        (&admin, "owner", 403),
        (&admin, "admin", 403),
        (&admin, "manager", 201),
        (&admin, "viewer", 201),
        (&admin, "reviewer", 201),
        (&admin, "annotator", 201),
        (&manager, "owner", 403),
        (&manager, "admin", 403),
        (&manager, "manager", 403),
        (&manager, "viewer", 403),
        (&manager, "reviewer", 201),
        (&manager, "annotator", 201),
        (&ada, "owner", 201),
        (&ada, "admin", 201),
    ];
    for (n, (client, role, status)) in attempts.iter().enumerate() {
        let email = format!("invitee{n}@example.com");
        let before = rows(&server, "invitations", &org).await;
        let answer = client
            .post(
                &at(&org, "/invitations"),
                json!({ "email": email, "role": role }),
            )
            .await;
        if *status == 201 {
            answer.assert_status(201);
            assert_eq!(answer.body["invitation"]["role"], *role);
            assert_eq!(rows(&server, "invitations", &org).await, before + 1);
        } else {
            answer.assert_problem(403, "role_not_grantable");
            assert_eq!(rows(&server, "invitations", &org).await, before);
        }
    }
    reviewer
        .post(
            &at(&org, "/invitations"),
            json!({ "email": "someone@example.com", "role": "annotator" }),
        )
        .await
        .assert_problem(403, "permission_denied");
    assert_eq!(rows(&server, "invitations", &org).await, 8);
}

async fn owners_and_admins_list_every_invitation_and_managers_only_their_own(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    let other_manager = server.member(&ada, &org, "other-manager", "manager").await;
    let (a1, _) = invite(&ada, &org, "a1@example.com", "viewer").await;
    let (a2, _) = invite(&admin, &org, "a2@example.com", "manager").await;
    let (m1, _) = invite(&manager, &org, "m1@example.com", "annotator").await;
    let (o1, _) = invite(&other_manager, &org, "o1@example.com", "reviewer").await;
    let (m2, _) = invite(&manager, &org, "m2@example.com", "reviewer").await;

    let newest_first = [
        m2.as_str(),
        o1.as_str(),
        m1.as_str(),
        a2.as_str(),
        a1.as_str(),
    ];
    for client in [&ada, &admin] {
        assert_eq!(
            strings(&invitations(client, &org).await, "id"),
            newest_first
        );
    }
    let mine = invitations(&manager, &org).await;
    assert_eq!(strings(&mine, "id"), [m2.as_str(), m1.as_str()]);
    assert!(mine.iter().all(|i| i["invited_by"] == manager.user_id()));
    assert_eq!(
        strings(&invitations(&other_manager, &org).await, "id"),
        [o1.as_str()]
    );

    let (paged, sizes) = walk(&manager, &at(&org, "/invitations?limit=1"), "invitations").await;
    assert_eq!(sizes, [1, 1]);
    assert_eq!(strings(&paged, "id"), [m2.as_str(), m1.as_str()]);
    let (paged, sizes) = walk(&ada, &at(&org, "/invitations?limit=2"), "invitations").await;
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(strings(&paged, "id"), newest_first);

    for role in ["reviewer", "annotator", "viewer"] {
        let member = server.member(&ada, &org, role, role).await;
        member
            .get(&at(&org, "/invitations"))
            .await
            .assert_problem(403, "permission_denied");
    }
}

async fn managers_revoke_only_their_own_invitations(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let manager = server.member(&ada, &org, "manager", "manager").await;
    let other_manager = server.member(&ada, &org, "other-manager", "manager").await;
    let (by_owner, _) = invite(&ada, &org, "x@example.com", "annotator").await;
    let (by_other, _) = invite(&other_manager, &org, "y@example.com", "annotator").await;
    let (by_manager, _) = invite(&manager, &org, "z@example.com", "annotator").await;

    let before = snapshot(&server, &org).await;
    for id in [&by_owner, &by_other] {
        manager
            .delete(&at(&org, &format!("/invitations/{id}")))
            .await
            .assert_problem(404, "not_found");
    }
    assert_eq!(snapshot(&server, &org).await, before);
    assert_eq!(invitation_status(&ada, &org, &by_owner).await, "pending");
    assert_eq!(invitation_status(&ada, &org, &by_other).await, "pending");

    manager
        .delete(&at(&org, &format!("/invitations/{by_manager}")))
        .await
        .assert_status(204);
    assert_eq!(invitation_status(&ada, &org, &by_manager).await, "revoked");
    admin
        .delete(&at(&org, &format!("/invitations/{by_other}")))
        .await
        .assert_status(204);
    assert_eq!(invitation_status(&ada, &org, &by_other).await, "revoked");
    assert_eq!(invitation_status(&ada, &org, &by_owner).await, "pending");
    let viewer = server.member(&ada, &org, "viewer", "viewer").await;
    viewer
        .delete(&at(&org, &format!("/invitations/{by_owner}")))
        .await
        .assert_problem(403, "permission_denied");
    assert_eq!(invitation_status(&ada, &org, &by_owner).await, "pending");
}

async fn revoking_twice_conflicts_and_an_accepted_invitation_cannot_be_revoked(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let (id, _) = invite(&ada, &org, "grace@example.com", "annotator").await;
    let path = at(&org, &format!("/invitations/{id}"));
    ada.delete(&path).await.assert_status(204);
    let before = snapshot(&server, &org).await;
    ada.delete(&path)
        .await
        .assert_problem(409, "invitation_already_revoked");
    assert_eq!(snapshot(&server, &org).await, before);

    let (accepted_id, token) = invite(&ada, &org, "henry@example.com", "annotator").await;
    let henry = server.sign_up("henry").await;
    accept(&henry, &token).await.assert_status(200);
    let before = snapshot(&server, &org).await;
    ada.delete(&at(&org, &format!("/invitations/{accepted_id}")))
        .await
        .assert_problem(409, "invitation_already_accepted");
    let unknown = uuid::Uuid::now_v7();
    ada.delete(&at(&org, &format!("/invitations/{unknown}")))
        .await
        .assert_problem(404, "not_found");
    ada.delete(&at(&org, "/invitations/not-a-uuid"))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(snapshot(&server, &org).await, before);
    assert_eq!(
        invitation_status(&ada, &org, &accepted_id).await,
        "accepted"
    );
    assert!(is_member(&server, &org, &henry.user_id()).await);
    assert_eq!(
        actions(&audit(&ada, &org).await)
            .iter()
            .filter(|action| **action == "invitation.revoked")
            .count(),
        1
    );
}

async fn one_invitation_accepted_twice_at_once_makes_one_membership(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    for round in 0..3 {
        let name = format!("guest{round}");
        let (id, token) = invite(&ada, &org, &format!("{name}@example.com"), "annotator").await;
        let guest = server.sign_up(&name).await;
        let (first, second) = tokio::join!(accept(&guest, &token), accept(&guest, &token));
        let mut statuses = [first.status.as_u16(), second.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{} / {}", first.body, second.body);
        let refused = if first.status.as_u16() == 409 {
            &first
        } else {
            &second
        };
        refused.assert_problem(409, "invitation_already_accepted");
        assert!(has_role(&server, &org, &guest.user_id(), "annotator").await);
        assert_eq!(invitation_status(&ada, &org, &id).await, "accepted");
    }
    assert_eq!(rows(&server, "memberships", &org).await, 4);
    assert_eq!(
        actions(&audit(&ada, &org).await)
            .iter()
            .filter(|action| **action == "invitation.accepted")
            .count(),
        3
    );
}

async fn one_email_invited_twice_at_once_gets_one_pending_invitation(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    for round in 0..3 {
        let email = format!("guest{round}@example.com");
        let body = json!({ "email": email, "role": "annotator" });
        let path = at(&org, "/invitations");
        let (first, second) = tokio::join!(ada.post(&path, body.clone()), admin.post(&path, body));
        let mut statuses = [first.status.as_u16(), second.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [201, 409], "{} / {}", first.body, second.body);
        let refused = if first.status.as_u16() == 409 {
            &first
        } else {
            &second
        };
        refused.assert_problem(409, "invitation_pending");
        assert_eq!(
            server
                .count(&format!(
                    "SELECT COUNT(*) FROM invitations WHERE email_normalized = '{email}'"
                ))
                .await,
            1
        );
    }
}

/// The audit entries of invitations revoked because of their inviter, as
/// (email, reason, actor id), oldest first.
async fn revoked_with_their_inviter(owner: &Client, org: &str) -> Vec<(String, String, String)> {
    let mut revoked: Vec<(String, String, String)> = audit(owner, org)
        .await
        .iter()
        .filter(|entry| {
            entry["action"] == "invitation.revoked" && entry["details"]["reason"].is_string()
        })
        .map(|entry| {
            let text = |value: &Value| value.as_str().unwrap_or("").to_owned();
            (
                text(&entry["details"]["email"]),
                text(&entry["details"]["reason"]),
                text(&entry["actor_id"]),
            )
        })
        .collect();
    revoked.reverse();
    revoked
}

async fn removing_a_member_revokes_the_invitations_they_sent(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let (annotator_id, annotator_token) = invite(&admin, &org, "x@example.com", "annotator").await;
    let (manager_id, _) = invite(&admin, &org, "y@example.com", "manager").await;
    let (own_id, _) = invite(&ada, &org, "z@example.com", "annotator").await;

    ada.delete(&member_path(&org, &admin.user_id()))
        .await
        .assert_status(204);
    assert_eq!(
        invitation_status(&ada, &org, &annotator_id).await,
        "revoked"
    );
    assert_eq!(invitation_status(&ada, &org, &manager_id).await, "revoked");
    assert_eq!(invitation_status(&ada, &org, &own_id).await, "pending");
    let x = server.sign_up("x").await;
    accept(&x, &annotator_token)
        .await
        .assert_problem(404, "not_found");
    assert!(!is_member(&server, &org, &x.user_id()).await);
    let reason = "inviter_removed".to_owned();
    assert_eq!(
        revoked_with_their_inviter(&ada, &org).await,
        [
            ("x@example.com".to_owned(), reason.clone(), ada.user_id()),
            ("y@example.com".to_owned(), reason, ada.user_id()),
        ]
    );
}

async fn re_roling_a_member_revokes_the_invitations_their_new_role_could_not_send(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let (manager_id, _) = invite(&admin, &org, "m@example.com", "manager").await;
    let (viewer_id, _) = invite(&admin, &org, "v@example.com", "viewer").await;
    let (annotator_id, annotator_token) = invite(&admin, &org, "a@example.com", "annotator").await;

    // A manager invites annotators and reviewers only.
    ada.patch(
        &member_path(&org, &admin.user_id()),
        json!({ "role": "manager" }),
    )
    .await
    .assert_status(200);
    assert_eq!(invitation_status(&ada, &org, &manager_id).await, "revoked");
    assert_eq!(invitation_status(&ada, &org, &viewer_id).await, "revoked");
    assert_eq!(
        invitation_status(&ada, &org, &annotator_id).await,
        "pending"
    );
    // Promoted again, nothing comes back, and nothing more goes.
    ada.patch(
        &member_path(&org, &admin.user_id()),
        json!({ "role": "admin" }),
    )
    .await
    .assert_status(200);
    assert_eq!(invitation_status(&ada, &org, &manager_id).await, "revoked");
    assert_eq!(
        invitation_status(&ada, &org, &annotator_id).await,
        "pending"
    );
    // A reviewer invites nobody.
    ada.patch(
        &member_path(&org, &admin.user_id()),
        json!({ "role": "reviewer" }),
    )
    .await
    .assert_status(200);
    assert_eq!(
        invitation_status(&ada, &org, &annotator_id).await,
        "revoked"
    );
    let a = server.sign_up("a").await;
    accept(&a, &annotator_token)
        .await
        .assert_problem(404, "not_found");
    let reason = "inviter_role_changed".to_owned();
    assert_eq!(
        revoked_with_their_inviter(&ada, &org).await,
        [
            ("m@example.com".to_owned(), reason.clone(), ada.user_id()),
            ("v@example.com".to_owned(), reason.clone(), ada.user_id()),
            ("a@example.com".to_owned(), reason, ada.user_id()),
        ]
    );
}

async fn an_invitation_its_sender_could_no_longer_send_admits_nobody(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    let (manager_id, manager_token) = invite(&admin, &org, "m@example.com", "manager").await;
    let (_, annotator_token) = invite(&admin, &org, "a@example.com", "annotator").await;
    let (_, departed_token) = invite(&admin, &org, "d@example.com", "annotator").await;
    // The admin became a manager by a change that left the invitations
    // pending (as one made before invitations went with their inviter did).
    server
        .exec(&format!(
            "UPDATE memberships SET role = 'manager' WHERE user_id = '{}'",
            admin.user_id()
        ))
        .await;
    let m = server.sign_up("m").await;
    let before = snapshot(&server, &org).await;
    accept(&m, &manager_token)
        .await
        .assert_problem(410, "invitation_withdrawn");
    assert_eq!(snapshot(&server, &org).await, before);
    assert_eq!(invitation_status(&ada, &org, &manager_id).await, "pending");
    // What a manager may still send admits its invitee.
    let a = server.sign_up("a").await;
    accept(&a, &annotator_token).await.assert_status(200);
    // Once the sender is gone, nothing they sent admits anyone, at signup neither.
    server
        .exec(&format!(
            "DELETE FROM memberships WHERE user_id = '{}'",
            admin.user_id()
        ))
        .await;
    let users = server.count("SELECT COUNT(*) FROM users").await;
    server
        .anonymous()
        .with_cookies()
        .post(
            "/auth/signup",
            json!({
                "email": "d@example.com",
                "password": PASSWORD,
                "name": "d",
                "invitation_token": departed_token,
            }),
        )
        .await
        .assert_problem(410, "invitation_withdrawn");
    assert_eq!(server.count("SELECT COUNT(*) FROM users").await, users);
}

async fn accepting_and_revoking_one_invitation_at_once_lets_exactly_one_win(server: TestServer) {
    const PAIRS: usize = 48;
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let mut races = Vec::new();
    for round in 0..PAIRS {
        let name = format!("guest{round}");
        let (id, token) = invite(&ada, &org, &format!("{name}@example.com"), "annotator").await;
        races.push((id, token, server.sign_up(&name).await));
    }
    // The acceptance of a pair starts later than its revocation by an offset
    // that differs from pair to pair (a revocation has more to check before
    // it reads the invitation), so that some pairs overlap in every way. A
    // few pairs race at a time, so that they wait for no pooled connection.
    let mut answers = Vec::new();
    for (batch, pairs) in races.chunks(4).enumerate() {
        let batch_answers = futures_util::future::join_all(pairs.iter().enumerate().map(
            |(n, (id, token, guest))| {
                let revoke_path = at(&org, &format!("/invitations/{id}"));
                let offset = u32::try_from((batch * 4 + n) % 12).expect("small");
                let accept_delay = std::time::Duration::from_micros(400) * offset;
                let ada = &ada;
                async move {
                    tokio::join!(
                        async {
                            tokio::time::sleep(accept_delay).await;
                            accept(guest, token).await
                        },
                        ada.delete(&revoke_path)
                    )
                }
            },
        ))
        .await;
        answers.extend(batch_answers);
    }
    let mut accepted = 0;
    for ((id, _, guest), (acceptance, revocation)) in races.iter().zip(&answers) {
        let joined = has_role(&server, &org, &guest.user_id(), "annotator").await;
        match (acceptance.status.as_u16(), revocation.status.as_u16()) {
            (200, 409) => {
                revocation.assert_problem(409, "invitation_already_accepted");
                assert!(joined, "accepted, so {id} joined");
                assert_eq!(invitation_status(&ada, &org, id).await, "accepted");
                accepted += 1;
            }
            (404, 204) => {
                assert!(!joined, "revoked, so {id} did not join");
                assert_eq!(invitation_status(&ada, &org, id).await, "revoked");
            }
            other => panic!(
                "invitation {id}: accept and revoke answered {other:?}: {} / {}",
                acceptance.body, revocation.body
            ),
        }
    }
    let both = server
        .count("SELECT COUNT(*) FROM invitations WHERE accepted_at IS NOT NULL AND revoked_at IS NOT NULL")
        .await;
    assert_eq!(both, 0, "no invitation is both accepted and revoked");
    assert_eq!(rows(&server, "memberships", &org).await, 1 + accepted);
    let log = audit(&ada, &org).await;
    let count = |action: &str| actions(&log).iter().filter(|a| **a == action).count();
    assert_eq!(
        count("invitation.accepted"),
        usize::try_from(accepted).expect("a count")
    );
    assert_eq!(
        count("invitation.revoked"),
        PAIRS - usize::try_from(accepted).expect("a count")
    );
}

// ---------------------------------------------------------------- audit log

async fn the_audit_log_is_newest_first_and_pages_without_gaps_or_duplicates(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bob = server.member(&ada, &org, "bob", "annotator").await;
    let carol = server.member(&ada, &org, "carol", "reviewer").await;
    ada.patch(
        &member_path(&org, &bob.user_id()),
        json!({ "role": "reviewer" }),
    )
    .await
    .assert_status(200);
    ada.patch(&at(&org, ""), json!({ "name": "Acme Labs" }))
        .await
        .assert_status(200);
    let (id, _) = invite(&ada, &org, "grace@example.com", "annotator").await;
    ada.delete(&at(&org, &format!("/invitations/{id}")))
        .await
        .assert_status(204);
    ada.delete(&member_path(&org, &carol.user_id()))
        .await
        .assert_status(204);
    invite(&ada, &org, "henry@example.com", "viewer").await;

    let full = audit(&ada, &org).await;
    assert_eq!(
        actions(&full),
        [
            "invitation.created",
            "member.removed",
            "invitation.revoked",
            "invitation.created",
            "organization.renamed",
            "member.role_changed",
            "member.accepted",
            "member.added",
            "member.accepted",
            "member.added",
            "organization.created",
        ]
    );
    assert_eq!(rows(&server, "audit_log", &org).await, 11);
    for pair in full.windows(2) {
        assert!(
            pair[0]["id"].as_str() > pair[1]["id"].as_str(),
            "ids descend: {pair:?}"
        );
        assert!(timestamp(&pair[0]["created_at"]) >= timestamp(&pair[1]["created_at"]));
    }

    // Walk two at a time; an entry written mid-walk is newer than every
    // cursor, so it neither shifts nor repeats the pages that follow.
    let mut walked = Vec::new();
    let mut sizes = Vec::new();
    let mut path = Some(at(&org, "/audit-log?limit=2"));
    while let Some(current) = path {
        assert!(sizes.len() < 20, "the walk does not end");
        let page = ada.get(&current).await;
        page.assert_status(200);
        assert_eq!(page.body["pagination"]["limit"], 2);
        let entries = page.body["entries"].as_array().expect("entries");
        sizes.push(entries.len());
        walked.extend(entries.iter().cloned());
        if sizes.len() == 1 {
            ada.patch(&at(&org, ""), json!({ "name": "Acme Research" }))
                .await
                .assert_status(200);
        }
        path = next_path(&page.body);
    }
    assert_eq!(sizes, [2, 2, 2, 2, 2, 1]);
    assert_eq!(walked, full);
    let ids: HashSet<&str> = strings(&walked, "id").into_iter().collect();
    assert_eq!(ids.len(), 11, "no duplicates");

    let now = audit(&ada, &org).await;
    assert_eq!(now.len(), 12);
    assert_eq!(now[0]["action"], "organization.renamed");
    assert_eq!(now[1..], full[..]);
}

async fn the_audit_log_filters_by_action_and_by_actor_exactly_on_every_page(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bob = server.member(&ada, &org, "bob", "admin").await;
    let carol = server.member(&bob, &org, "carol", "annotator").await;
    let dave = server.member(&ada, &org, "dave", "annotator").await;
    for (who, role) in [(&bob, "reviewer"), (&ada, "viewer"), (&bob, "annotator")] {
        who.patch(
            &member_path(&org, &carol.user_id()),
            json!({ "role": role }),
        )
        .await
        .assert_status(200);
    }
    ada.patch(
        &member_path(&org, &dave.user_id()),
        json!({ "role": "reviewer" }),
    )
    .await
    .assert_status(200);
    bob.patch(&at(&org, ""), json!({ "name": "Acme Labs" }))
        .await
        .assert_status(200);
    // Ada acts in another organization too: none of it shows here.
    let other = server.organization(&ada, "Globex").await;
    server.member(&ada, &other, "erin", "annotator").await;
    ada.patch(&at(&other, ""), json!({ "name": "Globex Corp" }))
        .await
        .assert_status(200);

    let full = audit(&ada, &org).await;
    let ada_id = ada.user_id();
    let bob_id = bob.user_id();
    let filters = [
        (Some("member.role_changed"), None),
        (Some("organization.renamed"), None),
        (None, Some(bob_id.as_str())),
        (None, Some(ada_id.as_str())),
        (Some("member.role_changed"), Some(bob_id.as_str())),
    ];
    let mut sizes = Vec::new();
    for (action, actor) in filters {
        let query = [
            action.map(|action| format!("action={action}")),
            actor.map(|actor| format!("actor_id={actor}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("&");
        let expected: Vec<Value> = full
            .iter()
            .filter(|entry| action.is_none_or(|action| entry["action"] == action))
            .filter(|entry| actor.is_none_or(|actor| entry["actor_id"] == actor))
            .cloned()
            .collect();
        sizes.push(expected.len());
        let one_page = ada
            .get(&at(&org, &format!("/audit-log?limit=1000&{query}")))
            .await;
        one_page.assert_status(200);
        assert_eq!(one_page.body["entries"], json!(expected), "{query}");
        // One at a time, `next` keeps the filter: the same entries, in the same order.
        let (walked, pages) = walk(
            &ada,
            &at(&org, &format!("/audit-log?limit=1&{query}")),
            "entries",
        )
        .await;
        assert_eq!(walked, expected, "{query}, one per page");
        assert_eq!(pages.len(), expected.len().max(1), "{query}");
    }
    // Every filter kept some entries and left out others: none of them is vacuous.
    assert_eq!(sizes, [4, 1, 5, 5, 2]);
    assert_eq!(full.len(), 12);
}

async fn an_audit_log_filter_nothing_matches_is_an_empty_page_and_a_malformed_actor_a_422(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let bob = server.sign_up("bob").await;
    let other = server.organization(&bob, "Globex").await;
    bob.patch(&at(&other, ""), json!({ "name": "Globex Corp" }))
        .await
        .assert_status(200);
    assert_eq!(audit(&ada, &org).await.len(), 1);
    let bob_id = bob.user_id();
    for query in [
        "action=member.nothing".to_owned(),
        "action=MEMBER.ADDED".to_owned(),
        "action=organization".to_owned(),
        "action=".to_owned(),
        // Bob acts only in his own organization.
        format!("actor_id={bob_id}"),
        "actor_id=00000000-0000-0000-0000-000000000000".to_owned(),
        format!("action=organization.created&actor_id={bob_id}"),
    ] {
        let answer = ada.get(&at(&org, &format!("/audit-log?{query}"))).await;
        answer.assert_status(200);
        assert_eq!(answer.body["entries"], json!([]), "{query}");
        assert!(answer.body["pagination"]["next"].is_null(), "{query}");
    }
    for query in ["actor_id=bob", "actor_id=", "actor_id=1234"] {
        let answer = ada.get(&at(&org, &format!("/audit-log?{query}"))).await;
        assert_invalid(&answer, "actor_id");
    }
}

async fn the_audit_log_never_shows_another_organizations_entries(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let acme = server.organization(&ada, "Acme").await;
    let bob = server.sign_up("bob").await;
    let globex = server.organization(&bob, "Globex").await;
    // Ada administers both, so she can read both logs.
    bob.post(
        &at(&globex, "/members"),
        json!({ "email": ada.email(), "role": "admin" }),
    )
    .await
    .assert_status(201);
    ada.post(
        &format!("/me/pending-memberships/{globex}/accept"),
        json!({}),
    )
    .await
    .assert_status(200);
    server.member(&ada, &acme, "carol", "annotator").await;
    server.member(&bob, &globex, "dave", "annotator").await;
    invite(&ada, &acme, "grace@example.com", "viewer").await;
    invite(&bob, &globex, "henry@example.com", "viewer").await;
    ada.patch(&at(&globex, ""), json!({ "name": "Globex Corp" }))
        .await
        .assert_status(200);

    let acme_log = audit(&ada, &acme).await;
    let globex_log = audit(&ada, &globex).await;
    assert_eq!(acme_log.len(), 4);
    assert_eq!(globex_log.len(), 7);
    assert_eq!(rows(&server, "audit_log", &acme).await, 4);
    assert_eq!(rows(&server, "audit_log", &globex).await, 7);
    let acme_ids: HashSet<&str> = strings(&acme_log, "id").into_iter().collect();
    let globex_ids: HashSet<&str> = strings(&globex_log, "id").into_iter().collect();
    assert!(acme_ids.is_disjoint(&globex_ids));
    let (walked, _) = walk(&ada, &at(&acme, "/audit-log?limit=1"), "entries").await;
    assert_eq!(walked, acme_log);
    let text = serde_json::to_string(&acme_log).expect("json");
    for foreign in [
        globex.as_str(),
        "dave@example.com",
        "henry@example.com",
        "Globex",
    ] {
        assert!(!text.contains(foreign), "{foreign} in {text}");
    }
    // Bob is no member of Acme: its log does not exist for him.
    bob.get(&at(&acme, "/audit-log"))
        .await
        .assert_problem(404, "not_found");
}

async fn only_owners_and_admins_read_the_audit_log(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let org = server.organization(&ada, "Acme").await;
    let admin = server.member(&ada, &org, "admin", "admin").await;
    assert_eq!(audit(&admin, &org).await, audit(&ada, &org).await);
    for role in ["manager", "reviewer", "annotator", "viewer"] {
        let member = server.member(&ada, &org, role, role).await;
        member
            .get(&at(&org, "/audit-log"))
            .await
            .assert_problem(403, "permission_denied");
    }
}

// ---------------------------------------------------------------- other organizations

async fn an_owner_of_one_organization_gets_404_on_every_route_of_another_and_changes_nothing(
    server: TestServer,
) {
    let ada = server.sign_up("ada").await;
    let acme = server.organization(&ada, "Acme").await;
    let bob = server.sign_up("bob").await;
    let globex = server.organization(&bob, "Globex").await;
    let carol = server.member(&bob, &globex, "carol", "annotator").await;
    let (invitation, _) = invite(&bob, &globex, "grace@example.com", "annotator").await;
    let outsider = server.sign_up("outsider").await;
    let before = snapshot(&server, &globex).await;
    let acme_before = snapshot(&server, &acme).await;

    let unknown_org = uuid::Uuid::now_v7().to_string();
    let not_found_body = ada.get(&at(&unknown_org, "")).await;
    not_found_body.assert_problem(404, "not_found");

    let carol_path = member_path(&globex, &carol.user_id());
    let bob_path = member_path(&globex, &bob.user_id());
    let invitation_path = at(&globex, &format!("/invitations/{invitation}"));
    let answers = [
        ada.get(&at(&globex, "")).await,
        ada.patch(&at(&globex, ""), json!({ "name": "Mine" })).await,
        ada.delete(&at(&globex, "")).await,
        ada.get(&at(&globex, "/members")).await,
        ada.post(
            &at(&globex, "/members"),
            json!({ "email": outsider.email(), "role": "annotator" }),
        )
        .await,
        ada.patch(&carol_path, json!({ "role": "reviewer" })).await,
        ada.delete(&carol_path).await,
        ada.patch(&bob_path, json!({ "role": "admin" })).await,
        ada.delete(&bob_path).await,
        ada.get(&at(&globex, "/invitations")).await,
        ada.post(
            &at(&globex, "/invitations"),
            json!({ "email": "spy@example.com", "role": "owner" }),
        )
        .await,
        ada.delete(&invitation_path).await,
        ada.get(&at(&globex, "/audit-log")).await,
    ];
    for answer in &answers {
        answer.assert_problem(404, "not_found");
        // Indistinguishable from an organization that does not exist.
        assert_eq!(answer.body, not_found_body.body);
    }
    assert_eq!(snapshot(&server, &globex).await, before);
    assert_eq!(snapshot(&server, &acme).await, acme_before);
    assert!(has_role(&server, &globex, &carol.user_id(), "annotator").await);
    assert!(has_role(&server, &globex, &bob.user_id(), "owner").await);
    assert!(!is_member(&server, &globex, &outsider.user_id()).await);
    assert!(!is_member(&server, &globex, &ada.user_id()).await);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM organizations WHERE name = 'Globex'")
            .await,
        1
    );
    let theirs = bob.get(&at(&globex, "/audit-log")).await;
    theirs.assert_status(200);
    assert_eq!(theirs.body["entries"].as_array().map(Vec::len), Some(4));

    ada.get(&at("not-a-uuid", "/members"))
        .await
        .assert_problem(404, "not_found");
    server
        .anonymous()
        .get(&at(&globex, "/members"))
        .await
        .assert_problem(401, "unauthenticated");
}

async fn ids_from_another_organization_are_not_found_under_ones_own(server: TestServer) {
    let ada = server.sign_up("ada").await;
    let acme = server.organization(&ada, "Acme").await;
    let bob = server.sign_up("bob").await;
    let globex = server.organization(&bob, "Globex").await;
    let carol = server.member(&bob, &globex, "carol", "annotator").await;
    let (invitation, _) = invite(&bob, &globex, "grace@example.com", "annotator").await;
    let before = snapshot(&server, &globex).await;
    let acme_before = snapshot(&server, &acme).await;

    ada.patch(
        &member_path(&acme, &carol.user_id()),
        json!({ "role": "reviewer" }),
    )
    .await
    .assert_problem(404, "not_found");
    ada.delete(&member_path(&acme, &carol.user_id()))
        .await
        .assert_problem(404, "not_found");
    ada.delete(&member_path(&acme, &bob.user_id()))
        .await
        .assert_problem(404, "not_found");
    ada.delete(&at(&acme, &format!("/invitations/{invitation}")))
        .await
        .assert_problem(404, "not_found");
    assert!(invitations(&ada, &acme).await.is_empty());
    assert_eq!(
        strings(&members(&ada, &acme).await, "user_id"),
        [ada.user_id()]
    );

    assert_eq!(snapshot(&server, &globex).await, before);
    assert_eq!(snapshot(&server, &acme).await, acme_before);
    assert!(has_role(&server, &globex, &carol.user_id(), "annotator").await);
    assert_eq!(
        invitation_status(&bob, &globex, &invitation).await,
        "pending"
    );
}
