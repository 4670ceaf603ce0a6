//! Model predictions: importing them by external id (streamed and spooled
//! like an item import), reading an item's, and measuring how often each
//! model version gives the answer people accepted.

use std::collections::{BTreeMap, HashMap};

use futures_util::Stream;
use labelwell_transport::{
    FieldError, ImportPredictionsResponse, MAX_MODEL_CHARS, ModelAgreement, Prediction,
    PredictionInput, Role,
};
use serde_json::{Value, json};

use super::annotation_ui;
use super::audit::{self, AuditRecord};
use super::items::{
    Incoming, MAX_REPORTED_ERRORS, current_schema, external_id_problem, receive, spool_failed,
};
use super::spool::{Record, Spool, Spoolable, fields_of};
use crate::authz::{ProjectPermit, perm};
use crate::db::{Db, Id, Ts};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::predictions::NewPrediction;

/// The most predictions written per statement (ten bound values each, under
/// SQLite's limit of 32,766).
const BATCH: usize = 2000;

impl Spoolable for PredictionInput {
    async fn spool_into(&self, spool: &mut Spool, position: &str) -> std::io::Result<()> {
        let value = self.value.0.to_string();
        let scores = match &self.scores {
            Some(scores) => serde_json::to_string(scores).map_err(std::io::Error::other)?,
            None => String::new(),
        };
        spool
            .push_record(&[
                position,
                &self.external_id,
                &self.model,
                &self.model_version,
                &value,
                &scores,
            ])
            .await
    }
}

/// A prediction read back from a [`Spool`].
#[derive(Debug)]
struct SpooledPrediction {
    position: String,
    external_id: String,
    model: String,
    model_version: String,
    value: Value,
    scores: Option<BTreeMap<String, f64>>,
    bytes: usize,
}

impl Record for SpooledPrediction {
    const FIELDS: usize = 6;

    fn from_fields(fields: Vec<String>) -> std::io::Result<Self> {
        let bytes = fields.iter().map(String::len).sum();
        let [position, external_id, model, model_version, value, scores] = fields_of(fields)?;
        let value = serde_json::from_str(&value).map_err(std::io::Error::other)?;
        let scores = match scores.as_str() {
            "" => None,
            text => Some(serde_json::from_str(text).map_err(std::io::Error::other)?),
        };
        Ok(SpooledPrediction {
            position,
            external_id,
            model,
            model_version,
            value,
            scores,
            bytes,
        })
    }

    fn size(&self) -> usize {
        self.bytes
    }
}

/// The problems of a model name or version: blank, too long, or holding a
/// control character.
fn model_problem(field: String, text: &str) -> Option<FieldError> {
    let blank = text.trim().is_empty();
    let control = text.chars().any(char::is_control);
    (blank || control || text.chars().count() > MAX_MODEL_CHARS).then(|| {
        FieldError::new(
            field,
            "invalid",
            format!(
                "must be 1 to {MAX_MODEL_CHARS} characters, not only white space, no control characters"
            ),
        )
    })
}

/// The problems of one incoming prediction that need no item: its keys,
/// and its scores (finite, 0 to 1).
fn check_entry(entry: &PredictionInput, position: &str) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = external_id_problem(&entry.external_id, position)
        .into_iter()
        .collect();
    errors.extend(model_problem(format!("{position}.model"), &entry.model));
    errors.extend(model_problem(
        format!("{position}.model_version"),
        &entry.model_version,
    ));
    if !entry.value.0.is_object() {
        errors.push(FieldError::new(
            format!("{position}.value"),
            "invalid",
            "must be a JSON object of answers by question name",
        ));
    }
    for (question, score) in entry.scores.iter().flatten() {
        if !(0.0..=1.0).contains(score) {
            errors.push(FieldError::new(
                format!("{position}.scores.{question}"),
                "out_of_range",
                "must be between 0 and 1",
            ));
        }
    }
    errors
}

