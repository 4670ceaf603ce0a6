//! The review queue: what a reviewer sees of a leased annotation, how far
//! the item's annotations agree with it, where a reviewer stands, and the
//! statements on its leases and skips.

use labelwell_transport::{
    AnnotationUiSchema, AnswerAgreement, Question, ReviewLease, ReviewProgress,
};
use serde_json::Value;
use sqlx::types::Json;

use super::annotations::annotation_from_row;
use super::items::item_from_row;
use super::queue::HeldItems;
use crate::authz::{ProjectPermit, perm};
use crate::db::annotations::{ANNOTATION_COLUMNS, AnnotationRow};
use crate::db::items::{ITEM_COLUMNS, ItemRow};
use crate::db::projects::ProjectRow;
use crate::db::{Backend, Conn, Db, Id, Ts, with_conn};
use crate::error::{Error, Result};

/// The review lease of `annotation` in `project` until `expires_at`, with its
/// item, the item's other annotations and their agreement, read inside the
/// transaction that leased it.
pub async fn review_lease(
    conn: Conn<'_>,
    project: &ProjectRow,
    annotation: AnnotationRow,
    expires_at: Ts,
) -> Result<ReviewLease> {
    let item_sql = format!("SELECT {ITEM_COLUMNS} FROM items i WHERE i.id = $1");
    let others_sql = format!(
        "SELECT {ANNOTATION_COLUMNS} FROM annotations a WHERE a.item_id = $1 AND a.id <> $2 ORDER BY a.id"
    );
    let (item, others, schema): (
        Option<ItemRow>,
        Vec<AnnotationRow>,
        Option<Json<AnnotationUiSchema>>,
    ) = with_conn!(conn, |conn| {
        let item = sqlx::query_as(&item_sql)
            .bind(annotation.item_id)
            .fetch_optional(&mut *conn)
            .await?;
        let others = sqlx::query_as(&others_sql)
            .bind(annotation.item_id)
            .bind(annotation.id)
            .fetch_all(&mut *conn)
            .await?;
        let schema = sqlx::query_scalar(
            "SELECT schema FROM annotation_ui_versions WHERE project_id = $1 AND version = $2",
        )
        .bind(project.id)
        .bind(annotation.annotation_ui_version)
        .fetch_optional(&mut *conn)
        .await?;
        (item, others, schema)
    });
    let item = item.ok_or(Error::NotFound("item"))?;
    let questions = schema.map(|schema| schema.0.questions).unwrap_or_default();
    let values: Vec<&Value> = std::iter::once(&annotation.value.0)
        .chain(others.iter().map(|other| &other.value.0))
        .collect();
    let agreement = answer_agreement(&questions, &annotation.value.0, &values);
    let guideline_version = u32::try_from(project.guideline_version)
        .ok()
        .filter(|v| *v > 0);
    let annotation = annotation_from_row(annotation);
    Ok(ReviewLease {
        annotation_ui_version: annotation.annotation_ui_version,
        annotation,
        item: item_from_row(item),
        other_annotations: others.into_iter().map(annotation_from_row).collect(),
        agreement,
        guideline_version,
        expires_at: expires_at.get(),
    })
}

/// For each question, how many of `values` (the answers of every annotation of
/// an item, by question name, `value` among them) give the same answer as
/// `value`, out of how many answer it at all.
pub fn answer_agreement(
    questions: &[Question],
    value: &Value,
    values: &[&Value],
) -> Vec<AnswerAgreement> {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    questions
        .iter()
        .map(|question| {
            let answer = |value: &Value| {
                value
                    .get(&question.name)
                    .filter(|answer| !answer.is_null())
                    .map(canonical_answer)
            };
            let answers: Vec<String> = values.iter().filter_map(|value| answer(value)).collect();
            let agreeing = match answer(value) {
                Some(mine) => answers.iter().filter(|other| **other == mine).count(),
                None => 0,
            };
            AnswerAgreement {
                question: question.name.clone(),
                agreeing: count(agreeing),
                annotations: count(answers.len()),
            }
        })
        .collect()
}

