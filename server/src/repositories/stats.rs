//! Project statistics: items by status, work per annotator, and agreement.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use labelwell_transport::{
    AnnotatorProgress, ItemStatus, MAX_TIME_SPENT_MS, ProjectStats, QuestionAgreement,
    QuestionType, StatusCounts,
};

use crate::agreement::Fleiss;
use crate::authz::{ProjectPermit, perm};
use crate::db::types::DbItemStatus;
use crate::db::{Conn, Db, Id, with_conn};
use crate::error::Result;
use crate::repositories::versions::current_annotation_ui;

/// The statistics of the permit's project.
pub async fn project_stats(
    db: &Db,
    permit: &ProjectPermit<perm::ExportCreate>,
) -> Result<ProjectStats> {
    let project_id = permit.project().id;
    let mut tx = db.read(permit.tenancy()).await?;
    Ok(ProjectStats {
        items: item_status_counts(tx.conn(), project_id).await?,
        annotators: annotator_progress(tx.conn(), project_id).await?,
        agreement: agreement_of_single_label_questions(tx.conn(), project_id).await?,
    })
}

/// How many items of a project are in each status.
async fn item_status_counts(conn: Conn<'_>, project_id: Id) -> Result<StatusCounts> {
    let counts: Vec<(DbItemStatus, i64)> = with_conn!(conn, |conn| {
        sqlx::query_as("SELECT status, COUNT(*) FROM items WHERE project_id = $1 GROUP BY status")
            .bind(project_id)
            .fetch_all(conn)
            .await?
    });
    let mut items = StatusCounts::default();
    for (status, count) in counts {
        let count = u64::try_from(count).unwrap_or_default();
        items.total += count;
        match status.0 {
            ItemStatus::New => items.new = count,
            ItemStatus::InProgress => items.in_progress = count,
            ItemStatus::Annotated => items.annotated = count,
            ItemStatus::Accepted => items.accepted = count,
            ItemStatus::Rejected => items.rejected = count,
        }
    }
    Ok(items)
}

/// What each annotator of a project did (annotations, their reviews, time
/// spent, skips), most annotations first.
async fn annotator_progress(mut conn: Conn<'_>, project_id: Id) -> Result<Vec<AnnotatorProgress>> {
    let mut annotators = annotations_by_annotator(conn.reborrow(), project_id).await?;
    // Someone who only skipped so far is on the list too.
    for (user_id, name, skipped) in skips_by_annotator(conn, project_id).await? {
        annotators
            .entry(user_id)
            .or_insert_with(|| AnnotatorProgress {
                user_id: user_id.0,
                name,
                annotations: 0,
                accepted: 0,
                rejected: 0,
                time_spent_ms: 0,
                skipped: 0,
            })
            .skipped = count(skipped);
    }
    let mut annotators: Vec<AnnotatorProgress> = annotators.into_values().collect();
    annotators.sort_by(|a, b| {
        b.annotations
            .cmp(&a.annotations)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.user_id.cmp(&b.user_id))
    });
    Ok(annotators)
}

/// A count as the statistics give it.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// Each annotator's annotations of a project, their reviews and time spent
/// (no skips yet), by annotator.
async fn annotations_by_annotator(
    conn: Conn<'_>,
    project_id: Id,
) -> Result<HashMap<Id, AnnotatorProgress>> {
    // Each time counts at most MAX_TIME_SPENT_MS, also one stored before that
    // cap existed, so the sum stays far inside a BIGINT on both backends
    // (SQLite's SUM fails on overflow rather than widening).
    let max_time_spent_ms = i64::try_from(MAX_TIME_SPENT_MS).unwrap_or(i64::MAX);
    let rows: Vec<(Id, String, i64, i64, i64, i64)> = with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT a.annotator_id, u.name, COUNT(*),
                    SUM(CASE WHEN a.review_status = 'accepted' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN a.review_status = 'rejected' THEN 1 ELSE 0 END),
                    CAST(COALESCE(SUM(CASE WHEN a.time_spent_ms > $2 THEN $2
                                           ELSE a.time_spent_ms END), 0) AS BIGINT)
             FROM annotations a JOIN users u ON u.id = a.annotator_id
             WHERE a.project_id = $1
             GROUP BY a.annotator_id, u.name",
        )
        .bind(project_id)
        .bind(max_time_spent_ms)
        .fetch_all(conn)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(user_id, name, annotations, accepted, rejected, time_spent_ms)| {
                let progress = AnnotatorProgress {
                    user_id: user_id.0,
                    name,
                    annotations: count(annotations),
                    accepted: count(accepted),
                    rejected: count(rejected),
                    time_spent_ms: count(time_spent_ms),
                    skipped: 0,
                };
                (user_id, progress)
            },
        )
        .collect())
}

/// How many items of a project each annotator skipped: (id, name, skips).
async fn skips_by_annotator(conn: Conn<'_>, project_id: Id) -> Result<Vec<(Id, String, i64)>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT s.annotator_id, u.name, COUNT(*)
             FROM item_skips s JOIN users u ON u.id = s.annotator_id
             WHERE s.project_id = $1
             GROUP BY s.annotator_id, u.name",
        )
        .bind(project_id)
        .fetch_all(conn)
        .await?
    }))
}

/// The agreement of the answers to each single-label question of the
/// annotation UI in force in a project.
pub async fn agreement_of_single_label_questions(
    mut conn: Conn<'_>,
    project_id: Id,
) -> Result<Vec<QuestionAgreement>> {
    let mut agreement = Vec::new();
    let current = current_annotation_ui(conn.reborrow(), project_id).await?;
    if let Some(schema) = current.map(|ui| ui.schema) {
        for question in schema
            .questions
            .iter()
            .filter(|q| q.kind == QuestionType::SingleLabel)
        {
            agreement
                .push(single_label_agreement(conn.reborrow(), project_id, &question.name).await?);
        }
    }
    Ok(agreement)
}

/// Agreement on one single-label question, streamed item by item (constant memory).
async fn single_label_agreement(
    conn: Conn<'_>,
    project_id: Id,
    question: &str,
) -> Result<QuestionAgreement> {
    let sql = crate::db::annotations::single_label_answers_sql(conn.backend());
    let mut fleiss = Fleiss::default();
    let mut current: Option<(Id, HashMap<String, u64>)> = None;
    let mut add = |item: Id, label: String, fleiss: &mut Fleiss| match &mut current {
        Some((id, counts)) if *id == item => *counts.entry(label).or_default() += 1,
        _ => {
            if let Some((_, counts)) = current.replace((item, HashMap::from([(label, 1)]))) {
                fleiss.add_item(&counts);
            }
        }
    };
    with_conn!(conn, |conn| {
        let mut rows = sqlx::query_as::<_, (Id, String)>(sql)
            .bind(project_id)
            .bind(question)
            .fetch(conn);
        while let Some((item, label)) = rows.try_next().await? {
            add(item, label, &mut fleiss);
        }
    });
    if let Some((_, counts)) = current {
        fleiss.add_item(&counts);
    }
    let agreement = fleiss.finish();
    Ok(QuestionAgreement {
        question: question.to_owned(),
        items: agreement.items,
        answers: agreement.answers,
        observed_agreement: agreement.observed,
        fleiss_kappa: agreement.kappa,
    })
}
