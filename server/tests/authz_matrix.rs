//! The HTTP authorization matrix: every route x every caller x every target,
//! each with its exact expected status, on SQLite and PostgreSQL.
//!
//! Callers: each role of an organization A, an account that belongs to no
//! organization, an anonymous caller, a read-only token of A's owner, and a
//! token of A's owner bound to another organization. Targets: A's own resource,
//! another organization's (B), an unknown id, and (for routes naming a
//! sub-resource) B's sub-resource under A's path. Expected statuses come from
//! the hand-written expectations of POLICY.md (`common/expectations.rs`), and
//! every refused unsafe request is checked to have changed nothing.

mod common;

use std::collections::BTreeSet;

use common::expectations::expected_scope;
use common::{Client, PASSWORD, TestServer};
use reqwest::Method;
use serde_json::{Value, json};

backend_tests![every_route_answers_every_caller_as_the_policy_says];

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// A member of A with this role, by browser session.
    Role(&'static str),
    /// An account that belongs to no organization.
    NonMember,
    /// No credentials.
    Anonymous,
    /// A read-only API token of A's owner.
    ReadOnlyToken,
    /// An API token of A's owner, bound to another organization.
    OtherOrgToken,
}

const CALLERS: [Caller; 10] = [
    Caller::Role("owner"),
    Caller::Role("admin"),
    Caller::Role("manager"),
    Caller::Role("reviewer"),
    Caller::Role("annotator"),
    Caller::Role("viewer"),
    Caller::NonMember,
    Caller::Anonymous,
    Caller::ReadOnlyToken,
    Caller::OtherOrgToken,
];

/// What the request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The caller's own organization A (or the caller's own resource).
    Own,
    /// Another organization, B, or another account's resource.
    Other,
    /// An id that names nothing.
    Unknown,
    /// B's sub-resource under A's path.
    Foreign,
}

/// How a route is guarded, as its `x-permission` says.
#[derive(Debug, Clone, Copy)]
enum Guard {
    Public,
    Account(&'static str, &'static str),
    Organization(&'static str, &'static str),
}

/// One route of the API and what a successful call answers.
#[derive(Debug, Clone, Copy)]
struct Route {
    method: &'static str,
    path: &'static str,
    guard: Guard,
    success: u16,
}

impl Route {
    fn permission(&self) -> String {
        match self.guard {
            Guard::Public => "public".to_owned(),
            Guard::Account(r, a) => format!("account:{r}:{a}"),
            Guard::Organization(r, a) => format!("organization:{r}:{a}"),
        }
    }

    fn is_safe(&self) -> bool {
        self.method == "GET"
    }

    fn has_sub_id(&self) -> bool {
        self.path.matches('{').count() > usize::from(self.path.contains("{org_id}"))
    }

    fn targets(&self) -> Vec<Target> {
        match self.guard {
            Guard::Public => vec![Target::Own],
            Guard::Account(..)
                if !self.path.contains('{') && self.path != "/invitations/accept" =>
            {
                vec![Target::Own]
            }
            Guard::Account(..) => vec![Target::Own, Target::Other, Target::Unknown],
            Guard::Organization(..) if self.has_sub_id() => {
                vec![Target::Own, Target::Other, Target::Unknown, Target::Foreign]
            }
            Guard::Organization(..) => vec![Target::Own, Target::Other, Target::Unknown],
        }
    }
}

use Guard::{Account, Organization, Public};