/// An answer as text in which equal answers are equal: the elements of a
/// list (the labels of a multi-label answer, spans) are sorted, since their
/// order means nothing, and object keys are sorted.
fn canonical_answer(answer: &Value) -> String {
    match answer {
        Value::Array(elements) => {
            let mut elements: Vec<String> = elements.iter().map(canonical_json).collect();
            elements.sort();
            format!("[{}]", elements.join(","))
        }
        other => canonical_json(other),
    }
}

/// JSON text with every object's keys sorted.
fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<String> = map
                .iter()
                .map(|(key, value)| {
                    format!("{}:{}", Value::from(key.as_str()), canonical_json(value))
                })
                .collect();
            entries.sort();
            format!("{{{}}}", entries.join(","))
        }
        Value::Array(elements) => {
            let elements: Vec<String> = elements.iter().map(canonical_json).collect();
            format!("[{}]", elements.join(","))
        }
        other => other.to_string(),
    }
}

/// The caller's progress in the permit's project's review queue.
pub async fn review_progress(
    db: &Db,
    permit: &ProjectPermit<perm::ReviewCreate>,
) -> Result<ReviewProgress> {
    // Waiting = pending annotations, less the caller's own and those they
    // skipped (never both: nobody skips their own), counted from the caller's
    // own work rather than by probing every pending annotation.
    let mut tx = db.read(permit.tenancy()).await?;
    let counts: (i64, i64, i64, i64) = with_conn!(tx.conn(), |conn| {
        sqlx::query_as(
            "SELECT
                 (SELECT COUNT(*) FROM annotations a WHERE a.project_id = $1 AND a.review_status = 'pending'),
                 (SELECT COUNT(*) FROM annotations a
                  WHERE a.project_id = $1 AND a.annotator_id = $2 AND a.review_status = 'pending'),
                 (SELECT COUNT(*) FROM review_skips s JOIN annotations a ON a.id = s.annotation_id
                  WHERE s.project_id = $1 AND s.reviewer_id = $2 AND a.review_status = 'pending'),
                 (SELECT COUNT(*) FROM reviews r JOIN annotations a ON a.id = r.annotation_id
                  WHERE r.reviewer_id = $2 AND a.project_id = $1)",
        )
        .bind(permit.project().id)
        .bind(permit.user_id())
        .fetch_one(conn)
        .await?
    });
    let (pending, own, skipped, reviewed) = counts;
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    Ok(ReviewProgress {
        waiting: count(pending - own - skipped),
        reviewed: count(reviewed),
    })
}

/// Releases the annotations a reviewer leased in the projects of an organization.
pub async fn delete_leases_in_organization(
    conn: Conn<'_>,
    organization_id: Id,
    user_id: Id,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "DELETE FROM review_leases WHERE reviewer_id = $1
             AND project_id IN (SELECT id FROM projects WHERE organization_id = $2)",
        )
        .bind(user_id)
        .bind(organization_id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Releases every annotation leased for review in a project.
pub async fn delete_leases_of_project(conn: Conn<'_>, project_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM review_leases WHERE project_id = $1")
            .bind(project_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Releases the annotations a reviewer leased in a project.
pub async fn delete_leases_of_reviewer(conn: Conn<'_>, project_id: Id, user_id: Id) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM review_leases WHERE project_id = $1 AND reviewer_id = $2")
            .bind(project_id)
            .bind(user_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// How many unexpired leases other reviewers than `reviewer_id` hold on an annotation.
pub async fn count_leases_to_others(
    conn: Conn<'_>,
    annotation_id: Id,
    reviewer_id: Id,
    now: Ts,
) -> Result<i64> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM review_leases WHERE annotation_id = $1 AND reviewer_id <> $2 AND expires_at > $3",
        )
        .bind(annotation_id)
        .bind(reviewer_id)
        .bind(now)
        .fetch_one(conn)
        .await?
    }))
}

