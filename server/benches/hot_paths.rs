//! Micro-benchmarks of the work every request does: the authorization decision
//! and the JSON encoding of a page. Run with `cargo bench -p labelwell-server`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use labelwell_server::authz::Policy;
use labelwell_server::authz::permissions::{Action, Permission, Resource, Subject};
use labelwell_server::authz::policy::{MODEL, POLICY, decide, load_enforcer};
use labelwell_transport::{Item, ItemList, ItemStatus, JsonValue, Pagination, Role};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

fn authorization(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let policy = runtime.block_on(Policy::load()).expect("the policy");
    let enforcer = runtime
        .block_on(load_enforcer(MODEL, POLICY))
        .expect("the enforcer");
    let subject = Subject::Role(Role::Annotator);
    let permission = Permission::new(Resource::Annotation, Action::Create);
    c.bench_function("authz: compiled policy table lookup", |b| {
        b.iter(|| black_box(policy.scope(black_box(subject), black_box(permission))))
    });
    c.bench_function("authz: casbin enforce (up to three scopes)", |b| {
        b.iter(|| {
            black_box(
                decide(&enforcer, black_box(subject), black_box(permission)).expect("enforce"),
            )
        })
    });
}

fn page_encoding(c: &mut Criterion) {
    let now = OffsetDateTime::now_utc();
    let items: Vec<Item> = (0..100)
        .map(|i| Item {
            id: Uuid::now_v7(),
            project_id: Uuid::now_v7(),
            external_id: format!("ticket-{i:06}"),
            data: JsonValue(json!({ "text": format!("Customer ticket {i}: the export button greys out after the third retry.") })),
            metadata: JsonValue(json!({ "source": "zendesk", "shard": i % 16 })),
            status: ItemStatus::InProgress,
            annotation_count: 1,
            priority: 0.5,
            created_at: now,
            updated_at: now,
        })
        .collect();
    let page = ItemList {
        items,
        pagination: Pagination {
            next_cursor: Some("abc".into()),
            next: Some("/api/v1/x".into()),
            limit: 100,
        },
    };
    c.bench_function("json: encode a page of 100 items", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&page)).expect("encodes")))
    });
}

criterion_group!(benches, authorization, page_encoding);
criterion_main!(benches);
