//! Bad input over HTTP: whatever a client sends, the answer is a clear
//! problem+json error with a stable code (and, for fields, the field's path),
//! never a 500, and the database is left exactly as it was.
//!
//! Every route family is covered: auth/signup, auth/login, me/tokens,
//! organizations, members, invitations, invitations/accept and the audit log.

use crate::common::{Answer, Auth, Client, PASSWORD, TestBackend, TestServer};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

backend_tests![
    a_body_that_is_not_json_is_a_400_malformed_json_on_every_route,
    a_json_value_other_than_an_object_is_a_422_and_never_read_by_position,
    a_body_not_sent_as_json_is_a_415_whatever_it_contains,
    fields_of_the_wrong_type_are_a_422_naming_the_field,
    unknown_fields_and_unknown_roles_are_a_422_naming_the_field,
    each_missing_required_field_is_a_422_naming_it,
    empty_and_whitespace_only_strings_are_a_422_naming_the_field,
    overlong_names_emails_and_passwords_are_a_422_naming_the_field,
    strings_exactly_at_the_length_limits_are_accepted,
    unknown_and_malformed_ids_in_every_path_position_are_a_404,
    bad_paging_parameters_are_a_422_naming_the_parameter,
    names_in_any_script_round_trip_exactly,
    control_characters_in_names_and_emails_are_a_422,
    unknown_routes_are_a_404_problem,
    a_known_path_with_the_wrong_method_is_a_405_problem_listing_the_allowed_methods,
    a_signup_whose_invitation_is_refused_creates_no_account,
    no_hostile_request_to_any_route_is_answered_with_a_500,
];

// ---------------------------------------------------------------------------
// The world every test starts from, and the routes that read a JSON body.
// ---------------------------------------------------------------------------

/// An organization with an owner, a member, a pending invitation, an API token,
/// and an account that is not a member yet.
struct World {
    server: TestServer,
    owner: Client,
    org: String,
    member_id: String,
    /// Signed up, not a member: the account the invitation is for.
    invitee: Client,
    invitation_id: String,
    invitation_token: String,
    token_id: String,
}

async fn world(server: &TestServer) -> World {
    let owner = server.sign_up("ada").await;
    let org = server.organization(&owner, "Acme").await;
    let member = server.member(&owner, &org, "bob", "annotator").await;
    server.sign_up("dave").await;
    let invitee = server.sign_up("carol").await;
    let invitation = owner
        .post(
            &format!("/organizations/{org}/invitations"),
            json!({ "email": "carol@example.com", "role": "reviewer" }),
        )
        .await;
    invitation.assert_status(201);
    let token = owner.post("/me/tokens", json!({ "name": "ci" })).await;
    token.assert_status(201);
    World {
        server: server.clone(),
        member_id: member.user_id(),
        invitation_id: invitation.id("invitation"),
        invitation_token: invitation.body["token"]
            .as_str()
            .expect("an invitation token")
            .to_owned(),
        token_id: token.id("token"),
        owner,
        org,
        invitee,
    }
}

/// What a field of a request holds, to know which bad values to try in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Email,
    Password,
    Token,
    Role,
    Days,
    Flag,
    Uuid,
}

/// A route that reads a JSON body, with a body it accepts.
struct JsonRoute {
    label: &'static str,
    client: Client,
    method: Method,
    path: String,
    valid: Value,
    required: &'static [&'static str],
    /// Every field, in the order the request type declares them.
    fields: &'static [(&'static str, Kind)],
}

impl JsonRoute {
    async fn send(&self, body: Value) -> Answer {
        self.client
            .request(self.method.clone(), &self.path, Some(body))
            .await
    }

    async fn send_bytes(&self, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        self.client
            .send_raw(self.method.clone(), &self.path, content_type, body.into())
            .await
    }

    /// The valid body with `field` set to `value`.
    fn with(&self, field: &str, value: Value) -> Value {
        let mut body = self.valid.clone();
        body[field] = value;
        body
    }

    /// The valid body without `field`.
    fn without(&self, field: &str) -> Value {
        let mut body = self.valid.clone();
        if let Some(object) = body.as_object_mut() {
            object.remove(field);
        }
        body
    }

    /// The valid body's text with `field` holding the raw JSON text `raw`.
    fn with_raw(&self, field: &str, raw: &[u8]) -> Vec<u8> {
        let mut text = b"{".to_vec();
        let mut first = true;
        let others = self.valid.as_object().into_iter().flatten();
        for (name, value) in others.filter(|(name, _)| *name != field) {
            if !first {
                text.push(b',');
            }
            first = false;
            text.extend(serde_json::to_vec(name).expect("a key"));
            text.push(b':');
            text.extend(serde_json::to_vec(value).expect("a value"));
        }
        if !first {
            text.push(b',');
        }
        text.extend(serde_json::to_vec(field).expect("a key"));
        text.push(b':');
        text.extend_from_slice(raw);
        text.push(b'}');
        text
    }

    fn fields_of(&self, kind: Kind) -> impl Iterator<Item = &'static str> + '_ {
        self.fields
            .iter()
            .filter(move |(_, k)| *k == kind)
            .map(|(name, _)| *name)
    }
}