/// Every route of the API. The test fails when this list and the OpenAPI
/// document differ, so a new route cannot go untested.
const ROUTES: &[Route] = &[
    Route {
        method: "POST",
        path: "/auth/signup",
        guard: Public,
        success: 201,
    },
    Route {
        method: "POST",
        path: "/auth/login",
        guard: Public,
        success: 200,
    },
    Route {
        method: "POST",
        path: "/auth/logout",
        guard: Public,
        success: 204,
    },
    Route {
        method: "GET",
        path: "/me",
        guard: Account("account", "read"),
        success: 200,
    },
    Route {
        method: "GET",
        path: "/me/organizations",
        guard: Account("account", "read"),
        success: 200,
    },
    Route {
        method: "GET",
        path: "/me/tokens",
        guard: Account("api_token", "list"),
        success: 200,
    },
    Route {
        method: "POST",
        path: "/me/tokens",
        guard: Account("api_token", "create"),
        success: 201,
    },
    Route {
        method: "DELETE",
        path: "/me/tokens/{token_id}",
        guard: Account("api_token", "revoke"),
        success: 204,
    },
    Route {
        method: "POST",
        path: "/organizations",
        guard: Account("organization", "create"),
        success: 201,
    },
    Route {
        method: "POST",
        path: "/invitations/accept",
        guard: Account("invitation", "accept"),
        success: 200,
    },
    Route {
        method: "GET",
        path: "/organizations/{org_id}",
        guard: Organization("organization", "read"),
        success: 200,
    },
    Route {
        method: "PATCH",
        path: "/organizations/{org_id}",
        guard: Organization("organization", "update"),
        success: 200,
    },
    Route {
        method: "DELETE",
        path: "/organizations/{org_id}",
        guard: Organization("organization", "delete"),
        success: 204,
    },
    Route {
        method: "GET",
        path: "/organizations/{org_id}/members",
        guard: Organization("member", "list"),
        success: 200,
    },
    Route {
        method: "POST",
        path: "/organizations/{org_id}/members",
        guard: Organization("member", "add"),
        success: 201,
    },
    Route {
        method: "PATCH",
        path: "/organizations/{org_id}/members/{user_id}",
        guard: Organization("member", "update_role"),
        success: 200,
    },
    Route {
        method: "DELETE",
        path: "/organizations/{org_id}/members/{user_id}",
        guard: Organization("member", "remove"),
        success: 204,
    },
    Route {
        method: "GET",
        path: "/organizations/{org_id}/invitations",
        guard: Organization("invitation", "list"),
        success: 200,
    },
    Route {
        method: "POST",
        path: "/organizations/{org_id}/invitations",
        guard: Organization("invitation", "create"),
        success: 201,
    },
    Route {
        method: "DELETE",
        path: "/organizations/{org_id}/invitations/{invitation_id}",
        guard: Organization("invitation", "revoke"),
        success: 204,
    },
    Route {
        method: "GET",
        path: "/organizations/{org_id}/audit-log",
        guard: Organization("audit_log", "read"),
        success: 200,
    },
];

/// The expected status of `route` called by `caller` on `target`.
fn expected_status(route: &Route, caller: Caller, target: Target) -> u16 {
    match route.guard {
        Guard::Public => route.success,
        Guard::Account(..) => {
            if caller == Caller::Anonymous {
                401
            } else if !route.is_safe()
                && matches!(caller, Caller::ReadOnlyToken | Caller::OtherOrgToken)
            {
                // Read-only tokens only read; bound tokens never act outside their organization.
                403
            } else {
                match (route.path, target) {
                    (_, Target::Own) => route.success,
                    // Accepting another email's invitation: the token is known, the email is not the caller's.
                    ("/invitations/accept", Target::Other) => 403,
                    _ => 404,
                }
            }
        }
        Guard::Organization(resource, action) => {
            if caller == Caller::Anonymous {
                return 401;
            }
            if target == Target::Other || (target == Target::Unknown && !route.has_sub_id()) {
                return 404;
            }
            let role = match caller {
                Caller::Role(role) => role,
                Caller::ReadOnlyToken => "owner",
                Caller::NonMember | Caller::OtherOrgToken => return 404,
                Caller::Anonymous => unreachable!("answered above"),
            };
            if expected_scope(role, resource, action).is_none() {
                return 403;
            }
            if caller == Caller::ReadOnlyToken && !route.is_safe() {
                return 403;
            }
            match target {
                Target::Own => route.success,
                _ => 404,
            }
        }
    }
}

