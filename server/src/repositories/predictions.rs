//! Model predictions: written by external id, read per item, compared with
//! accepted annotations.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use labelwell_transport::Prediction;
use sqlx::QueryBuilder;
use sqlx::types::Json;

use crate::db::{Conn, Id, Ts, with_conn};
use crate::error::Result;

/// A row of `predictions`, as read for the API.
#[derive(Debug, sqlx::FromRow)]
struct PredictionRow {
    id: Id,
    item_id: Id,
    model: String,
    model_version: String,
    value: Json<serde_json::Value>,
    scores: Option<Json<BTreeMap<String, f64>>>,
    updated_at: Ts,
}

impl From<PredictionRow> for Prediction {
    fn from(row: PredictionRow) -> Self {
        Prediction {
            id: row.id.0,
            item_id: row.item_id.0,
            model: row.model,
            model_version: row.model_version,
            value: row.value.0.into(),
            scores: row.scores.map(|scores| scores.0),
            updated_at: row.updated_at.get(),
        }
    }
}

/// An item a prediction names by external id: its id and data, to check the
/// prediction's value against.
#[derive(Debug, sqlx::FromRow)]
pub struct PredictedItem {
    /// The item's key.
    pub external_id: String,
    /// Its id.
    pub id: Id,
    /// Its data.
    pub data: Json<serde_json::Value>,
}

/// The items of a project with these external ids (those it has).
pub async fn items_by_external_id(
    conn: Conn<'_>,
    project_id: Id,
    external_ids: &[&str],
) -> Result<Vec<PredictedItem>> {
    if external_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(with_conn!(conn, |conn| {
        let mut query = QueryBuilder::new("WITH named(external_id) AS (");
        query.push_values(external_ids, |mut row, external_id| {
            row.push_bind(*external_id);
        });
        query
            .push(
                ") SELECT i.external_id, i.id, i.data FROM items i JOIN named
                   ON i.external_id = named.external_id WHERE i.project_id = ",
            )
            .push_bind(project_id);
        query.build_query_as().fetch_all(conn).await?
    }))
}

/// A prediction to write.
#[derive(Debug)]
pub struct NewPrediction<'a> {
    /// Its item.
    pub item_id: Id,
    /// The model's name.
    pub model: &'a str,
    /// The model's version.
    pub model_version: &'a str,
    /// The answers.
    pub value: &'a serde_json::Value,
    /// The scores.
    pub scores: Option<&'a BTreeMap<String, f64>>,
}

/// Writes predictions of a project, each replacing the one of its item and
/// model version, if any (which keeps its id).
pub async fn upsert_predictions(
    conn: Conn<'_>,
    organization_id: Id,
    project_id: Id,
    predictions: &[NewPrediction<'_>],
    now: Ts,
) -> Result<()> {
    if predictions.is_empty() {
        return Ok(());
    }
    with_conn!(conn, |conn| {
        let mut query = QueryBuilder::new(
            "INSERT INTO predictions (id, project_id, item_id, model, model_version, value, scores,
                                      created_at, updated_at, organization_id) ",
        );
        query.push_values(predictions, |mut row, prediction| {
            row.push_bind(Id::new())
                .push_bind(project_id)
                .push_bind(prediction.item_id)
                .push_bind(prediction.model)
                .push_bind(prediction.model_version)
                .push_bind(Json(prediction.value))
                .push_bind(prediction.scores.map(Json))
                .push_bind(now)
                .push_bind(now)
                .push_bind(organization_id);
        });
        query.push(
            " ON CONFLICT (item_id, model, model_version, organization_id) DO UPDATE
              SET value = excluded.value, scores = excluded.scores, updated_at = excluded.updated_at",
        );
        query.build().execute(conn).await?;
    });
    Ok(())
}

/// The predictions of an item of a project, newest import first.
pub async fn list_predictions_of_item(
    conn: Conn<'_>,
    project_id: Id,
    item_id: Id,
) -> Result<Vec<Prediction>> {
    let rows: Vec<PredictionRow> = with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT id, item_id, model, model_version, value, scores, updated_at
             FROM predictions WHERE item_id = $1 AND project_id = $2
             ORDER BY updated_at DESC, model, model_version",
        )
        .bind(item_id)
        .bind(project_id)
        .fetch_all(conn)
        .await?
    });
    Ok(rows.into_iter().map(Prediction::from).collect())
}

/// Whether `prediction_id` is a prediction of the item.
pub async fn is_prediction_of_item(conn: Conn<'_>, item_id: Id, prediction_id: Id) -> Result<bool> {
    let found: i64 = with_conn!(conn, |conn| {
        sqlx::query_scalar("SELECT COUNT(*) FROM predictions WHERE id = $1 AND item_id = $2")
            .bind(prediction_id)
            .bind(item_id)
            .fetch_one(conn)
            .await?
    });
    Ok(found > 0)
}

/// The model versions with predictions in the project.
pub async fn model_versions_of_project(
    conn: Conn<'_>,
    project_id: Id,
) -> Result<Vec<(String, String)>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT DISTINCT model, model_version FROM predictions WHERE project_id = $1",
        )
        .bind(project_id)
        .fetch_all(conn)
        .await?
    }))
}

/// One prediction beside one accepted annotation of the same item.
#[derive(Debug, sqlx::FromRow)]
pub struct PredictionBesideLabel {
    /// The model's name.
    pub model: String,
    /// The model's version.
    pub model_version: String,
    /// The model's answers.
    pub predicted: Json<serde_json::Value>,
    /// The accepted annotation's answers.
    pub accepted: Json<serde_json::Value>,
}

/// Calls `each` with every prediction of the project beside every accepted
/// annotation of its item, read as a stream (the project may be large).
pub async fn each_prediction_beside_accepted_label(
    conn: Conn<'_>,
    project_id: Id,
    mut each: impl FnMut(PredictionBesideLabel),
) -> Result<()> {
    const SQL: &str = "SELECT p.model, p.model_version, p.value AS predicted, a.value AS accepted
         FROM predictions p
         JOIN annotations a ON a.item_id = p.item_id AND a.project_id = p.project_id
         WHERE p.project_id = $1 AND a.review_status = 'accepted'";
    with_conn!(conn, |conn| {
        let mut rows = sqlx::query_as::<_, PredictionBesideLabel>(SQL)
            .bind(project_id)
            .fetch(conn);
        while let Some(row) = rows.try_next().await? {
            each(row);
        }
    });
    Ok(())
}
