//! The HTTP authorization matrix: every route x every caller x every target,
//! each with its exact expected status, on SQLite and PostgreSQL; one test per
//! route and backend (see `route_tests!`), so a failure names its route.
//!
//! Callers: each role of an organization A (reviewer and annotator assigned to
//! A's project P), an annotator of A not assigned to P, an account in no
//! organization, an anonymous caller, a read-only token of A's owner, and a
//! token of A's owner bound to another organization. Targets: A's own resource,
//! another organization's (B), an unknown id, and (for routes naming a
//! sub-resource) B's sub-resource under A's path. Expected statuses come from
//! the hand-written expectations of the table in `docs/authorization.md`
//! (`common/expectations.rs`) and the rules of its "How a request is decided";
//! every refused unsafe request is checked to have changed nothing.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::expectations::expected_scope;
use crate::common::fixtures::{assign, import_texts, label, project_with_ui, sentiment_schema};
use crate::common::{Client, PASSWORD, TestServer};
use reqwest::Method;
use serde_json::{Value, json};

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// A member of A with this role, by browser session (reviewers and annotators assigned to P).
    Role(&'static str),
    /// An annotator of A who is not assigned to P.
    Unassigned,
    /// An account that belongs to no organization.
    NonMember,
    /// No credentials.
    Anonymous,
    /// A read-only API token of A's owner.
    ReadOnlyToken,
    /// An API token of A's owner, bound to another organization.
    OtherOrgToken,
}

const CALLERS: [Caller; 11] = [
    Caller::Role("owner"),
    Caller::Role("admin"),
    Caller::Role("manager"),
    Caller::Role("reviewer"),
    Caller::Role("annotator"),
    Caller::Role("viewer"),
    Caller::Unassigned,
    Caller::NonMember,
    Caller::Anonymous,
    Caller::ReadOnlyToken,
    Caller::OtherOrgToken,
];

impl Caller {
    /// The caller's role in A, if a member.
    fn role(self) -> Option<&'static str> {
        match self {
            Caller::Role(role) => Some(role),
            Caller::Unassigned => Some("annotator"),
            Caller::ReadOnlyToken => Some("owner"),
            Caller::NonMember | Caller::Anonymous | Caller::OtherOrgToken => None,
        }
    }
}

/// What the request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The caller's own organization A, its project P (or the caller's own resource).
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

use Guard::{Account, Organization, Public};

/// One route of the API and what a successful call answers.
#[derive(Debug, Clone, Copy)]
struct Route {
    method: &'static str,
    path: &'static str,
    guard: Guard,
    success: u16,
}

const fn route(method: &'static str, path: &'static str, guard: Guard, success: u16) -> Route {
    Route {
        method,
        path,
        guard,
        success,
    }
}

/// The path parameters that name the organization of a request, directly or
/// through a project, item or annotation.
const TOP_PARAMS: [&str; 4] = ["{org_id}", "{project_id}", "{item_id}", "{annotation_id}"];

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

    /// Whether the path names a project (through a project, item or annotation id).
    fn in_project(&self) -> bool {
        TOP_PARAMS[1..]
            .iter()
            .any(|param| self.path.contains(param))
    }

    /// Whether the path names something below its top-level id.
    fn has_sub_id(&self) -> bool {
        let top = TOP_PARAMS
            .iter()
            .filter(|param| self.path.contains(*param))
            .count();
        self.path.matches('{').count() > top
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
            // Versions and release names are per project: another project's
            // is the `Other` target's.
            Guard::Organization(..)
                if self.has_sub_id()
                    && !self.path.contains("{version}")
                    && !self.path.contains("{name}") =>
            {
                vec![Target::Own, Target::Other, Target::Unknown, Target::Foreign]
            }
            Guard::Organization(..) => vec![Target::Own, Target::Other, Target::Unknown],
        }
    }
}

/// Every route of the API, each with its test on each backend, named after
/// the route (`post_items_item_id_annotations::postgres`). A test checks its
/// route's every cell on a world of its own, so the routes run in parallel
/// and one route's writes never show in another's check that a refused request
/// changed nothing. The suite fails when this list and the OpenAPI document
/// differ, so a new route cannot go untested.
macro_rules! route_tests {
    ($($test:ident: $method:literal $path:literal, $guard:expr, $success:literal;)*) => {
        const ROUTES: &[Route] = &[$(route($method, $path, $guard, $success)),*];

        $(
            async fn $test(server: TestServer) {
                every_caller_gets_what_the_policy_says(server, $method, $path).await;
            }
        )*

        backend_tests![$($test),*];
    };
}

