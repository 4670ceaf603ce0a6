//! Project statistics: items by status, work per annotator, and agreement.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use labelwell_transport::{
    AnnotatorProgress, ItemStatus, MAX_TIME_SPENT_MS, ProjectStats, QuestionAgreement,
    QuestionType, StatusCounts,
};

use crate::authz::{ProjectPermit, perm};
use crate::db::types::DbItemStatus;
use crate::db::{Db, Id, with_db};
use crate::error::Result;
use crate::repositories::versions::current_schema;

/// The statistics of the permit's project.
pub async fn project_stats(
    db: &Db,
    permit: &ProjectPermit<perm::ExportCreate>,
) -> Result<ProjectStats> {
    let project_id = permit.project().id;
    let counts: Vec<(DbItemStatus, i64)> = with_db!(db, |pool| {
        sqlx::query_as("SELECT status, COUNT(*) FROM items WHERE project_id = $1 GROUP BY status")
            .bind(project_id)
            .fetch_all(pool)
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
    // Each time counts at most MAX_TIME_SPENT_MS, also one stored before that
    // cap existed, so the sum stays far inside a BIGINT on both backends
    // (SQLite's SUM fails on overflow rather than widening).
    let max_time_spent_ms = i64::try_from(MAX_TIME_SPENT_MS).unwrap_or(i64::MAX);
    let rows: Vec<(Id, String, i64, i64, i64, i64)> = with_db!(db, |pool| {
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
        .fetch_all(pool)
        .await?
    });
    let skips: Vec<(Id, String, i64)> = with_db!(db, |pool| {
        sqlx::query_as(
            "SELECT s.annotator_id, u.name, COUNT(*)
             FROM item_skips s JOIN users u ON u.id = s.annotator_id
             WHERE s.project_id = $1
             GROUP BY s.annotator_id, u.name",
        )
        .bind(project_id)
        .fetch_all(pool)
        .await?
    });
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    let mut annotators: HashMap<Id, AnnotatorProgress> = rows
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
        .collect();
    // Someone who only skipped so far is on the list too.
    for (user_id, name, skipped) in skips {
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
    let mut agreement = Vec::new();
    if let Some((_, schema)) = current_schema(db, project_id).await? {
        for question in schema
            .questions
            .iter()
            .filter(|q| q.kind == QuestionType::SingleLabel)
        {
            agreement.push(single_label_agreement(db, project_id, &question.name).await?);
        }
    }
    Ok(ProjectStats {
        items,
        annotators,
        agreement,
    })
}

/// Agreement on one single-label question, streamed item by item (constant memory).
async fn single_label_agreement(
    db: &Db,
    project_id: Id,
    question: &str,
) -> Result<QuestionAgreement> {
    let sql = crate::db::annotations::single_label_answers_sql(db.backend());
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
    with_db!(db, |pool| {
        let mut rows = sqlx::query_as::<_, (Id, String)>(sql)
            .bind(project_id)
            .bind(question)
            .fetch(pool);
        while let Some((item, label)) = rows.try_next().await? {
            add(item, label, &mut fleiss);
        }
    });
    if let Some((_, counts)) = current {
        fleiss.add_item(&counts);
    }
    Ok(fleiss.finish(question))
}

/// Fleiss' kappa, generalized to a varying number of annotators per item:
/// for item i with n_i answers, n_ij of them category j,
/// P_i = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1)), P = mean of P_i,
/// p_j = sum_i n_ij / sum_i n_i, P_e = sum_j p_j^2, kappa = (P - P_e) / (1 - P_e).
/// Items with fewer than two answers carry no agreement and are skipped.
#[derive(Debug, Default)]
pub struct Fleiss {
    items: u64,
    answers: u64,
    sum_p_i: f64,
    per_category: HashMap<String, u64>,
}

impl Fleiss {
    /// Adds one item, by how many answers each category got.
    pub fn add_item(&mut self, counts: &HashMap<String, u64>) {
        let n: u64 = counts.values().sum();
        if n < 2 {
            return;
        }
        let agreeing: u64 = counts.values().map(|c| c * c.saturating_sub(1)).sum();
        self.sum_p_i += agreeing as f64 / (n * (n - 1)) as f64;
        self.items += 1;
        self.answers += n;
        for (label, count) in counts {
            *self.per_category.entry(label.clone()).or_default() += count;
        }
    }

    /// The agreement measured so far.
    pub fn finish(&self, question: &str) -> QuestionAgreement {
        let observed = (self.items > 0).then(|| self.sum_p_i / self.items as f64);
        let expected: f64 = self
            .per_category
            .values()
            .map(|c| (*c as f64 / self.answers.max(1) as f64).powi(2))
            .sum();
        let kappa = observed
            .filter(|_| expected < 1.0)
            .map(|p| (p - expected) / (1.0 - expected));
        QuestionAgreement {
            question: question.to_owned(),
            items: self.items,
            answers: self.answers,
            observed_agreement: observed,
            fleiss_kappa: kappa,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(counts: &[(&str, u64)]) -> HashMap<String, u64> {
        counts
            .iter()
            .map(|(label, n)| ((*label).to_owned(), *n))
            .collect()
    }

    /// The worked example of Fleiss (1971) as given on Wikipedia's "Fleiss' kappa"
    /// page: 10 items, 14 raters each, 5 categories; kappa = 0.210.
    #[test]
    fn fleiss_kappa_matches_the_textbook_example() {
        let table: [[u64; 5]; 10] = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        let mut fleiss = Fleiss::default();
        for row in table {
            let labels = ["1", "2", "3", "4", "5"];
            let counts: Vec<(&str, u64)> = labels
                .iter()
                .copied()
                .zip(row)
                .filter(|(_, n)| *n > 0)
                .collect();
            fleiss.add_item(&item(&counts));
        }
        let result = fleiss.finish("q");
        assert_eq!(result.items, 10);
        assert_eq!(result.answers, 140);
        let observed = result.observed_agreement.expect("observed");
        assert!((observed - 0.378).abs() < 0.001, "{observed}");
        let kappa = result.fleiss_kappa.expect("kappa");
        assert!((kappa - 0.210).abs() < 0.001, "{kappa}");
    }

    #[test]
    fn perfect_agreement_is_one_and_single_answers_are_skipped() {
        let mut fleiss = Fleiss::default();
        fleiss.add_item(&item(&[("pos", 2)]));
        fleiss.add_item(&item(&[("neg", 3)]));
        fleiss.add_item(&item(&[("pos", 1)]));
        let result = fleiss.finish("q");
        assert_eq!(result.items, 2);
        assert_eq!(result.observed_agreement, Some(1.0));
        assert_eq!(result.fleiss_kappa, Some(1.0));
    }

    #[test]
    fn kappa_is_undefined_when_everyone_always_picks_the_same_label() {
        let mut fleiss = Fleiss::default();
        fleiss.add_item(&item(&[("pos", 2)]));
        assert_eq!(fleiss.finish("q").fleiss_kappa, None);
        assert_eq!(Fleiss::default().finish("q").observed_agreement, None);
    }
}