/// Releases the unexpired leases of an annotation. An expired one holds
/// nothing and goes with the next expiry sweep: passing it over here means a
/// review, which holds the annotation's item, never waits for the lease a
/// sweep ([`delete_expired_leases`]) is ending, while that sweep's leasing
/// may wait for the item.
pub async fn delete_leases_of_annotation(conn: Conn<'_>, annotation_id: Id, now: Ts) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM review_leases WHERE annotation_id = $1 AND expires_at > $2")
            .bind(annotation_id)
            .bind(now)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Ends the leases of a project's review queue that expired by `now`;
/// returns how many. On PostgreSQL it passes over the leases another
/// transaction is ending at the same moment rather than wait for it: such a
/// lease only keeps its annotation from the queue until that one commits.
pub async fn delete_expired_leases(conn: Conn<'_>, project_id: Id, now: Ts) -> Result<u64> {
    let sql = match conn.backend() {
        Backend::Postgres => {
            "DELETE FROM review_leases WHERE annotation_id IN (
                 SELECT annotation_id FROM review_leases
                 WHERE project_id = $1 AND expires_at <= $2
                 FOR UPDATE SKIP LOCKED)"
        }
        Backend::Sqlite => "DELETE FROM review_leases WHERE project_id = $1 AND expires_at <= $2",
    };
    let deleted = with_conn!(conn, |conn| {
        sqlx::query(sql)
            .bind(project_id)
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected()
    });
    Ok(deleted)
}

/// The annotation a reviewer holds an unexpired lease of in a project, and its item.
pub async fn find_held_annotation(
    conn: Conn<'_>,
    project_id: Id,
    reviewer_id: Id,
    now: Ts,
) -> Result<Option<(Id, Id)>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT a.id, a.item_id FROM review_leases l JOIN annotations a ON a.id = l.annotation_id
             WHERE l.project_id = $1 AND l.reviewer_id = $2 AND l.expires_at > $3",
        )
        .bind(project_id)
        .bind(reviewer_id)
        .bind(now)
        .fetch_optional(conn)
        .await?
    }))
}