/// The accounts and organizations the matrix runs in.
struct World {
    server: TestServer,
    /// Members of A, by role, signed in by session.
    members: Vec<(&'static str, Client)>,
    /// An account in no organization.
    stranger: Client,
    /// The owner of B.
    rival: Client,
    /// A read-only token of A's owner.
    read_only: Client,
    /// A token of A's owner bound to C.
    other_org_token: Client,
    org_a: String,
    org_b: String,
    /// A member of A whose role the matrix changes (annotator <-> reviewer).
    pawn_id: String,
    /// A member of B only.
    b_member_id: String,
    /// A pending invitation of B.
    b_invitation_id: String,
    /// An API token of the rival.
    rival_token_id: String,
    /// How many fresh accounts were made, for unique names.
    fresh: std::sync::atomic::AtomicUsize,
}

impl World {
    async fn build(server: TestServer) -> World {
        let owner = server.sign_up("owner").await;
        let org_a = server.organization(&owner, "A").await;
        let mut members = vec![("owner", owner.clone())];
        for role in ["admin", "manager", "reviewer", "annotator", "viewer"] {
            members.push((role, server.member(&owner, &org_a, role, role).await));
        }
        let pawn = server.member(&owner, &org_a, "pawn", "annotator").await;
        let stranger = server.sign_up("stranger").await;
        let rival = server.sign_up("rival").await;
        let org_b = server.organization(&rival, "B").await;
        let b_member = server.member(&rival, &org_b, "bmember", "annotator").await;
        let b_invitation = rival
            .post(
                &format!("/organizations/{org_b}/invitations"),
                json!({ "email": "b-invitee@example.com", "role": "viewer" }),
            )
            .await;
        b_invitation.assert_status(201);
        let rival_token = rival.post("/me/tokens", json!({ "name": "rival" })).await;
        rival_token.assert_status(201);
        let org_c = server.organization(&owner, "C").await;
        let read_only = owner.token(json!({ "read_only": true })).await;
        let other_org_token = owner.token(json!({ "organization_id": org_c })).await;
        World {
            members,
            stranger,
            rival,
            read_only,
            other_org_token,
            org_a,
            org_b,
            pawn_id: pawn.user_id(),
            b_member_id: b_member.user_id(),
            b_invitation_id: b_invitation.id("invitation"),
            rival_token_id: rival_token.id("token"),
            fresh: 0.into(),
            server,
        }
    }

    fn member(&self, role: &str) -> &Client {
        &self
            .members
            .iter()
            .find(|(r, _)| *r == role)
            .expect("a member of every role")
            .1
    }

    fn owner(&self) -> &Client {
        self.member("owner")
    }

    /// The client of a caller.
    fn client(&self, caller: Caller) -> Client {
        match caller {
            Caller::Role(role) => self.member(role).clone(),
            Caller::NonMember => self.stranger.clone(),
            Caller::Anonymous => self.server.anonymous(),
            Caller::ReadOnlyToken => self.read_only.clone(),
            Caller::OtherOrgToken => self.other_org_token.clone(),
        }
    }

    /// The session of the account behind a caller (its owner's, for tokens).
    fn session_of(&self, caller: Caller) -> Option<Client> {
        match caller {
            Caller::Role(role) => Some(self.member(role).clone()),
            Caller::NonMember => Some(self.stranger.clone()),
            Caller::ReadOnlyToken | Caller::OtherOrgToken => Some(self.owner().clone()),
            Caller::Anonymous => None,
        }
    }

    fn unique(&self, stem: &str) -> String {
        let n = self
            .fresh
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{stem}{n}")
    }

    /// A new account, not in any organization.
    async fn fresh_account(&self) -> Client {
        self.server.sign_up(&self.unique("fresh")).await
    }