/// Every route that reads a JSON body, each with a body it would accept.
fn json_routes(w: &World) -> Vec<JsonRoute> {
    let anonymous = w.server.anonymous();
    let org = &w.org;
    vec![
        JsonRoute {
            label: "POST /auth/signup",
            client: anonymous.clone(),
            method: Method::POST,
            path: "/auth/signup".to_owned(),
            valid: json!({
                "email": "newcomer@example.com",
                "password": PASSWORD,
                "name": "Newcomer",
            }),
            required: &["email", "password", "name"],
            fields: &[
                ("email", Kind::Email),
                ("password", Kind::Password),
                ("name", Kind::Name),
                ("invitation_token", Kind::Token),
            ],
        },
        JsonRoute {
            label: "POST /auth/login",
            client: anonymous,
            method: Method::POST,
            path: "/auth/login".to_owned(),
            valid: json!({ "email": "ada@example.com", "password": PASSWORD }),
            required: &["email", "password"],
            fields: &[("email", Kind::Email), ("password", Kind::Password)],
        },
        JsonRoute {
            label: "POST /me/tokens",
            client: w.owner.clone(),
            method: Method::POST,
            path: "/me/tokens".to_owned(),
            valid: json!({ "name": "pipeline" }),
            required: &["name"],
            fields: &[
                ("name", Kind::Name),
                ("organization_id", Kind::Uuid),
                ("read_only", Kind::Flag),
                ("expires_in_days", Kind::Days),
            ],
        },
        JsonRoute {
            label: "POST /organizations",
            client: w.owner.clone(),
            method: Method::POST,
            path: "/organizations".to_owned(),
            valid: json!({ "name": "Globex" }),
            required: &["name"],
            fields: &[("name", Kind::Name)],
        },
        JsonRoute {
            label: "PATCH /organizations/{org_id}",
            client: w.owner.clone(),
            method: Method::PATCH,
            path: format!("/organizations/{org}"),
            valid: json!({ "name": "Acme Labs" }),
            required: &["name"],
            fields: &[("name", Kind::Name)],
        },
        JsonRoute {
            label: "POST /organizations/{org_id}/members",
            client: w.owner.clone(),
            method: Method::POST,
            path: format!("/organizations/{org}/members"),
            valid: json!({ "email": "dave@example.com", "role": "viewer" }),
            required: &["email", "role"],
            fields: &[("email", Kind::Email), ("role", Kind::Role)],
        },
        JsonRoute {
            label: "PATCH /organizations/{org_id}/members/{user_id}",
            client: w.owner.clone(),
            method: Method::PATCH,
            path: format!("/organizations/{org}/members/{}", w.member_id),
            valid: json!({ "role": "reviewer" }),
            required: &["role"],
            fields: &[("role", Kind::Role)],
        },
        JsonRoute {
            label: "POST /organizations/{org_id}/invitations",
            client: w.owner.clone(),
            method: Method::POST,
            path: format!("/organizations/{org}/invitations"),
            valid: json!({ "email": "erin@example.com", "role": "annotator" }),
            required: &["email", "role"],
            fields: &[
                ("email", Kind::Email),
                ("role", Kind::Role),
                ("expires_in_days", Kind::Days),
            ],
        },
        JsonRoute {
            label: "POST /invitations/accept",
            client: w.invitee.clone(),
            method: Method::POST,
            path: "/invitations/accept".to_owned(),
            valid: json!({ "token": w.invitation_token }),
            required: &["token"],
            fields: &[("token", Kind::Token)],
        },
    ]
}

/// Sends every route its valid body and asserts it succeeds: the refusals a
/// test saw before were for the bad input, not for anything else.
async fn assert_valid_bodies_are_accepted(w: &World) {
    for route in json_routes(w) {
        let answer = route.send(route.valid.clone()).await;
        assert!(
            answer.status.is_success(),
            "{}: the valid body is refused: {} {}",
            route.label,
            answer.status,
            answer.body
        );
    }
}

// ---------------------------------------------------------------------------
// What the database holds, to show a refused request wrote nothing.
// ---------------------------------------------------------------------------

/// Row counts, and counts that any update would change (`updated_at` moving,
/// a revocation, an acceptance, a failed login being counted).
const SNAPSHOT: &[&str] = &[
    "SELECT COUNT(*) FROM users",
    "SELECT COUNT(*) FROM users WHERE updated_at = created_at",
    "SELECT COUNT(*) FROM sessions",
    "SELECT COUNT(*) FROM login_failures",
    "SELECT COUNT(*) FROM organizations",
    "SELECT COUNT(*) FROM organizations WHERE name = 'Acme' AND updated_at = created_at",
    "SELECT COUNT(*) FROM memberships",
    "SELECT COUNT(*) FROM memberships WHERE updated_at = created_at",
    "SELECT COUNT(*) FROM api_tokens",
    "SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL",
    "SELECT COUNT(*) FROM invitations",
    "SELECT COUNT(*) FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL",
    "SELECT COUNT(*) FROM audit_log",
];

async fn snapshot(server: &TestServer) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::with_capacity(SNAPSHOT.len());
    for query in SNAPSHOT {
        counts.push((*query, server.count(query).await));
    }
    counts
}

// ---------------------------------------------------------------------------
// Assertions.
// ---------------------------------------------------------------------------