route_tests! {
    post_auth_signup: "POST" "/auth/signup", Public, 201;
    post_auth_login: "POST" "/auth/login", Public, 200;
    post_auth_logout: "POST" "/auth/logout", Public, 204;
    get_me: "GET" "/me", Account("account", "read"), 200;
    get_me_organizations: "GET" "/me/organizations", Account("account", "read"), 200;
    get_me_tokens: "GET" "/me/tokens", Account("api_token", "list"), 200;
    post_me_tokens: "POST" "/me/tokens", Account("api_token", "create"), 201;
    delete_me_tokens_token_id: "DELETE" "/me/tokens/{token_id}", Account("api_token", "revoke"), 204;
    post_organizations: "POST" "/organizations", Account("organization", "create"), 201;
    post_invitations_accept: "POST" "/invitations/accept", Account("invitation", "accept"), 200;
    get_me_pending_memberships: "GET" "/me/pending-memberships", Account("pending_membership", "list"), 200;
    post_me_pending_memberships_organization_id_accept: "POST" "/me/pending-memberships/{organization_id}/accept", Account("pending_membership", "accept"), 200;
    post_me_pending_memberships_organization_id_decline: "POST" "/me/pending-memberships/{organization_id}/decline", Account("pending_membership", "decline"), 204;
    get_organizations_org_id: "GET" "/organizations/{org_id}", Organization("organization", "read"), 200;
    patch_organizations_org_id: "PATCH" "/organizations/{org_id}", Organization("organization", "update"), 200;
    delete_organizations_org_id: "DELETE" "/organizations/{org_id}", Organization("organization", "delete"), 204;
    get_organizations_org_id_members: "GET" "/organizations/{org_id}/members", Organization("member", "list"), 200;
    post_organizations_org_id_members: "POST" "/organizations/{org_id}/members", Organization("member", "add"), 201;
    patch_organizations_org_id_members_user_id: "PATCH" "/organizations/{org_id}/members/{user_id}", Organization("member", "update_role"), 200;
    delete_organizations_org_id_members_user_id: "DELETE" "/organizations/{org_id}/members/{user_id}", Organization("member", "remove"), 204;
    get_organizations_org_id_invitations: "GET" "/organizations/{org_id}/invitations", Organization("invitation", "list"), 200;
    post_organizations_org_id_invitations: "POST" "/organizations/{org_id}/invitations", Organization("invitation", "create"), 201;
    delete_organizations_org_id_invitations_invitation_id: "DELETE" "/organizations/{org_id}/invitations/{invitation_id}", Organization("invitation", "revoke"), 204;
    get_organizations_org_id_audit_log: "GET" "/organizations/{org_id}/audit-log", Organization("audit_log", "read"), 200;
    post_organizations_org_id_webhooks: "POST" "/organizations/{org_id}/webhooks", Organization("webhook", "create"), 201;
    get_organizations_org_id_webhooks: "GET" "/organizations/{org_id}/webhooks", Organization("webhook", "read"), 200;
    get_organizations_org_id_webhooks_webhook_id: "GET" "/organizations/{org_id}/webhooks/{webhook_id}", Organization("webhook", "read"), 200;
    patch_organizations_org_id_webhooks_webhook_id: "PATCH" "/organizations/{org_id}/webhooks/{webhook_id}", Organization("webhook", "update"), 200;
    delete_organizations_org_id_webhooks_webhook_id: "DELETE" "/organizations/{org_id}/webhooks/{webhook_id}", Organization("webhook", "delete"), 204;
    post_organizations_org_id_webhooks_webhook_id_rotate_secret: "POST" "/organizations/{org_id}/webhooks/{webhook_id}/rotate-secret", Organization("webhook", "update"), 200;
    get_organizations_org_id_webhooks_webhook_id_deliveries: "GET" "/organizations/{org_id}/webhooks/{webhook_id}/deliveries", Organization("webhook", "read"), 200;
    get_organizations_org_id_webhooks_webhook_id_deliveries_event_id: "GET" "/organizations/{org_id}/webhooks/{webhook_id}/deliveries/{event_id}", Organization("webhook", "read"), 200;
    post_organizations_org_id_webhooks_webhook_id_deliveries_event_id_redeliver: "POST" "/organizations/{org_id}/webhooks/{webhook_id}/deliveries/{event_id}/redeliver", Organization("webhook", "update"), 202;
    get_organizations_org_id_projects: "GET" "/organizations/{org_id}/projects", Organization("project", "read"), 200;
    post_organizations_org_id_projects: "POST" "/organizations/{org_id}/projects", Organization("project", "create"), 201;
    get_projects_project_id: "GET" "/projects/{project_id}", Organization("project", "read"), 200;
    patch_projects_project_id: "PATCH" "/projects/{project_id}", Organization("project", "update"), 200;
    delete_projects_project_id: "DELETE" "/projects/{project_id}", Organization("project", "delete"), 204;
    get_projects_project_id_members: "GET" "/projects/{project_id}/members", Organization("project", "read"), 200;
    post_projects_project_id_members: "POST" "/projects/{project_id}/members", Organization("project", "assign_members"), 201;
    delete_projects_project_id_members_user_id: "DELETE" "/projects/{project_id}/members/{user_id}", Organization("project", "assign_members"), 204;
    get_projects_project_id_annotation_ui: "GET" "/projects/{project_id}/annotation-ui", Organization("annotation_ui", "read"), 200;
    put_projects_project_id_annotation_ui: "PUT" "/projects/{project_id}/annotation-ui", Organization("annotation_ui", "publish"), 200;
    get_projects_project_id_annotation_ui_versions: "GET" "/projects/{project_id}/annotation-ui/versions", Organization("annotation_ui", "read"), 200;
    get_projects_project_id_annotation_ui_versions_version: "GET" "/projects/{project_id}/annotation-ui/versions/{version}", Organization("annotation_ui", "read"), 200;
    get_projects_project_id_guideline: "GET" "/projects/{project_id}/guideline", Organization("guideline", "read"), 200;
    put_projects_project_id_guideline: "PUT" "/projects/{project_id}/guideline", Organization("guideline", "publish"), 200;
    get_projects_project_id_guideline_versions: "GET" "/projects/{project_id}/guideline/versions", Organization("guideline", "read"), 200;
    get_projects_project_id_guideline_versions_version: "GET" "/projects/{project_id}/guideline/versions/{version}", Organization("guideline", "read"), 200;
    post_projects_project_id_items: "POST" "/projects/{project_id}/items", Organization("item", "import"), 200;
    post_projects_project_id_items_priorities: "POST" "/projects/{project_id}/items/priorities", Organization("item", "update"), 200;
    get_projects_project_id_items: "GET" "/projects/{project_id}/items", Organization("item", "read"), 200;
    get_items_item_id: "GET" "/items/{item_id}", Organization("item", "read"), 200;
    post_projects_project_id_predictions: "POST" "/projects/{project_id}/predictions", Organization("prediction", "import"), 200;
    get_items_item_id_predictions: "GET" "/items/{item_id}/predictions", Organization("prediction", "read"), 200;
    get_projects_project_id_predictions_agreement: "GET" "/projects/{project_id}/predictions/agreement", Organization("export", "create"), 200;
    patch_items_item_id: "PATCH" "/items/{item_id}", Organization("item", "update"), 200;
    delete_items_item_id: "DELETE" "/items/{item_id}", Organization("item", "delete"), 204;
    post_projects_project_id_queue_next: "POST" "/projects/{project_id}/queue/next", Organization("annotation", "create"), 200;
    post_projects_project_id_queue_leases: "POST" "/projects/{project_id}/queue/leases", Organization("annotation", "create"), 200;
    delete_projects_project_id_queue_leases_item_id: "DELETE" "/projects/{project_id}/queue/leases/{item_id}", Organization("annotation", "create"), 204;
    post_items_item_id_skip: "POST" "/items/{item_id}/skip", Organization("annotation", "create"), 204;
    get_projects_project_id_queue_progress: "GET" "/projects/{project_id}/queue/progress", Organization("annotation", "create"), 200;
    get_projects_project_id_my_annotations: "GET" "/projects/{project_id}/my-annotations", Organization("annotation", "read"), 200;
    get_items_item_id_annotations: "GET" "/items/{item_id}/annotations", Organization("annotation", "read"), 200;
    post_items_item_id_annotations: "POST" "/items/{item_id}/annotations", Organization("annotation", "create"), 201;
    get_annotations_annotation_id: "GET" "/annotations/{annotation_id}", Organization("annotation", "read"), 200;
    patch_annotations_annotation_id: "PATCH" "/annotations/{annotation_id}", Organization("annotation", "update"), 200;
    delete_annotations_annotation_id: "DELETE" "/annotations/{annotation_id}", Organization("annotation", "delete"), 204;
    get_annotations_annotation_id_reviews: "GET" "/annotations/{annotation_id}/reviews", Organization("review", "read"), 200;
    post_annotations_annotation_id_reviews: "POST" "/annotations/{annotation_id}/reviews", Organization("review", "create"), 201;
    post_projects_project_id_review_queue_next: "POST" "/projects/{project_id}/review-queue/next", Organization("review", "create"), 200;
    post_annotations_annotation_id_skip_review: "POST" "/annotations/{annotation_id}/skip-review", Organization("review", "create"), 204;
    get_projects_project_id_review_queue_progress: "GET" "/projects/{project_id}/review-queue/progress", Organization("review", "create"), 200;
    get_projects_project_id_stats: "GET" "/projects/{project_id}/stats", Organization("export", "create"), 200;
    get_projects_project_id_export: "GET" "/projects/{project_id}/export", Organization("export", "create"), 200;
    post_projects_project_id_releases: "POST" "/projects/{project_id}/releases", Organization("release", "create"), 201;
    get_projects_project_id_releases: "GET" "/projects/{project_id}/releases", Organization("release", "read"), 200;
    get_projects_project_id_releases_name: "GET" "/projects/{project_id}/releases/{name}", Organization("release", "read"), 200;
    get_projects_project_id_releases_name_items: "GET" "/projects/{project_id}/releases/{name}/items", Organization("release", "read"), 200;
    get_projects_project_id_releases_name_diff: "GET" "/projects/{project_id}/releases/{name}/diff", Organization("release", "read"), 200;
}

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
                    // Another email's invitation: the caller holds its token, but it is not theirs.
                    ("/invitations/accept", Target::Other) => 403,
                    _ => 404,
                }
            }
        }
        Guard::Organization(resource, action) => {
            if caller == Caller::Anonymous {
                return 401;
            }
            // What the path names at its top must exist and be the caller's organization's.
            if target == Target::Other || (target == Target::Unknown && !route.has_sub_id()) {
                return 404;
            }
            let Some(role) = caller.role() else {
                return 404;
            };
            // Inside a project, the caller must see the project: reviewers and
            // annotators only when assigned.
            if route.in_project() {
                match expected_scope(role, "project", "read") {
                    None => return 404,
                    Some("assigned") if caller == Caller::Unassigned => return 404,
                    Some(_) => {}
                }
            }
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

/// The accounts, organizations and projects the matrix runs in.
#[derive(Debug)]
struct World {
    server: TestServer,
    /// Members of A, by role, signed in by session.
    members: Vec<(&'static str, Client)>,
    /// An annotator of A not assigned to P.
    unassigned: Client,
    /// An annotator assigned to P whose annotations the matrix reviews and changes.
    pawn_annotator: Client,
    /// An account in no organization.
    stranger: Client,
    /// The owner of B.
    rival: Client,
    read_only: Client,
    other_org_token: Client,
    org_a: String,
    org_b: String,
    project_a: String,
    /// A member of A whose role the matrix changes (annotator <-> reviewer).
    pawn_id: String,
    /// An item of P.
    item_a: String,
    /// The annotator caller's annotation of `item_a`.
    annotator_annotation: String,
    /// The pawn annotator's annotation of `item_a`.
    pawn_annotation: String,
    /// B's sub-resources.
    b_member_id: String,
    b_invitation_id: String,
    b_project: String,
    b_item: String,
    b_annotation: String,
    /// An API token of the rival.
    rival_token_id: String,
    /// A webhook of A, and the event of its one delivery.
    webhook_a: String,
    event_a: String,
    /// A webhook of B, and the event of its one delivery.
    b_webhook: String,
    b_event: String,
    fresh: AtomicUsize,
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
        let pawn_annotator = server
            .member(&owner, &org_a, "pawnannotator", "annotator")
            .await;
        let unassigned = server
            .member(&owner, &org_a, "unassigned", "annotator")
            .await;
        let project_a = project_with_ui(&owner, &org_a, "P", 20, sentiment_schema()).await;
        for (role, client) in &members {
            if matches!(*role, "reviewer" | "annotator") {
                assign(&owner, &project_a, client).await;
            }
        }
        assign(&owner, &project_a, &pawn_annotator).await;
        // Annotators and reviewers read predictions only where they are shown.
        owner
            .patch(
                &format!("/projects/{project_a}"),
                json!({ "show_predictions": true }),
            )
            .await
            .assert_status(200);
        owner
            .put(
                &format!("/projects/{project_a}/guideline"),
                json!({ "text": "Be kind.", "annotation_ui_version": 1 }),
            )
            .await
            .assert_status(200);
        let item_a = import_texts(&owner, &project_a, &[("seed", "Some text")])
            .await
            .remove(0);
        let annotator = members
            .iter()
            .find(|(r, _)| *r == "annotator")
            .map(|(_, c)| c.clone())
            .expect("annotator");
        let annotator_annotation = label(&annotator, &item_a, "positive").await;
        let pawn_annotation = label(&pawn_annotator, &item_a, "positive").await;

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
        let b_project = project_with_ui(&rival, &org_b, "PB", 20, sentiment_schema()).await;
        let b_item = import_texts(&rival, &b_project, &[("b-seed", "Some text")])
            .await
            .remove(0);
        let b_annotation = label(&rival, &b_item, "positive").await;
        let webhook_a = subscribe(&owner, &org_a).await;
        let b_webhook = subscribe(&rival, &org_b).await;
        for (client, project) in [(&owner, &project_a), (&rival, &b_project)] {
            client
                .post(
                    &format!("/projects/{project}/releases"),
                    json!({ "name": "base", "review_statuses": ["pending"] }),
                )
                .await
                .assert_status(201);
        }
        let event_a = first_delivery(&owner, &org_a, &webhook_a).await;
        let b_event = first_delivery(&rival, &org_b, &b_webhook).await;
        let rival_token = rival.post("/me/tokens", json!({ "name": "rival" })).await;
        rival_token.assert_status(201);
        let org_c = server.organization(&owner, "C").await;
        let read_only = owner.token(json!({ "read_only": true })).await;
        let other_org_token = owner.token(json!({ "organization_id": org_c })).await;
        World {
            members,
            unassigned,
            pawn_annotator,
            stranger,
            rival,
            read_only,
            other_org_token,
            org_a,
            org_b,
            project_a,
            pawn_id: pawn.user_id(),
            item_a,
            annotator_annotation,
            pawn_annotation,
            b_member_id: b_member.user_id(),
            b_invitation_id: b_invitation.id("invitation"),
            b_project,
            b_item,
            b_annotation,
            rival_token_id: rival_token.id("token"),
            webhook_a,
            event_a,
            b_webhook,
            b_event,
            fresh: AtomicUsize::new(0),
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
            Caller::Unassigned => self.unassigned.clone(),
            Caller::NonMember => self.stranger.clone(),
            Caller::Anonymous => self.server.anonymous(),
            Caller::ReadOnlyToken => self.read_only.clone(),
            Caller::OtherOrgToken => self.other_org_token.clone(),
        }
    }

    /// The session of the account behind a caller (its owner's, for tokens).
    fn session_of(&self, caller: Caller) -> Option<Client> {
        match caller {
            Caller::ReadOnlyToken | Caller::OtherOrgToken => Some(self.owner().clone()),
            Caller::Anonymous => None,
            other => Some(self.client(other)),
        }
    }

    fn unique(&self, stem: &str) -> String {
        format!("{stem}{}", self.fresh.fetch_add(1, Ordering::Relaxed))
    }

    /// A new account, not in any organization.
    async fn fresh_account(&self) -> Client {
        self.server.sign_up(&self.unique("fresh")).await
    }

    /// A new member of A with `role`.
    async fn fresh_member(&self, role: &str) -> Client {
        let name = self.unique("member");
        self.server
            .member(self.owner(), &self.org_a, &name, role)
            .await
    }

    /// A new item of P, imported by A's owner.
    async fn fresh_item(&self, stem: &str) -> String {
        let external_id = self.unique(stem);
        import_texts(
            self.owner(),
            &self.project_a,
            &[(&external_id, "Some text")],
        )
        .await
        .remove(0)
    }

    /// A client of the same kind as `caller` with a session of its own, for
    /// public routes that replace or end the session they are sent with.
    async fn detached_client(&self, caller: Caller) -> Client {
        match caller {
            Caller::ReadOnlyToken | Caller::OtherOrgToken | Caller::Anonymous => {
                self.client(caller)
            }
            _ => {
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
        }
    }

    /// Whether the cell is expected to succeed (so the request may consume what it names).
    fn succeeds(route: &Route, caller: Caller, target: Target) -> bool {
        expected_status(route, caller, target) < 300
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
        let unknown = uuid::Uuid::now_v7().to_string();
        let succeeds = World::succeeds(route, caller, target);
        // The top-level ids of the path, by target.
        let (org, project, item, annotation) = match target {
            Target::Other => (
                self.org_b.clone(),
                self.b_project.clone(),
                self.b_item.clone(),
                self.b_annotation.clone(),
            ),
            Target::Unknown if !route.has_sub_id() => (
                unknown.clone(),
                unknown.clone(),
                unknown.clone(),
                unknown.clone(),
            ),
            _ => (
                self.org_a.clone(),
                self.project_a.clone(),
                self.item_a.clone(),
                self.pawn_annotation.clone(),
            ),
        };
        let path = route
            .path
            .replace("{org_id}", &org)
            .replace("{project_id}", &project)
            .replace("{item_id}", &item)
            .replace("{annotation_id}", &annotation);
        let own = target == Target::Own;
        let (path, body) = match (route.method, route.path) {
            ("POST", "/auth/signup") => {
                let name = self.unique("signup");
                (
                    path,
                    Some(
                        json!({ "email": format!("{name}@example.com"), "password": PASSWORD, "name": name }),
                    ),
                )
            }
            ("POST", "/auth/login") => (
                path,
                Some(json!({ "email": "stranger@example.com", "password": PASSWORD })),
            ),
            ("POST", "/me/tokens") => (path, Some(json!({ "name": "matrix" }))),
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
                (path.replace("{token_id}", &id), None)
            }
            ("POST", "/organizations") => (path, Some(json!({ "name": "New" }))),
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
                (path, Some(json!({ "token": token })))
            }
            (
                "POST",
                "/me/pending-memberships/{organization_id}/accept"
                | "/me/pending-memberships/{organization_id}/decline",
            ) => {
                let org = match (target, self.session_of(caller)) {
                    (Target::Own, Some(session)) => {
                        self.pending_membership_for(&session.email()).await
                    }
                    (Target::Other, _) => {
                        let someone_else = self.fresh_account().await;
                        self.pending_membership_for(&someone_else.email()).await
                    }
                    _ => unknown,
                };
                (path.replace("{organization_id}", &org), None)
            }
            ("PATCH", "/organizations/{org_id}") => (path, Some(json!({ "name": "Renamed" }))),
            ("DELETE", "/organizations/{org_id}") if own => (
                format!(
                    "/organizations/{}",
                    self.fresh_organization_with(caller).await
                ),
                None,
            ),
            ("POST", "/organizations/{org_id}/members") => {
                let email = if own && succeeds {
                    self.fresh_account().await.email()
                } else {
                    self.stranger.email()
                };
                (path, Some(json!({ "email": email, "role": "annotator" })))
            }
            ("PATCH", "/organizations/{org_id}/members/{user_id}") => {
                let user = self.sub_target(
                    target,
                    self.pawn_id.clone(),
                    self.b_member_id.clone(),
                    &unknown,
                );
                (
                    path.replace("{user_id}", &user),
                    Some(json!({ "role": "reviewer" })),
                )
            }
            ("DELETE", "/organizations/{org_id}/members/{user_id}") => {
                let own_user = if own && succeeds {
                    self.fresh_member("annotator").await.user_id()
                } else {
                    self.pawn_id.clone()
                };
                let user = self.sub_target(target, own_user, self.b_member_id.clone(), &unknown);
                (path.replace("{user_id}", &user), None)
            }
            ("POST", "/organizations/{org_id}/invitations") => {
                let email = format!("{}@example.com", self.unique("invitee"));
                (path, Some(json!({ "email": email, "role": "annotator" })))
            }
            ("DELETE", "/organizations/{org_id}/invitations/{invitation_id}") => {
                let own_invitation = if own {
                    self.invitation_of(caller).await
                } else {
                    String::new()
                };
                let invitation = self.sub_target(
                    target,
                    own_invitation,
                    self.b_invitation_id.clone(),
                    &unknown,
                );
                (path.replace("{invitation_id}", &invitation), None)
            }
            ("POST", "/organizations/{org_id}/webhooks") => (
                path,
                Some(json!({ "url": WEBHOOK_URL, "events": ["release.created"] })),
            ),
            (
                _,
                "/organizations/{org_id}/webhooks/{webhook_id}"
                | "/organizations/{org_id}/webhooks/{webhook_id}/rotate-secret"
                | "/organizations/{org_id}/webhooks/{webhook_id}/deliveries",
            ) => {
                let own_webhook = if own && succeeds && route.method == "DELETE" {
                    subscribe(self.owner(), &self.org_a).await
                } else {
                    self.webhook_a.clone()
                };
                let webhook =
                    self.sub_target(target, own_webhook, self.b_webhook.clone(), &unknown);
                let body = match route.method {
                    "PATCH" => Some(json!({ "description": "Changed." })),
                    "POST" => Some(json!({ "overlap_seconds": 60 })),
                    _ => None,
                };
                (path.replace("{webhook_id}", &webhook), body)
            }
            (
                _,
                "/organizations/{org_id}/webhooks/{webhook_id}/deliveries/{event_id}"
                | "/organizations/{org_id}/webhooks/{webhook_id}/deliveries/{event_id}/redeliver",
            ) => {
                let webhook = self.sub_target(
                    target,
                    self.webhook_a.clone(),
                    self.b_webhook.clone(),
                    &unknown,
                );
                let event =
                    self.sub_target(target, self.event_a.clone(), self.b_event.clone(), &unknown);
                let path = path
                    .replace("{webhook_id}", &webhook)
                    .replace("{event_id}", &event);
                (path, None)
            }
            ("POST", "/organizations/{org_id}/projects") => {
                (path, Some(json!({ "name": "New project" })))
            }
            ("PATCH", "/projects/{project_id}") => {
                (path, Some(json!({ "description": "Changed." })))
            }
            ("DELETE", "/projects/{project_id}") if own => (
                format!("/projects/{}", self.fresh_project_for(caller).await),
                None,
            ),
            ("POST", "/projects/{project_id}/members") => {
                let user = if own && succeeds {
                    self.fresh_member("annotator").await.user_id()
                } else {
                    self.pawn_id.clone()
                };
                (path, Some(json!({ "user_id": user })))
            }
            ("DELETE", "/projects/{project_id}/members/{user_id}") => {
                if own && succeeds {
                    // Again, unless still assigned (409) since an earlier caller was refused.
                    let assigned = self
                        .owner()
                        .post(
                            &format!("/projects/{}/members", self.project_a),
                            json!({ "user_id": self.pawn_id }),
                        )
                        .await;
                    assert!(
                        matches!(assigned.status.as_u16(), 201 | 409),
                        "assigning: {}",
                        assigned.body
                    );
                }
                let user = self.sub_target(
                    target,
                    self.pawn_id.clone(),
                    self.b_member_id.clone(),
                    &unknown,
                );
                (path.replace("{user_id}", &user), None)
            }
            ("PUT", "/projects/{project_id}/annotation-ui") => {
                (path, Some(json!({ "schema": sentiment_schema() })))
            }
            ("PUT", "/projects/{project_id}/guideline") => (
                path,
                Some(json!({ "text": "Updated.", "annotation_ui_version": 1 })),
            ),
            (
                "GET",
                "/projects/{project_id}/guideline/versions/{version}"
                | "/projects/{project_id}/annotation-ui/versions/{version}",
            ) => {
                let version = if target == Target::Unknown {
                    "9999"
                } else {
                    "1"
                };
                (path.replace("{version}", version), None)
            }
            ("POST", "/projects/{project_id}/predictions") => {
                let prediction = json!({
                    "external_id": "seed",
                    "model": "matrix",
                    "model_version": self.unique("v"),
                    "value": { "sentiment": "positive" },
                });
                (path, Some(json!({ "predictions": [prediction] })))
            }
            ("POST", "/projects/{project_id}/items") => {
                let external_id = self.unique("imported");
                (
                    path,
                    Some(
                        json!({ "items": [{ "external_id": external_id, "data": { "text": "hello" } }] }),
                    ),
                )
            }
            ("POST", "/projects/{project_id}/items/priorities") => {
                // A fresh item of P, named by its external id.
                let external_id = self.unique("prioritized");
                if own && succeeds {
                    import_texts(self.owner(), &self.project_a, &[(&external_id, "Urgent")]).await;
                }
                let body = json!({ "items": [{ "external_id": external_id, "priority": 2.5 }] });
                (path, Some(body))
            }
            ("POST", "/projects/{project_id}/releases") => {
                (path, Some(json!({ "name": self.unique("release") })))
            }
            ("GET", "/projects/{project_id}/releases/{name}/diff") => {
                let name = if target == Target::Unknown {
                    "no-such-release"
                } else {
                    "base"
                };
                (format!("{}?base=base", path.replace("{name}", name)), None)
            }
            (
                "GET",
                "/projects/{project_id}/releases/{name}"
                | "/projects/{project_id}/releases/{name}/items",
            ) => {
                let name = if target == Target::Unknown {
                    "no-such-release"
                } else {
                    "base"
                };
                (path.replace("{name}", name), None)
            }
            ("PATCH" | "DELETE", "/items/{item_id}") if own => {
                let item = self.fresh_item("item").await;
                let body =
                    (route.method == "PATCH").then(|| json!({ "metadata": { "checked": true } }));
                (format!("/items/{item}"), body)
            }
            ("POST", "/projects/{project_id}/queue/next") => {
                if own && succeeds {
                    self.fresh_item("queued").await;
                }
                (path, Some(json!({})))
            }
            ("POST", "/projects/{project_id}/queue/leases") => {
                if own && succeeds {
                    self.fresh_item("leased").await;
                }
                (path, Some(json!({ "count": 1 })))
            }
            ("POST", "/items/{item_id}/skip") if own && succeeds => {
                // An item the caller has not annotated (the seed item they may have).
                let item = self.fresh_item("skipped").await;
                (format!("/items/{item}/skip"), None)
            }
            ("POST", "/projects/{project_id}/review-queue/next") => {
                // A fresh pending annotation by someone else, free for the caller.
                if own && succeeds {
                    let item = self.fresh_item("to-review").await;
                    label(&self.pawn_annotator, &item, "positive").await;
                }
                (path, None)
            }
            ("POST", "/items/{item_id}/annotations") => {
                let path = if own && succeeds {
                    let item = self.fresh_item("to-annotate").await;
                    format!("/items/{item}/annotations")
                } else {
                    path
                };
                (path, Some(json!({ "value": { "sentiment": "positive" } })))
            }
            ("GET", "/annotations/{annotation_id}" | "/annotations/{annotation_id}/reviews")
                if own =>
            {
                let annotation = if caller.role() == Some("annotator") {
                    self.annotator_annotation.clone()
                } else {
                    self.pawn_annotation.clone()
                };
                (route.path.replace("{annotation_id}", &annotation), None)
            }
            ("PATCH" | "DELETE", "/annotations/{annotation_id}") if own => {
                let annotation = if succeeds {
                    let author = match caller.role() {
                        Some("annotator") => self.client(caller),
                        _ => self.pawn_annotator.clone(),
                    };
                    let item = self.fresh_item("changed").await;
                    label(&author, &item, "positive").await
                } else {
                    self.pawn_annotation.clone()
                };
                let body = (route.method == "PATCH")
                    .then(|| json!({ "value": { "sentiment": "negative" } }));
                (format!("/annotations/{annotation}"), body)
            }
            ("POST", "/annotations/{annotation_id}/reviews") => {
                (path, Some(json!({ "verdict": "accept" })))
            }
            ("PATCH", "/items/{item_id}") => {
                (path, Some(json!({ "metadata": { "checked": true } })))
            }
            ("PATCH", "/annotations/{annotation_id}") => {
                (path, Some(json!({ "value": { "sentiment": "negative" } })))
            }
            ("GET" | "DELETE", _) => (path, None),
            ("POST", _) => (path, Some(json!({}))),
            _ => panic!(
                "the matrix does not know how to call {} {}",
                route.method, route.path
            ),
        };
        (method, path, body)
    }

    fn sub_target(&self, target: Target, own: String, foreign: String, unknown: &str) -> String {
        match target {
            Target::Own => own,
            Target::Other | Target::Foreign => foreign,
            Target::Unknown => unknown.to_owned(),
        }
    }

    /// An organization owned by A's owner in which the caller holds their role.
    async fn fresh_organization_with(&self, caller: Caller) -> String {
        let org = self.server.organization(self.owner(), "Doomed").await;
        let member = match caller {
            Caller::Role(role) if role != "owner" => Some((self.member(role), role)),
            Caller::Unassigned => Some((&self.unassigned, "annotator")),
            _ => None,
        };
        if let Some((member, role)) = member {
            self.owner()
                .post(
                    &format!("/organizations/{org}/members"),
                    json!({ "email": member.email(), "role": role }),
                )
                .await
                .assert_status(201);
            member
                .post(&format!("/me/pending-memberships/{org}/accept"), json!({}))
                .await
                .assert_status(200);
        }
        org
    }

    /// A project of A made by the caller when they may create projects (by the
    /// owner otherwise), which the caller's reviewers and annotators are assigned to.
    async fn fresh_project_for(&self, caller: Caller) -> String {
        let creator = match caller {
            Caller::Role(role @ ("admin" | "manager")) => self.member(role).clone(),
            _ => self.owner().clone(),
        };
        let created = creator
            .post(
                &format!("/organizations/{}/projects", self.org_a),
                json!({ "name": "Doomed" }),
            )
            .await;
        created.assert_status(201);
        let project = created.id("project");
        if let Caller::Role(role @ ("reviewer" | "annotator")) = caller {
            assign(self.owner(), &project, self.member(role)).await;
        }
        project
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

    /// A new organization of the rival's to which the rival added the account
    /// of `email`, pending; its id.
    async fn pending_membership_for(&self, email: &str) -> String {
        let org = self.server.organization(&self.rival, "Adding").await;
        self.rival
            .post(
                &format!("/organizations/{org}/members"),
                json!({ "email": email, "role": "viewer" }),
            )
            .await
            .assert_status(201);
        org
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
}

/// Every caller on every target of the route `method path` gets the status the
/// policy implies, as problem+json when refused, and a refused unsafe request
/// changes nothing.
async fn every_caller_gets_what_the_policy_says(server: TestServer, method: &str, path: &str) {
    let route = ROUTES
        .iter()
        .find(|route| route.method == method && route.path == path)
        .expect("the route is in the table");
    let world = World::build(server).await;
    let mut mismatches = Vec::new();
    let mut cells = 0;
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
                world.server.rows().await
            } else {
                Vec::new()
            };
            let answer = client.request(method, &path, body).await;
            if answer.status.as_u16() != expected {
                mismatches.push(format!(
                    "as {caller:?} on {target:?}: expected {expected}, got {} {}",
                    answer.status,
                    answer
                        .body
                        .to_string()
                        .chars()
                        .take(200)
                        .collect::<String>()
                ));
            } else if expected >= 400 && answer.content_type() != "application/problem+json" {
                mismatches.push(format!("as {caller:?} on {target:?}: not problem+json"));
            }
            if watch && world.server.rows().await != before {
                mismatches.push(format!(
                    "as {caller:?} on {target:?}: refused, but changed the database"
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} {}: {} of {cells} cells differ:\n{}",
        route.method,
        route.path,
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_operation_of_the_api_has_its_entry_in_the_matrix() {
    assert_routes_match_the_openapi_document();
}

#[test]
fn the_matrix_has_its_cells() {
    let cells: usize = ROUTES
        .iter()
        .map(|route| CALLERS.len() * route.targets().len())
        .sum();
    assert!(cells >= 1500, "the matrix has its cells ({cells})");
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

/// Where the matrix's webhooks point: a name, which the server takes (it
/// checks literal addresses when a webhook is made) and refuses at each
/// attempt, for it resolves to loopback.
const WEBHOOK_URL: &str = "http://localhost:9/labelwell";

/// A webhook of `org` for releases, made by its owner `owner`; its id.
async fn subscribe(owner: &Client, org: &str) -> String {
    let created = owner
        .post(
            &format!("/organizations/{org}/webhooks"),
            json!({ "url": WEBHOOK_URL, "events": ["release.created"] }),
        )
        .await;
    created.assert_status(201);
    created.id("webhook")
}

/// The event id of the newest delivery of a webhook.
async fn first_delivery(owner: &Client, org: &str, webhook: &str) -> String {
    let deliveries = owner
        .get(&format!(
            "/organizations/{org}/webhooks/{webhook}/deliveries"
        ))
        .await;
    deliveries.assert_status(200);
    deliveries.body["deliveries"][0]["event_id"]
        .as_str()
        .expect("a delivery of the release")
        .to_owned()
}