    /// A client of the same kind as `caller` with a session of its own, for
    /// public routes that replace or end the session they are sent with.
    async fn detached_client(&self, caller: Caller) -> Client {
        match caller {
            Caller::Role(_) | Caller::NonMember => {
                let email = self.session_of(caller).expect("a session").email();
                let client = self.server.anonymous().with_cookies();
                let login = client
                    .post(
                        "/auth/login",
                        json!({ "email": email, "password": PASSWORD }),
                    )
                    .await;
                login.assert_status(200);
                client.signed_in(&login.body)
            }
            other => self.client(other),
        }
    }

    /// The method, path and body of `route` for `caller` and `target`,
    /// creating whatever the call consumes.
    async fn request(
        &self,
        route: &Route,
        caller: Caller,
        target: Target,
    ) -> (Method, String, Option<Value>) {
        let method = Method::from_bytes(route.method.as_bytes()).expect("a method");
        let org = match target {
            Target::Own | Target::Foreign => self.org_a.clone(),
            Target::Other => self.org_b.clone(),
            Target::Unknown if route.has_sub_id() => self.org_a.clone(),
            Target::Unknown => uuid::Uuid::now_v7().to_string(),
        };
        let unknown = uuid::Uuid::now_v7().to_string();
        let at = |path: &str| path.replace("{org_id}", &org);
        let (path, body) = match (route.method, route.path) {
            ("POST", "/auth/signup") => {
                let name = self.unique("signup");
                (
                    route.path.to_owned(),
                    Some(
                        json!({ "email": format!("{name}@example.com"), "password": PASSWORD, "name": name }),
                    ),
                )
            }
            ("POST", "/auth/login") => (
                route.path.to_owned(),
                Some(json!({ "email": "stranger@example.com", "password": PASSWORD })),
            ),
            ("POST", "/me/tokens") => (route.path.to_owned(), Some(json!({ "name": "matrix" }))),
            ("DELETE", "/me/tokens/{token_id}") => {
                let id = match (target, self.session_of(caller)) {
                    (Target::Own, Some(session)) => {
                        let created = session
                            .post("/me/tokens", json!({ "name": "to revoke" }))
                            .await;
                        created.assert_status(201);
                        created.id("token")
                    }
                    (Target::Other, _) => self.rival_token_id.clone(),
                    _ => unknown,
                };
                (format!("/me/tokens/{id}"), None)
            }
            ("POST", "/organizations") => (route.path.to_owned(), Some(json!({ "name": "New" }))),
            ("POST", "/invitations/accept") => {
                let token = match (target, self.session_of(caller)) {
                    (Target::Own, Some(session)) => {
                        self.invitation_token_for(&session.email()).await
                    }
                    (Target::Other, _) => {
                        self.invitation_token_for("someone-else@example.com").await
                    }
                    _ => format!("lwi_{unknown}"),
                };
                (route.path.to_owned(), Some(json!({ "token": token })))
            }
            ("PATCH", "/organizations/{org_id}") => {
                (at(route.path), Some(json!({ "name": "Renamed" })))
            }
            ("DELETE", "/organizations/{org_id}") => {
                let org = match (target, caller) {
                    (Target::Own, _) => self.fresh_organization_with(caller).await,
                    _ => org,
                };
                (format!("/organizations/{org}"), None)
            }
            ("POST", "/organizations/{org_id}/members") => {
                let email = match (target, expected_status(route, caller, target)) {
                    (Target::Own, 201) => self.fresh_account().await.email(),
                    _ => "stranger@example.com".to_owned(),
                };
                (
                    at(route.path),
                    Some(json!({ "email": email, "role": "annotator" })),
                )
            }
            ("PATCH", "/organizations/{org_id}/members/{user_id}") => {
                let user = self.member_target(target, self.pawn_id.clone(), &unknown);
                (
                    at(route.path).replace("{user_id}", &user),
                    Some(json!({ "role": "reviewer" })),
                )
            }
            ("DELETE", "/organizations/{org_id}/members/{user_id}") => {
                let own = match (target, expected_status(route, caller, target)) {
                    (Target::Own, 204) => {
                        let account = self.fresh_account().await;
                        let added = self
                            .owner()
                            .post(
                                &format!("/organizations/{}/members", self.org_a),
                                json!({ "email": account.email(), "role": "annotator" }),
                            )
                            .await;
                        added.assert_status(201);
                        account.user_id()
                    }
                    _ => self.pawn_id.clone(),
                };
                let user = self.member_target(target, own, &unknown);
                (at(route.path).replace("{user_id}", &user), None)
            }
            ("POST", "/organizations/{org_id}/invitations") => {
                let email = format!("{}@example.com", self.unique("invitee"));
                (
                    at(route.path),
                    Some(json!({ "email": email, "role": "annotator" })),
                )
            }
            ("DELETE", "/organizations/{org_id}/invitations/{invitation_id}") => {
                let invitation = match target {
                    Target::Own => self.invitation_of(caller).await,
                    Target::Other | Target::Foreign => self.b_invitation_id.clone(),
                    Target::Unknown => unknown,
                };
                (at(route.path).replace("{invitation_id}", &invitation), None)
            }
            ("GET" | "POST", _) => (at(route.path), None),
            _ => panic!(
                "the matrix does not know how to call {} {}",
                route.method, route.path
            ),
        };
        (method, path, body)
    }