/// Asserts a 422 whose `errors` name `field` (with `code`, when given).
#[track_caller]
fn assert_invalid(answer: &Answer, field: &str, code: Option<&str>, context: &str) {
    assert_eq!(
        answer.status.as_u16(),
        422,
        "{context}: expected 422 naming `{field}`; got {}",
        answer.body
    );
    answer.assert_problem(422, "validation_failed");
    let errors = answer.body["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let named = errors
        .iter()
        .any(|error| error["field"] == field && code.is_none_or(|code| error["code"] == code));
    assert!(
        named,
        "{context}: the errors do not name `{field}` (code {code:?}): {}",
        answer.body
    );
}

/// Asserts an error status and problem code, with context on failure.
#[track_caller]
fn assert_problem_in(answer: &Answer, status: u16, code: &str, context: &str) {
    assert_eq!(
        (answer.status.as_u16(), answer.code()),
        (status, code),
        "{context}: {}",
        answer.body
    );
    answer.assert_problem(status, code);
}

// ---------------------------------------------------------------------------
// Bodies.
// ---------------------------------------------------------------------------

async fn a_body_that_is_not_json_is_a_400_malformed_json_on_every_route(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    let bodies: [&[u8]; 10] = [
        b"{\"name\": ",
        b"{\"name\": \"x\"} trailing garbage",
        b"{\"email\": \"a@b.c\"}}",
        b"{} {}",
        b"{'name': 'x'}",
        b"{\"name\": \"x\",}",
        b"",
        b"   ",
        b"\xff\xfe{\"name\": \"x\"}",
        b"{\"name\": \"\xc3\x28\"}",
    ];
    for route in json_routes(&w) {
        for body in bodies {
            let answer = route.send_bytes("application/json", body).await;
            let context = format!("{} {:?}", route.label, String::from_utf8_lossy(body));
            assert_problem_in(&answer, 400, "malformed_json", &context);
        }
    }
    assert_eq!(snapshot(&server).await, before);
    assert_valid_bodies_are_accepted(&w).await;
}

async fn a_json_value_other_than_an_object_is_a_422_and_never_read_by_position(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    for route in json_routes(&w) {
        // serde reads a struct from an array of all its fields in order, so
        // this array would be the valid body; a client must never get that far.
        let positional: Value = route
            .fields
            .iter()
            .map(|(field, kind)| match (route.valid.get(field), kind) {
                (Some(value), _) => value.clone(),
                (None, Kind::Flag) => json!(false),
                (None, _) => Value::Null,
            })
            .collect();
        let bodies = [
            positional,
            json!([]),
            json!([route.valid.clone()]),
            json!("Globex"),
            json!(42),
            json!(true),
            Value::Null,
        ];
        for body in bodies {
            let answer = route.send(body.clone()).await;
            assert_invalid(&answer, "", None, &format!("{} {body}", route.label));
        }
    }
    assert_eq!(snapshot(&server).await, before);
    assert_valid_bodies_are_accepted(&w).await;
}

async fn a_body_not_sent_as_json_is_a_415_whatever_it_contains(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    for route in json_routes(&w) {
        let json_text = route.valid.to_string();
        let form: String = route
            .valid
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, value)| format!("{name}={}", value.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("&");
        let attempts = [
            ("text/plain", json_text.clone()),
            ("text/plain; charset=utf-8", json_text.clone()),
            ("application/x-www-form-urlencoded", form),
            (
                "multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nGlobex\r\n--x--\r\n"
                    .to_owned(),
            ),
            ("application/xml", "<name>Globex</name>".to_owned()),
            ("text/json", json_text.clone()),
            ("application/jsonx", json_text.clone()),
            ("json", json_text.clone()),
        ];
        for (content_type, body) in attempts {
            let answer = route.send_bytes(content_type, body).await;
            let context = format!("{} as {content_type}", route.label);
            assert_problem_in(&answer, 415, "unsupported_media_type", &context);
        }
        // No Content-Type at all.
        let request = authorized(
            &route.client,
            route
                .client
                .http()
                .request(route.method.clone(), server.url(&route.path))
                .body(json_text),
        );
        let answer = answer_of(request.send().await.expect("the server answers")).await;
        let context = format!("{} without a content type", route.label);
        assert_problem_in(&answer, 415, "unsupported_media_type", &context);
    }
    assert_eq!(snapshot(&server).await, before);
    // A charset parameter and letter case do not make JSON anything else.
    let route = json_routes(&w).swap_remove(3);
    let accepted = route
        .send_bytes(
            "Application/JSON; charset=utf-8",
            route.valid.to_string().into_bytes(),
        )
        .await;
    accepted.assert_status(201);
}

// ---------------------------------------------------------------------------
// Fields.
// ---------------------------------------------------------------------------

/// Values of the wrong type for a field of `kind`.
fn wrong_types(kind: Kind) -> Vec<Value> {
    match kind {
        Kind::Name | Kind::Email | Kind::Password | Kind::Token => {
            vec![json!(42), json!(true), json!(["x"]), json!({ "x": "y" })]
        }
        Kind::Role => vec![
            json!(1),
            json!(true),
            json!(["admin"]),
            json!({ "role": "admin" }),
        ],
        Kind::Days => vec![
            json!("30"),
            json!(-1),
            json!(1.5),
            json!(true),
            json!(4_294_967_296_u64),
        ],
        Kind::Flag => vec![json!("yes"), json!("true"), json!(1), json!([true])],
        Kind::Uuid => vec![json!("not-a-uuid"), json!("123"), json!(42), json!("")],
    }
}

async fn fields_of_the_wrong_type_are_a_422_naming_the_field(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    for route in json_routes(&w) {
        for (field, kind) in route.fields {
            for value in wrong_types(*kind) {
                let answer = route.send(route.with(field, value.clone())).await;
                let context = format!("{} with {field} = {value}", route.label);
                assert_invalid(&answer, field, Some("invalid"), &context);
            }
        }
        // `null` is no value for a required field.
        for field in route.required {
            let answer = route.send(route.with(field, Value::Null)).await;
            let context = format!("{} with {field} = null", route.label);
            assert_invalid(&answer, field, Some("invalid"), &context);
        }
    }
    // Numbers the type holds, but the field does not allow.
    let routes = json_routes(&w);
    for route in &routes {
        for field in route.fields_of(Kind::Days) {
            for days in [0, 100_000] {
                let answer = route.send(route.with(field, json!(days))).await;
                let context = format!("{} with {field} = {days}", route.label);
                assert_invalid(&answer, field, Some("out_of_range"), &context);
            }
        }
    }
    assert_eq!(snapshot(&server).await, before);
    assert_valid_bodies_are_accepted(&w).await;
}

async fn unknown_fields_and_unknown_roles_are_a_422_naming_the_field(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    for route in json_routes(&w) {
        for unknown in ["is_admin", "Name", "role ", "id"] {
            if route.fields.iter().any(|(name, _)| *name == unknown) {
                continue;
            }
            let answer = route.send(route.with(unknown, json!(true))).await;
            let context = format!("{} with the unknown field {unknown:?}", route.label);
            assert_invalid(&answer, unknown, Some("unknown_field"), &context);
            assert_eq!(
                answer.body["errors"].as_array().map(Vec::len),
                Some(1),
                "{context}: {}",
                answer.body
            );
        }
        for field in route.fields_of(Kind::Role) {
            for role in ["superuser", "Owner", "ADMIN", "root", " viewer", ""] {
                let answer = route.send(route.with(field, json!(role))).await;
                let context = format!("{} with role {role:?}", route.label);
                assert_invalid(&answer, field, Some("invalid"), &context);
            }
        }
    }
    assert_eq!(snapshot(&server).await, before);
    assert_valid_bodies_are_accepted(&w).await;
}

async fn each_missing_required_field_is_a_422_naming_it(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    for route in json_routes(&w) {
        for field in route.required {
            let answer = route.send(route.without(field)).await;
            let context = format!("{} without {field}", route.label);
            assert_invalid(&answer, field, Some("required"), &context);
        }
        // With nothing at all, the first required field is named.
        let answer = route.send(json!({})).await;
        assert_invalid(
            &answer,
            route.required[0],
            Some("required"),
            &format!("{} with {{}}", route.label),
        );
    }
    assert_eq!(snapshot(&server).await, before);
    assert_valid_bodies_are_accepted(&w).await;
}

async fn empty_and_whitespace_only_strings_are_a_422_naming_the_field(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    let blanks = ["", " ", "   \t  ", "\u{3000}", "\u{a0}\u{2003}"];
    for route in json_routes(&w) {
        for (field, kind) in route.fields {
            let values: &[&str] = match kind {
                Kind::Name | Kind::Email | Kind::Token | Kind::Role => &blanks,
                // Spaces are fair characters of a password; only empty is blank.
                Kind::Password => &[""],
                Kind::Days | Kind::Flag | Kind::Uuid => &[],
            };
            for value in values {
                let answer = route.send(route.with(field, json!(value))).await;
                let context = format!("{} with {field} = {value:?}", route.label);
                assert_invalid(&answer, field, None, &context);
            }
        }
    }
    assert_eq!(snapshot(&server).await, before);
    assert_valid_bodies_are_accepted(&w).await;
}

async fn overlong_names_emails_and_passwords_are_a_422_naming_the_field(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    let long_email = format!("{}@example.com", "a".repeat(255 - "@example.com".len()));
    assert_eq!(long_email.chars().count(), 255);
    for route in json_routes(&w) {
        for field in route.fields_of(Kind::Name) {
            for name in ["x".repeat(201), "🦀".repeat(201), "名".repeat(5000)] {
                let answer = route.send(route.with(field, json!(name))).await;
                let context = format!(
                    "{} with a {}-char {field}",
                    route.label,
                    name.chars().count()
                );
                assert_invalid(&answer, field, Some("too_long"), &context);
            }
        }
        for field in route.fields_of(Kind::Email) {
            let answer = route.send(route.with(field, json!(long_email))).await;
            let context = format!("{} with a 255-char {field}", route.label);
            assert_invalid(&answer, field, Some("too_long"), &context);
        }
        for field in route.fields_of(Kind::Password) {
            // The limit is in characters, as the spec's maxLength counts them.
            for password in ["x".repeat(1025), "€".repeat(1025), "p".repeat(100_000)] {
                let answer = route.send(route.with(field, json!(password))).await;
                let context = format!(
                    "{} with a {}-char {field}",
                    route.label,
                    password.chars().count()
                );
                assert_invalid(&answer, field, Some("too_long"), &context);
            }
        }
    }
    assert_eq!(snapshot(&server).await, before);
    assert_valid_bodies_are_accepted(&w).await;
}

async fn strings_exactly_at_the_length_limits_are_accepted(server: TestServer) {
    let ada = server.sign_up("ada").await;
    for name in ["x".repeat(200), "🦀".repeat(200)] {
        let created = ada.post("/organizations", json!({ "name": name })).await;
        created.assert_status(201);
        assert_eq!(created.body["organization"]["name"], name.as_str());
        let token = ada.post("/me/tokens", json!({ "name": name })).await;
        token.assert_status(201);
    }
    let email = format!("{}@example.com", "b".repeat(254 - "@example.com".len()));
    let password = "€".repeat(1024);
    assert_eq!(
        (email.chars().count(), password.chars().count()),
        (254, 1024)
    );
    let anonymous = server.anonymous();
    let signup = anonymous
        .post(
            "/auth/signup",
            json!({ "email": email, "password": password, "name": "z".repeat(200) }),
        )
        .await;
    signup.assert_status(201);
    let login = anonymous
        .post(
            "/auth/login",
            json!({ "email": email, "password": password }),
        )
        .await;
    login.assert_status(200);
    assert_eq!(login.body["user"]["email"], email.as_str());
}

// ---------------------------------------------------------------------------
// Ids in paths.
// ---------------------------------------------------------------------------

/// Every route with an id in its path, the id in `{}` at one position.
fn id_positions(w: &World) -> Vec<(Method, String, Option<Value>)> {
    let (org, member, invitation) = (&w.org, &w.member_id, &w.invitation_id);
    let rename = Some(json!({ "name": "Renamed" }));
    let add = Some(json!({ "email": "dave@example.com", "role": "viewer" }));
    let role = Some(json!({ "role": "reviewer" }));
    let invite = Some(json!({ "email": "erin@example.com", "role": "annotator" }));
    vec![
        (Method::GET, "/organizations/{}".to_owned(), None),
        (Method::PATCH, "/organizations/{}".to_owned(), rename),
        (Method::DELETE, "/organizations/{}".to_owned(), None),
        (Method::GET, "/organizations/{}/members".to_owned(), None),
        (Method::POST, "/organizations/{}/members".to_owned(), add),
        (
            Method::PATCH,
            format!("/organizations/{{}}/members/{member}"),
            role.clone(),
        ),
        (
            Method::DELETE,
            format!("/organizations/{{}}/members/{member}"),
            None,
        ),
        (
            Method::PATCH,
            format!("/organizations/{org}/members/{{}}"),
            role,
        ),
        (
            Method::DELETE,
            format!("/organizations/{org}/members/{{}}"),
            None,
        ),
        (
            Method::GET,
            "/organizations/{}/invitations".to_owned(),
            None,
        ),
        (
            Method::POST,
            "/organizations/{}/invitations".to_owned(),
            invite,
        ),
        (
            Method::DELETE,
            format!("/organizations/{{}}/invitations/{invitation}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/organizations/{org}/invitations/{{}}"),
            None,
        ),
        (Method::GET, "/organizations/{}/audit-log".to_owned(), None),
        (Method::DELETE, "/me/tokens/{}".to_owned(), None),
    ]
}

async fn unknown_and_malformed_ids_in_every_path_position_are_a_404(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    let fresh = uuid::Uuid::now_v7().to_string();
    let ids = [
        fresh.as_str(),
        "00000000-0000-0000-0000-000000000000",
        "not-a-uuid",
        "123",
        "%FF",
        "%C3%28",
        "%00",
        "%20",
        &w.member_id,
    ];
    for (method, template, body) in id_positions(&w) {
        for id in ids {
            // The member's user id is a real id, of another kind, everywhere
            // but in the member positions.
            if id == w.member_id && template.contains("/members/{}") {
                continue;
            }
            let path = template.replace("{}", id);
            let answer = w.owner.request(method.clone(), &path, body.clone()).await;
            assert_problem_in(&answer, 404, "not_found", &format!("{method} {path}"));
        }
    }
    // Ids of another kind where tokens and invitations are named.
    let org = &w.org;
    let crossed = [
        format!("/me/tokens/{}", w.invitation_id),
        format!("/organizations/{org}/invitations/{}", w.token_id),
    ];
    for path in crossed {
        let answer = w.owner.delete(&path).await;
        assert_problem_in(&answer, 404, "not_found", &format!("DELETE {path}"));
    }
    // Another account's token is not there for the caller.
    let answer = w
        .invitee
        .delete(&format!("/me/tokens/{}", w.token_id))
        .await;
    assert_problem_in(&answer, 404, "not_found", "another account's token");
    assert_eq!(snapshot(&server).await, before);
    // The real ids are found.
    w.owner
        .get(&format!("/organizations/{org}"))
        .await
        .assert_status(200);
    w.owner
        .delete(&format!(
            "/organizations/{org}/invitations/{}",
            w.invitation_id
        ))
        .await
        .assert_status(204);
    w.owner
        .delete(&format!("/me/tokens/{}", w.token_id))
        .await
        .assert_status(204);
    w.owner
        .delete(&format!("/organizations/{org}/members/{}", w.member_id))
        .await
        .assert_status(204);
}

// ---------------------------------------------------------------------------
// Query strings.
// ---------------------------------------------------------------------------

async fn bad_paging_parameters_are_a_422_naming_the_parameter(server: TestServer) {
    let w = world(&server).await;
    let org = &w.org;
    let lists = [
        "/me/organizations".to_owned(),
        "/me/tokens".to_owned(),
        format!("/organizations/{org}/members"),
        format!("/organizations/{org}/invitations"),
        format!("/organizations/{org}/audit-log"),
    ];
    let bad = [
        ("limit=abc", "limit", "invalid"),
        ("limit=-1", "limit", "invalid"),
        ("limit=1.5", "limit", "invalid"),
        ("limit=", "limit", "invalid"),
        ("limit=99999999999", "limit", "invalid"),
        ("limit=0", "limit", "out_of_range"),
        ("limit=1001", "limit", "out_of_range"),
        ("limit=5000", "limit", "out_of_range"),
        ("limit=1&limit=2", "limit", "duplicate_field"),
        ("cursor=garbage", "cursor", "invalid"),
        ("cursor=%FF%FE", "cursor", "invalid"),
        ("cursor=%00", "cursor", "invalid"),
        // Base64 of `{"a":1}`: decodes, but is no key of any list.
        ("cursor=eyJhIjoxfQ", "cursor", "invalid"),
        // Base64 of `"not-a-uuid"`.
        ("cursor=Im5vdC1hLXV1aWQi", "cursor", "invalid"),
    ];
    for list in &lists {
        for (query, field, code) in bad {
            let answer = w.owner.get(&format!("{list}?{query}")).await;
            assert_invalid(&answer, field, Some(code), &format!("GET {list}?{query}"));
        }
        // The bounds themselves are fine, and a real cursor is followed.
        let all = w.owner.get(&format!("{list}?limit=1000")).await;
        all.assert_status(200);
        assert_eq!(all.body["pagination"]["limit"], 1000, "{list}");
        let first = w.owner.get(&format!("{list}?limit=1")).await;
        first.assert_status(200);
        if let Some(cursor) = first.body["pagination"]["next_cursor"].as_str() {
            let next = w
                .owner
                .get(&format!("{list}?limit=1&cursor={cursor}"))
                .await;
            next.assert_status(200);
        }
    }
    let members = w
        .owner
        .get(&format!("/organizations/{org}/members?limit=1"))
        .await;
    assert!(
        members.body["pagination"]["next_cursor"].is_string(),
        "two members make two pages: {}",
        members.body
    );
}

// ---------------------------------------------------------------------------
// Text.
// ---------------------------------------------------------------------------

/// Names in many scripts, none of them normalized, trimmed or reordered.
const UNICODE_NAMES: &[&str] = &[
    "🦀 Ferris & 👩‍👩‍👧‍👦 🇺🇦",
    "株式会社ラベルウェル",
    "라벨웰 연구소",
    "e\u{301}cole",
    "\u{e9}cole",
    "Z\u{0351}\u{0357}a\u{0308}\u{0301}lgo",
    "שלום עולם",
    "مرحبا بالعالم",
    "abc \u{200f}שלום\u{200e} def",
    "Ελληνικά Кириллица ქართული",
    "𝕄𝕒𝕥𝕙 𓀀",
];

async fn names_in_any_script_round_trip_exactly(server: TestServer) {
    let ada = server.sign_up("ada").await;
    for (i, name) in UNICODE_NAMES.iter().enumerate() {
        let name = *name;
        let created = ada.post("/organizations", json!({ "name": name })).await;
        created.assert_status(201);
        assert_eq!(created.body["organization"]["name"], name);
        let id = created.id("organization");
        let read = ada.get(&format!("/organizations/{id}")).await;
        assert_eq!(read.body["organization"]["name"], name);
        let stored = server
            .count(&format!(
                "SELECT COUNT(*) FROM organizations WHERE name = '{name}'"
            ))
            .await;
        assert_eq!(stored, 1, "{name:?} is stored exactly");
        let renamed = format!("{name} ✓");
        let patched = ada
            .patch(&format!("/organizations/{id}"), json!({ "name": renamed }))
            .await;
        patched.assert_status(200);
        assert_eq!(
            ada.get(&format!("/organizations/{id}")).await.body["organization"]["name"],
            renamed.as_str()
        );
        let token = ada.post("/me/tokens", json!({ "name": name })).await;
        token.assert_status(201);
        assert_eq!(token.body["token"]["name"], name);
        let email = format!("person{i}@example.com");
        let person = server
            .anonymous()
            .post(
                "/auth/signup",
                json!({ "email": email, "password": PASSWORD, "name": name }),
            )
            .await;
        person.assert_status(201);
        assert_eq!(person.body["user"]["name"], name);
        ada.post(
            &format!("/organizations/{id}/members"),
            json!({ "email": email, "role": "viewer" }),
        )
        .await
        .assert_status(201);
        let members = ada.get(&format!("/organizations/{id}/members")).await;
        let listed = members.body["members"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            listed.iter().any(|member| member["name"] == name),
            "{name:?} among {}",
            members.body
        );
    }
    let tokens = ada.get("/me/tokens?limit=1000").await;
    let names: Vec<&str> = tokens.body["tokens"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|token| token["name"].as_str())
        .collect();
    for name in UNICODE_NAMES {
        assert!(names.contains(name), "{name:?} among {names:?}");
    }
}

async fn control_characters_in_names_and_emails_are_a_422(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    let names = [
        "a\u{0}b",
        "\u{0}",
        "bell\u{7}",
        "\u{1b}[31mred",
        "del\u{7f}",
        "line\nbreak",
        "tab\tbed",
        "carriage\rreturn",
        "next\u{85}line",
    ];
    let emails = [
        "ada\u{0}@example.com",
        "ada@example.com\u{0}",
        "ada@exa\nmple.com",
        "ada\u{7f}@example.com",
    ];
    for route in json_routes(&w) {
        for field in route.fields_of(Kind::Name) {
            for name in names {
                let answer = route.send(route.with(field, json!(name))).await;
                let context = format!("{} with {field} = {name:?}", route.label);
                assert_invalid(&answer, field, Some("invalid"), &context);
            }
        }
        for field in route.fields_of(Kind::Email) {
            for email in emails {
                let answer = route.send(route.with(field, json!(email))).await;
                let context = format!("{} with {field} = {email:?}", route.label);
                assert_invalid(&answer, field, Some("invalid"), &context);
            }
        }
    }
    assert_eq!(snapshot(&server).await, before);
    assert_valid_bodies_are_accepted(&w).await;
}

// ---------------------------------------------------------------------------
// Routes and methods.
// ---------------------------------------------------------------------------

async fn unknown_routes_are_a_404_problem(server: TestServer) {
    let w = world(&server).await;
    let org = &w.org;
    let paths = [
        "/api/v1/nope".to_owned(),
        "/api/v1/organization".to_owned(),
        "/api/v1/organizations/".to_owned(),
        format!("/api/v1/organizations/{org}/nope"),
        format!("/api/v1/organizations/{org}/members/{}/extra", w.member_id),
        format!("/api/v1/me/tokens/{}/extra", w.token_id),
        "/api/v1".to_owned(),
        "/api/v1/".to_owned(),
        "/api/v2/organizations".to_owned(),
        "/nope".to_owned(),
        "/API/V1/ORGANIZATIONS".to_owned(),
    ];
    let before = snapshot(&server).await;
    for path in &paths {
        // A GET outside /api is a page of the web app (server/tests/it/web_app.rs).
        let methods = match path.starts_with("/api/") {
            true => vec![Method::GET, Method::POST, Method::DELETE],
            false => vec![Method::POST, Method::DELETE],
        };
        for method in methods {
            let request = authorized(
                &w.owner,
                w.owner
                    .http()
                    .request(method.clone(), format!("{}{path}", server.base_url()))
                    .json(&json!({ "name": "x" })),
            );
            let answer = answer_of(request.send().await.expect("the server answers")).await;
            assert_problem_in(&answer, 404, "not_found", &format!("{method} {path}"));
        }
    }
    assert_eq!(snapshot(&server).await, before);
}

async fn a_known_path_with_the_wrong_method_is_a_405_problem_listing_the_allowed_methods(
    server: TestServer,
) {
    let w = world(&server).await;
    let (org, member, token) = (&w.org, &w.member_id, &w.token_id);
    let wrong = [
        (Method::PUT, "/organizations".to_owned(), "POST"),
        (Method::DELETE, "/organizations".to_owned(), "POST"),
        (Method::GET, "/auth/signup".to_owned(), "POST"),
        (Method::GET, "/auth/login".to_owned(), "POST"),
        (Method::DELETE, "/auth/logout".to_owned(), "POST"),
        (Method::PATCH, "/me".to_owned(), "GET"),
        (Method::POST, "/me/organizations".to_owned(), "GET"),
        (Method::PUT, "/me/tokens".to_owned(), "POST"),
        (Method::GET, format!("/me/tokens/{token}"), "DELETE"),
        (Method::PUT, format!("/organizations/{org}"), "PATCH"),
        (Method::POST, format!("/organizations/{org}"), "DELETE"),
        (Method::PUT, format!("/organizations/{org}/members"), "POST"),
        (
            Method::GET,
            format!("/organizations/{org}/members/{member}"),
            "PATCH",
        ),
        (
            Method::PUT,
            format!("/organizations/{org}/invitations"),
            "GET",
        ),
        (
            Method::GET,
            format!("/organizations/{org}/invitations/{}", w.invitation_id),
            "DELETE",
        ),
        (Method::GET, "/invitations/accept".to_owned(), "POST"),
        (
            Method::POST,
            format!("/organizations/{org}/audit-log"),
            "GET",
        ),
    ];
    let before = snapshot(&server).await;
    for (method, path, allowed) in wrong {
        let answer = w
            .owner
            .request(method.clone(), &path, Some(json!({ "name": "x" })))
            .await;
        let context = format!("{method} {path}");
        assert_problem_in(&answer, 405, "method_not_allowed", &context);
        let allow = answer
            .headers
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let methods: Vec<&str> = allow.split(',').map(str::trim).collect();
        assert!(methods.contains(&allowed), "{context}: Allow: {allow}");
        assert!(
            !methods.contains(&method.as_str()),
            "{context}: Allow: {allow}"
        );
    }
    assert_eq!(snapshot(&server).await, before);
}

// ---------------------------------------------------------------------------
// Half-written data.
// ---------------------------------------------------------------------------

async fn a_signup_whose_invitation_is_refused_creates_no_account(server: TestServer) {
    let w = world(&server).await;
    let before = snapshot(&server).await;
    let anonymous = server.anonymous();
    let signup = |token: &str| {
        json!({
            "email": "newcomer@example.com",
            "password": PASSWORD,
            "name": "Newcomer",
            "invitation_token": token,
        })
    };
    // No such invitation.
    let unknown = anonymous
        .post("/auth/signup", signup("lwi_no-such-invitation"))
        .await;
    assert_problem_in(&unknown, 404, "not_found", "an unknown invitation");
    // An invitation for another email: the account would be created, then the
    // invitation refused; neither may stay.
    let other = anonymous
        .post("/auth/signup", signup(&w.invitation_token))
        .await;
    assert_problem_in(
        &other,
        403,
        "invitation_for_another_email",
        "another email's invitation",
    );
    let blank = anonymous.post("/auth/signup", signup("  ")).await;
    assert_invalid(
        &blank,
        "invitation_token",
        Some("required"),
        "a blank invitation",
    );
    assert_eq!(snapshot(&server).await, before);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM users WHERE email_normalized = 'newcomer@example.com'")
            .await,
        0
    );
    // Without the invitation the same account is created.
    let mut plain = signup("");
    if let Some(object) = plain.as_object_mut() {
        object.remove("invitation_token");
    }
    anonymous
        .post("/auth/signup", plain)
        .await
        .assert_status(201);
}