/// Extends a reviewer's lease of an annotation to `expires_at` unless it
/// expired by `now` or is gone; whether it did. Run under the item's lock, no
/// review of another reviewer can end the lease meanwhile.
pub async fn renew_lease(
    conn: Conn<'_>,
    annotation_id: Id,
    reviewer_id: Id,
    now: Ts,
    expires_at: Ts,
) -> Result<bool> {
    let renewed = with_conn!(conn, |conn| {
        sqlx::query(
            "UPDATE review_leases SET expires_at = $1
             WHERE annotation_id = $2 AND reviewer_id = $3 AND expires_at > $4",
        )
        .bind(expires_at)
        .bind(annotation_id)
        .bind(reviewer_id)
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    Ok(renewed == 1)
}

/// The oldest pending annotation of a project a reviewer may be handed, with
/// its item locked like [`Tx::lock_item`](crate::db::Tx::lock_item): not
/// their own, not skipped by them, not leased, as far as the statement's
/// snapshot tells; [`insert_lease_if_free`] checks again under the lock. An
/// expired lease a sweep is still ending counts as a lease for that moment.
pub async fn lock_next_annotation(
    conn: Conn<'_>,
    project_id: Id,
    reviewer_id: Id,
    held: HeldItems,
) -> Result<Option<Id>> {
    let lock = held.item_lock_clause(conn.backend());
    let sql = format!(
        "SELECT a.id FROM annotations a JOIN items i ON i.id = a.item_id
         WHERE a.project_id = $1 AND a.review_status = 'pending'
           AND (a.annotator_id IS NULL OR a.annotator_id <> $2)
           AND NOT EXISTS (SELECT 1 FROM review_skips s WHERE s.annotation_id = a.id AND s.reviewer_id = $2)
           AND NOT EXISTS (SELECT 1 FROM review_leases l WHERE l.annotation_id = a.id)
         ORDER BY a.project_id, a.review_status, a.id LIMIT 1 {lock}"
    );
    Ok(with_conn!(conn, |conn| {
        sqlx::query_scalar(&sql)
            .bind(project_id)
            .bind(reviewer_id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Leases an annotation of a project to a reviewer until `expires_at` if it
/// is still pending and nobody holds a lease of it; whether it did. Run under
/// the item's lock, its check is exact: every lease is taken and every review
/// written under that lock, so the statement sees them all. It does nothing
/// either when the reviewer holds a lease in the project already: one their
/// own request running alongside took (the unique index waits for it).
pub async fn insert_lease_if_free(
    conn: Conn<'_>,
    organization_id: Id,
    project_id: Id,
    annotation_id: Id,
    reviewer_id: Id,
    expires_at: Ts,
) -> Result<bool> {
    let inserted = with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO review_leases (annotation_id, reviewer_id, project_id, organization_id, expires_at)
             SELECT $1, $2, $3, $4, $5
             WHERE EXISTS (SELECT 1 FROM annotations a WHERE a.id = $1 AND a.review_status = 'pending')
               AND NOT EXISTS (SELECT 1 FROM review_leases l WHERE l.annotation_id = $1)
             ON CONFLICT DO NOTHING",
        )
        .bind(annotation_id)
        .bind(reviewer_id)
        .bind(project_id)
        .bind(organization_id)
        .bind(expires_at)
        .execute(conn)
        .await?
        .rows_affected()
    });
    Ok(inserted == 1)
}

/// Records that a reviewer passed an annotation over (once; again changes nothing).
pub async fn insert_skip(
    conn: Conn<'_>,
    organization_id: Id,
    project_id: Id,
    annotation_id: Id,
    reviewer_id: Id,
    now: Ts,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query(
            "INSERT INTO review_skips (annotation_id, reviewer_id, project_id, organization_id, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (annotation_id, reviewer_id, organization_id) DO NOTHING",
        )
        .bind(annotation_id)
        .bind(reviewer_id)
        .bind(project_id)
        .bind(organization_id)
        .bind(now)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Releases a reviewer's lease of an annotation.
pub async fn delete_lease_of_reviewer(
    conn: Conn<'_>,
    annotation_id: Id,
    reviewer_id: Id,
) -> Result<()> {
    with_conn!(conn, |conn| {
        sqlx::query("DELETE FROM review_leases WHERE annotation_id = $1 AND reviewer_id = $2")
            .bind(annotation_id)
            .bind(reviewer_id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use labelwell_transport::QuestionType;
    use serde_json::json;

    use super::*;

    fn question(name: &str, kind: QuestionType) -> Question {
        serde_json::from_value(json!({ "name": name, "type": kind, "required": false }))
            .expect("a question")
    }

    fn agreement(questions: &[Question], values: &[Value]) -> Vec<(String, u32, u32)> {
        let all: Vec<&Value> = values.iter().collect();
        answer_agreement(questions, &values[0], &all)
            .into_iter()
            .map(|a| (a.question, a.agreeing, a.annotations))
            .collect()
    }

    #[test]
    fn agreement_counts_equal_answers_the_reviewed_one_included() {
        let questions = [question("sentiment", QuestionType::SingleLabel)];
        let values = [
            json!({ "sentiment": "positive" }),
            json!({ "sentiment": "positive" }),
            json!({ "sentiment": "negative" }),
        ];
        assert_eq!(agreement(&questions, &values), [("sentiment".into(), 2, 3)]);
    }

    #[test]
    fn labels_and_spans_agree_in_any_order() {
        let questions = [
            question("topics", QuestionType::MultiLabel),
            question("entities", QuestionType::Spans),
        ];
        let values = [
            json!({
                "topics": ["billing", "bug"],
                "entities": [{ "start": 0, "end": 4, "label": "ORG" }, { "label": "PER", "start": 5, "end": 9 }],
            }),
            json!({
                "topics": ["bug", "billing"],
                "entities": [{ "end": 9, "label": "PER", "start": 5 }, { "start": 0, "end": 4, "label": "ORG" }],
            }),
            json!({ "topics": ["bug"], "entities": [{ "start": 0, "end": 4, "label": "ORG" }] }),
        ];
        assert_eq!(
            agreement(&questions, &values),
            [("topics".into(), 2, 3), ("entities".into(), 2, 3)]
        );
    }

    #[test]
    fn unanswered_questions_count_for_nobody() {
        let questions = [
            question("note", QuestionType::Text),
            question("stars", QuestionType::Rating),
        ];
        let values = [
            json!({ "stars": 4, "note": null }),
            json!({ "stars": 4, "note": "fine" }),
            json!({}),
        ];
        assert_eq!(
            agreement(&questions, &values),
            [("note".into(), 0, 1), ("stars".into(), 2, 2)]
        );
    }
}