    fn member_target(&self, target: Target, own: String, unknown: &str) -> String {
        match target {
            Target::Own => own,
            Target::Other | Target::Foreign => self.b_member_id.clone(),
            Target::Unknown => unknown.to_owned(),
        }
    }

    /// An organization owned by A's owner in which the caller holds their role.
    async fn fresh_organization_with(&self, caller: Caller) -> String {
        let org = self.server.organization(self.owner(), "Doomed").await;
        if let Caller::Role(role) = caller {
            if role != "owner" {
                let added = self
                    .owner()
                    .post(
                        &format!("/organizations/{org}/members"),
                        json!({ "email": self.member(role).email(), "role": role }),
                    )
                    .await;
                added.assert_status(201);
            }
        }
        org
    }

    /// A pending invitation of A made by the caller when they may invite, by the owner otherwise.
    async fn invitation_of(&self, caller: Caller) -> String {
        let inviter = match caller {
            Caller::Role(role @ ("admin" | "manager")) => self.member(role).clone(),
            _ => self.owner().clone(),
        };
        let email = format!("{}@example.com", self.unique("pending"));
        let created = inviter
            .post(
                &format!("/organizations/{}/invitations", self.org_a),
                json!({ "email": email, "role": "annotator" }),
            )
            .await;
        created.assert_status(201);
        created.id("invitation")
    }

    /// The token of a fresh invitation for `email`, into a fresh organization of the rival.
    async fn invitation_token_for(&self, email: &str) -> String {
        let org = self.server.organization(&self.rival, "Inviting").await;
        let created = self
            .rival
            .post(
                &format!("/organizations/{org}/invitations"),
                json!({ "email": email, "role": "viewer" }),
            )
            .await;
        created.assert_status(201);
        created.body["token"].as_str().expect("token").to_owned()
    }