// ---------------------------------------------------------------------------
// Oversized bodies, with and without Content-Length.
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_a_413_with_or_without_a_content_length_on_sqlite() {
    if !TestBackend::Sqlite.selected() {
        return;
    }
    let server = TestServer::start_with(TestBackend::Sqlite, |c| c.body_limit = 1024).await;
    oversized_bodies_are_a_413(&server).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_a_413_with_or_without_a_content_length_on_postgres() {
    if !TestBackend::Postgres.selected() {
        return;
    }
    let server = TestServer::start_with(TestBackend::Postgres, |c| c.body_limit = 1024).await;
    oversized_bodies_are_a_413(&server).await;
    server.stop().await;
}

async fn oversized_bodies_are_a_413(server: &TestServer) {
    let w = world(server).await;
    let routes = json_routes(&w);
    // A raw socket carries no cookies: session callers send a token instead.
    let mut bearers = Vec::with_capacity(routes.len());
    for route in &routes {
        bearers.push(bearer_of(&route.client).await);
    }
    let before = snapshot(server).await;
    for (route, bearer) in routes.iter().zip(&bearers) {
        // Valid JSON, made large by whitespace alone: only the size is wrong.
        let padded = |size: usize| {
            let mut body = route.valid.to_string().into_bytes();
            body.resize(size, b' ');
            body
        };
        let sized = route.send_bytes("application/json", padded(2048)).await;
        let context = format!("{} with 2 KiB", route.label);
        assert_problem_in(&sized, 413, "payload_too_large", &context);

        let chunked = send_chunked(
            server,
            &route.method,
            &route.path,
            bearer.as_deref(),
            &padded(2048),
        )
        .await;
        let context = format!("{} with 2 KiB in chunks", route.label);
        assert_problem_in(&chunked, 413, "payload_too_large", &context);

        // Just under the limit the body is read: `{}` is missing its fields.
        let mut small = b"{}".to_vec();
        small.resize(1000, b' ');
        let read = route.send_bytes("application/json", small.clone()).await;
        assert_invalid(&read, route.required[0], Some("required"), route.label);
        let read = send_chunked(
            server,
            &route.method,
            &route.path,
            bearer.as_deref(),
            &small,
        )
        .await;
        assert_invalid(&read, route.required[0], Some("required"), route.label);
    }
    assert_eq!(snapshot(server).await, before);
    let route = json_routes(&w).swap_remove(3);
    let mut body = route.valid.to_string().into_bytes();
    body.resize(1024, b' ');
    route
        .send_bytes("application/json", body)
        .await
        .assert_status(201);
}

/// A bearer token for `client`'s account (none for an anonymous client),
/// for requests sent on a raw socket, which carries no cookies.
async fn bearer_of(client: &Client) -> Option<String> {
    match client.auth() {
        Auth::None => None,
        Auth::Bearer(secret) => Some(secret.clone()),
        Auth::Session { .. } => match client.token(json!({ "name": "raw socket" })).await.auth() {
            Auth::Bearer(secret) => Some(secret.clone()),
            _ => None,
        },
    }
}

/// Sends `body` with `Transfer-Encoding: chunked` and no `Content-Length`, on a
/// raw socket, and reads the answer.
async fn send_chunked(
    server: &TestServer,
    method: &Method,
    path: &str,
    bearer: Option<&str>,
    body: &[u8],
) -> Answer {
    let address = server.base_url().trim_start_matches("http://");
    let mut head = format!(
        "{method} /api/v1{path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n"
    );
    if let Some(secret) = bearer {
        head.push_str(&format!("Authorization: Bearer {secret}\r\n"));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    for chunk in body.chunks(200) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    stream.write_all(&request).await.expect("send the request");
    let mut response = Vec::new();
    let mut buffer = [0_u8; 4096];
    // The server may close before it read the whole body; what it answered
    // before that is all there is to read.
    while let Ok(read) = stream.read(&mut buffer).await {
        if read == 0 {
            break;
        }
        response.extend_from_slice(&buffer[..read]);
    }
    parse_response(&response)
}

/// An HTTP/1.1 response with a `Content-Length` body, as an [`Answer`].
fn parse_response(response: &[u8]) -> Answer {
    let split = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let body = &response[split + 4..];
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .and_then(|code| reqwest::StatusCode::from_u16(code).ok())
        .expect("a status line");
    let mut headers = reqwest::header::HeaderMap::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let name = reqwest::header::HeaderName::from_bytes(name.trim().as_bytes());
            let value = reqwest::header::HeaderValue::from_str(value.trim());
            if let (Ok(name), Ok(value)) = (name, value) {
                headers.append(name, value);
            }
        }
    }
    let body = serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()));
    Answer {
        status,
        headers,
        body,
    }
}