/// Imports predictions into the permit's project by `external_id`: all of
/// them in one transaction, or (on any problem) none, with up to 100
/// problems reported by position. Read and spooled first like an item
/// import; then, under a share of the annotation UI lock, each batch's items
/// are looked up and each value checked against the annotation UI in force
/// and its item's data, as an annotation's would be (but a prediction may
/// leave required questions out). A prediction replaces the one of the same
/// item and model version.
pub async fn import_predictions(
    db: &Db,
    permit: &ProjectPermit<perm::PredictionImport>,
    entries: impl Stream<Item = Result<Incoming<PredictionInput>>> + Unpin,
    spool: Spool,
) -> Result<ImportPredictionsResponse> {
    let project = permit.writable_project()?;
    let budget = spool.budget();
    let check = |entry: &PredictionInput, position: &str| Ok(check_entry(entry, position));
    let (received, spool) = receive(entries, check, spool).await?;
    let mut entries = spool
        .read_back::<SpooledPrediction>()
        .await
        .map_err(spool_failed)?;

    let now = Ts::now();
    let mut tx = db.begin(permit.tenancy()).await?;
    tx.share_annotation_ui(project.id).await?;
    let Some((_, schema)) = current_schema(tx.conn(), project.id).await? else {
        return Err(Error::conflict(
            "no_annotation_ui",
            "the project has no annotation UI yet: publish one first",
        ));
    };
    let mut errors = Vec::new();
    while errors.len() < MAX_REPORTED_ERRORS {
        let batch = entries
            .next_batch(budget, BATCH)
            .await
            .map_err(spool_failed)?;
        if batch.is_empty() {
            break;
        }
        let external_ids: Vec<&str> = batch.iter().map(|p| p.external_id.as_str()).collect();
        let items =
            repositories::predictions::items_by_external_id(tx.conn(), project.id, &external_ids)
                .await?;
        let items: HashMap<&str, &repositories::predictions::PredictedItem> = items
            .iter()
            .map(|item| (item.external_id.as_str(), item))
            .collect();
        // The last entry for each item and model version wins, as in two requests.
        let mut last: HashMap<(&str, &str, &str), usize> = HashMap::with_capacity(batch.len());
        for (i, entry) in batch.iter().enumerate() {
            let Some(item) = items.get(entry.external_id.as_str()) else {
                errors.push(FieldError::new(
                    format!("{}.external_id", entry.position),
                    "not_found",
                    "the project has no item with this external_id",
                ));
                continue;
            };
            let value_path = format!("{}.value", entry.position);
            errors.extend(
                annotation_ui::check_value(&schema, &entry.value, &item.data.0, &value_path)
                    .into_iter()
                    .filter(|problem| problem.code != "required"),
            );
            for question in entry.scores.iter().flat_map(BTreeMap::keys) {
                if !schema.questions.iter().any(|q| &q.name == question) {
                    errors.push(FieldError::new(
                        format!("{}.scores.{question}", entry.position),
                        "unknown_question",
                        "is not a question of the annotation UI",
                    ));
                }
            }
            last.insert((&entry.external_id, &entry.model, &entry.model_version), i);
        }
        if !errors.is_empty() {
            continue;
        }
        let mut rows: Vec<NewPrediction<'_>> = last
            .values()
            .map(|&i| {
                let entry = &batch[i];
                NewPrediction {
                    item_id: items[entry.external_id.as_str()].id,
                    model: &entry.model,
                    model_version: &entry.model_version,
                    value: &entry.value,
                    scores: entry.scores.as_ref(),
                }
            })
            .collect();
        // In key order, so that two imports of the same predictions lock them
        // in the same order rather than deadlock.
        rows.sort_unstable_by(|a, b| {
            (a.item_id.0, a.model, a.model_version).cmp(&(b.item_id.0, b.model, b.model_version))
        });
        repositories::predictions::upsert_predictions(
            tx.conn(),
            project.organization_id,
            project.id,
            &rows,
            now,
        )
        .await?;
    }
    if !errors.is_empty() {
        errors.truncate(MAX_REPORTED_ERRORS);
        return Err(Error::Validation(errors));
    }
    let record = AuditRecord {
        action: "predictions.imported",
        target_type: "project",
        target_id: Some(project.id),
        details: json!({ "imported": received }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(ImportPredictionsResponse { imported: received })
}

/// An item's predictions, newest import first. Reviewers and annotators see
/// them only while the project shows predictions to annotators.
pub async fn list_predictions_of_item(
    db: &Db,
    permit: &ProjectPermit<perm::PredictionRead>,
    item_id: Id,
) -> Result<Vec<Prediction>> {
    let project_id = permit.project().id;
    let mut tx = db.read(permit.tenancy()).await?;
    if matches!(permit.role(), Role::Annotator | Role::Reviewer) {
        let project = repositories::projects::find_project_row(
            tx.conn(),
            permit.organization_id(),
            project_id,
        )
        .await?
        .ok_or(Error::NotFound("project"))?;
        if !project.show_predictions {
            return Err(Error::forbidden(
                "predictions_hidden",
                "the project does not show model predictions to annotators",
            ));
        }
    }
    repositories::items::find_item_data(tx.conn(), project_id, item_id)
        .await?
        .ok_or(Error::NotFound("item"))?;
    repositories::predictions::list_predictions_of_item(tx.conn(), project_id, item_id).await
}

/// How often each model version's answer to each question of the annotation
/// UI in force is the answer of an accepted annotation of the same item: one
/// entry per model version and question, by model, version and question.
/// Answers are compared as JSON values (a label, a set of labels in any
/// order, a text, spans in any order).
pub async fn agreement_of_models(
    db: &Db,
    permit: &ProjectPermit<perm::ExportCreate>,
) -> Result<Vec<ModelAgreement>> {
    let project_id = permit.project().id;
    let mut tx = db.read(permit.tenancy()).await?;
    let Some((_, schema)) = current_schema(tx.conn(), project_id).await? else {
        return Ok(Vec::new());
    };
    let questions: Vec<String> = schema.questions.iter().map(|q| q.name.clone()).collect();
    // (model, version) -> per question (compared, agreed)
    // Every model version, also one with nothing accepted to compare with yet.
    let mut counts: BTreeMap<(String, String), Vec<(u64, u64)>> =
        repositories::predictions::model_versions_of_project(tx.conn(), project_id)
            .await?
            .into_iter()
            .map(|version| (version, vec![(0, 0); questions.len()]))
            .collect();
    repositories::predictions::each_prediction_beside_accepted_label(
        tx.conn(),
        project_id,
        |row| {
            let tally = counts
                .entry((row.model, row.model_version))
                .or_insert_with(|| vec![(0, 0); questions.len()]);
            for (question, (compared, agreed)) in questions.iter().zip(tally.iter_mut()) {
                let (Some(accepted), Some(predicted)) = (
                    answer(&row.accepted.0, question),
                    answer(&row.predicted.0, question),
                ) else {
                    continue;
                };
                *compared += 1;
                if same_answer(predicted, accepted) {
                    *agreed += 1;
                }
            }
        },
    )
    .await?;
    let mut agreement = Vec::new();
    for ((model, model_version), tally) in counts {
        for (question, (compared, agreed)) in questions.iter().zip(tally) {
            #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
            let share = (compared > 0).then(|| agreed as f64 / compared as f64);
            agreement.push(ModelAgreement {
                model: model.clone(),
                model_version: model_version.clone(),
                question: question.clone(),
                compared,
                agreed,
                agreement: share,
            });
        }
    }
    Ok(agreement)
}

/// A value's answer to a question; none when it leaves the question out.
fn answer<'v>(value: &'v Value, question: &str) -> Option<&'v Value> {
    value.get(question).filter(|answer| !answer.is_null())
}

/// Whether two answers are the same: equal JSON, lists compared as sets.
fn same_answer(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_compared_as_values_and_lists_as_sets() {
        assert!(same_answer(&json!("positive"), &json!("positive")));
        assert!(!same_answer(&json!("positive"), &json!("negative")));
        assert!(same_answer(&json!(["a", "b"]), &json!(["b", "a"])));
        assert!(!same_answer(&json!(["a", "b"]), &json!(["a"])));
        assert!(!same_answer(&json!(["a", "a"]), &json!(["a", "b"])));
    }
}