    /// Every row the API can write, as text, to show a refused request wrote nothing.
    async fn snapshot(&self) -> Vec<String> {
        const QUERIES: &[&str] = &[
            "SELECT 'u|' || CAST(id AS TEXT) || '|' || email || '|' || name || '|' || CAST(updated_at AS TEXT) FROM users",
            "SELECT 'o|' || CAST(id AS TEXT) || '|' || name || '|' || CAST(updated_at AS TEXT) FROM organizations",
            "SELECT 'm|' || CAST(organization_id AS TEXT) || '|' || CAST(user_id AS TEXT) || '|' || role || '|' || CAST(updated_at AS TEXT) FROM memberships",
            "SELECT 'i|' || CAST(id AS TEXT) || '|' || COALESCE(CAST(accepted_at AS TEXT), '-') || '|' || COALESCE(CAST(revoked_at AS TEXT), '-') FROM invitations",
            "SELECT 't|' || CAST(id AS TEXT) || '|' || name || '|' || COALESCE(CAST(revoked_at AS TEXT), '-') FROM api_tokens",
            "SELECT 'a|' || CAST(id AS TEXT) FROM audit_log",
        ];
        let mut rows = Vec::new();
        for query in QUERIES {
            let found: Vec<String> = match self.server.db() {
                labelwell_server::db::Db::Sqlite(pool) => sqlx::query_scalar(query)
                    .fetch_all(pool)
                    .await
                    .expect("snapshot"),
                labelwell_server::db::Db::Postgres(pool) => sqlx::query_scalar(query)
                    .fetch_all(pool)
                    .await
                    .expect("snapshot"),
            };
            rows.extend(found);
        }
        rows.sort();
        rows
    }
}

async fn every_route_answers_every_caller_as_the_policy_says(server: TestServer) {
    assert_routes_match_the_openapi_document();
    let world = World::build(server).await;
    let mut mismatches = Vec::new();
    let mut cells = 0;
    for route in ROUTES {
        for caller in CALLERS {
            for target in route.targets() {
                cells += 1;
                let expected = expected_status(route, caller, target);
                let (method, path, body) = world.request(route, caller, target).await;
                let client = match route.guard {
                    Guard::Public => world.detached_client(caller).await,
                    _ => world.client(caller),
                };
                let watch = !route.is_safe() && expected >= 400;
                let before = if watch {
                    world.snapshot().await
                } else {
                    Vec::new()
                };
                let answer = client.request(method, &path, body).await;
                if answer.status.as_u16() != expected {
                    mismatches.push(format!(
                        "{} {} as {caller:?} on {target:?}: expected {expected}, got {} {}",
                        route.method,
                        route.path,
                        answer.status,
                        answer
                            .body
                            .to_string()
                            .chars()
                            .take(200)
                            .collect::<String>()
                    ));
                } else if expected >= 400 && answer.content_type() != "application/problem+json" {
                    mismatches.push(format!(
                        "{} {} as {caller:?} on {target:?}: not problem+json",
                        route.method, route.path
                    ));
                }
                if watch && world.snapshot().await != before {
                    mismatches.push(format!(
                        "{} {} as {caller:?} on {target:?} was refused but changed the database",
                        route.method, route.path
                    ));
                }
            }
        }
    }
    assert!(cells >= 500, "the matrix has its cells ({cells})");
    assert!(
        mismatches.is_empty(),
        "{} of {cells} cells differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Every operation of the OpenAPI document is in [`ROUTES`] with the permission
/// the document declares, and every entry of [`ROUTES`] is a real operation.
fn assert_routes_match_the_openapi_document() {
    let spec = serde_json::to_value(labelwell_server::openapi()).expect("the document serializes");
    let mut documented = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            let permission = operation["x-permission"].as_str().unwrap_or("(none)");
            let path = path
                .strip_prefix("/api/v1")
                .expect("every route is under /api/v1");
            documented.insert((
                method.to_uppercase(),
                path.to_owned(),
                permission.to_owned(),
            ));
        }
    }
    let tested: BTreeSet<(String, String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned(), r.permission()))
        .collect();
    let untested: Vec<_> = documented.difference(&tested).collect();
    let unknown: Vec<_> = tested.difference(&documented).collect();
    assert!(
        untested.is_empty(),
        "operations without a matrix entry (or with another permission): {untested:?}"
    );
    assert!(
        unknown.is_empty(),
        "matrix entries that are not operations of the API: {unknown:?}"
    );
}