// ---------------------------------------------------------------------------
// No 500, whatever is sent.
// ---------------------------------------------------------------------------

/// Request bodies built to break parsers, for one route.
fn hostile_bodies(route: &JsonRoute) -> Vec<(String, Vec<u8>)> {
    let deep_arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let megabyte = serde_json::to_vec(&"m".repeat(1 << 20)).expect("a string");
    let megabyte_unicode = serde_json::to_vec(&"🦀".repeat(1 << 18)).expect("a string");
    let valid = route.valid.to_string();
    let mut bodies: Vec<(String, Vec<u8>)> = vec![
        ("deep arrays".into(), deep_arrays.clone().into_bytes()),
        ("deep objects".into(), deep_objects.clone().into_bytes()),
        ("unclosed nesting".into(), "[".repeat(100_000).into_bytes()),
        ("invalid UTF-8".into(), b"\xff\xfe\xfd\xfc".to_vec()),
        (
            "overlong UTF-8".into(),
            b"{\"name\": \"\xc0\xaf\"}".to_vec(),
        ),
        (
            "UTF-16".into(),
            "{\"name\":\"x\"}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ),
        (
            "a byte order mark".into(),
            [b"\xef\xbb\xbf".as_slice(), valid.as_bytes()].concat(),
        ),
        ("NUL bytes".into(), vec![0; 64]),
        (
            "a huge number".into(),
            format!("1{}", "0".repeat(100_000)).into_bytes(),
        ),
        (
            "unknown fields with a megabyte".into(),
            [b"{\"junk\":".as_slice(), &megabyte, b"}"].concat(),
        ),
        (
            "a thousand unknown fields".into(),
            format!(
                "{{{}}}",
                (0..1000)
                    .map(|i| format!("\"f{i}\":{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
            .into_bytes(),
        ),
    ];
    let numbers = [
        "1e400",
        "-1e400",
        "1e-400",
        "99999999999999999999999999999",
        "18446744073709551616",
        "-9223372036854775809",
        "-0",
        "0.0000000000000000000000001",
        "NaN",
        "Infinity",
    ];
    for (field, _) in route.fields {
        let mut raw: Vec<(String, Vec<u8>)> = vec![
            ("deep arrays".into(), deep_arrays.clone().into_bytes()),
            ("deep objects".into(), deep_objects.clone().into_bytes()),
            ("a megabyte".into(), megabyte.clone()),
            ("a megabyte of emoji".into(), megabyte_unicode.clone()),
            ("invalid UTF-8".into(), b"\"\xff\xfe\"".to_vec()),
            ("a lone surrogate".into(), b"\"\\ud800\"".to_vec()),
            ("a NUL".into(), b"\"a\\u0000b\"".to_vec()),
            (
                "control characters".into(),
                b"\"\\u0001\\u001b\\u007f\\u0085\"".to_vec(),
            ),
        ];
        raw.extend(
            numbers
                .iter()
                .map(|n| (format!("the number {n}"), n.as_bytes().to_vec())),
        );
        for (what, value) in raw {
            bodies.push((format!("{what} in {field}"), route.with_raw(field, &value)));
        }
        // The key twice before the valid body's own fields (three times, when
        // the valid body has it too).
        let value = route.valid[*field].to_string();
        let duplicated = format!(
            "{{\"{field}\":{value},\"{field}\":{value},{}",
            valid.trim_start_matches('{')
        );
        bodies.push((format!("{field} twice"), duplicated.into_bytes()));
    }
    bodies
}

async fn no_hostile_request_to_any_route_is_answered_with_a_500(server: TestServer) {
    let w = world(&server).await;
    let leaving = server.sign_up("eve").await;
    let before = snapshot(&server).await;
    let mut answers: Vec<(String, Answer)> = Vec::new();
    for route in json_routes(&w) {
        for (what, body) in hostile_bodies(&route) {
            let answer = route.send_bytes("application/json", body).await;
            let what = format!("{}: {what}", route.label);
            // Refused for what it is (or, well-formed enough, for a wrong
            // password or an unknown invitation), never accepted.
            assert!(
                [400, 401, 404, 422, 429].contains(&answer.status.as_u16()),
                "{what}: {} {}",
                answer.status,
                answer.body
            );
            answers.push((what, answer));
        }
    }
    // Hostile paths and query strings on the routes that read them.
    let org = &w.org;
    let long = "a".repeat(10_000);
    let paths = [
        format!("/organizations/{long}"),
        format!("/organizations/{org}/members?cursor={long}"),
        format!("/organizations/{org}/audit-log?limit=%00&cursor=%FF"),
        format!("/organizations/{org}/invitations?limit=1e400"),
        format!(
            "/organizations/{org}/invitations?cursor={}",
            "%FF".repeat(1000)
        ),
        "/me/tokens?limit[]=1&cursor[a]=b".to_owned(),
        "/me/organizations?%FF=%FE&=&&&".to_owned(),
        "/organizations/%2F..%2F..%2Fetc%2Fpasswd".to_owned(),
        format!("/organizations/{org}/members/%FF%FE"),
        format!("/organizations/{org}/invitations/%00"),
        "/me/tokens/%FF".to_owned(),
    ];
    for path in paths {
        for method in [Method::GET, Method::DELETE, Method::PATCH] {
            let answer = w.owner.request(method.clone(), &path, None).await;
            answers.push((format!("{method} {path}"), answer));
        }
    }
    // Failed logins are counted, as they should be; nothing else is written.
    let unchanged = |counts: Vec<(&'static str, i64)>| {
        counts
            .into_iter()
            .filter(|(query, _)| !query.contains("login_failures"))
            .collect::<Vec<_>>()
    };
    assert_eq!(unchanged(snapshot(&server).await), unchanged(before));
    // Logout reads no body, whatever it is sent.
    let logout = leaving
        .send_raw(
            Method::POST,
            "/auth/logout",
            "application/json",
            b"\xff[[[".to_vec(),
        )
        .await;
    answers.push(("POST /auth/logout with garbage".into(), logout));
    for (what, answer) in &answers {
        assert!(
            answer.status.as_u16() < 500,
            "{what}: {} {}",
            answer.status,
            answer.body
        );
        if answer.status.as_u16() >= 400 {
            assert_eq!(
                answer.content_type(),
                "application/problem+json",
                "{what}: {}",
                answer.body
            );
            assert_eq!(answer.body["status"], answer.status.as_u16(), "{what}");
        }
    }
    // And the server still serves.
    w.owner.get("/me").await.assert_status(200);
    server
        .sign_up("after")
        .await
        .get("/me")
        .await
        .assert_status(200);
}

// ---------------------------------------------------------------------------
// Plain requests.
// ---------------------------------------------------------------------------

/// `builder` with `client`'s credentials (its cookies come with its HTTP client).
fn authorized(client: &Client, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    match client.auth() {
        Auth::None => builder,
        Auth::Session { csrf_token } => builder.header("x-csrf-token", csrf_token),
        Auth::Bearer(secret) => builder.bearer_auth(secret),
    }
}

async fn answer_of(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Answer {
        status,
        headers,
        body,
    }
}
