//! Agreement between annotators: Fleiss' kappa over the answers of many items.
//!
//! Pure arithmetic, no database: the caller groups the answers by item and
//! feeds them in one item at a time, so memory stays constant however many
//! items a project has.

use std::collections::HashMap;

/// What [`Fleiss::finish`] measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement {
    /// Items with at least two answers (the others carry no agreement).
    pub items: u64,
    /// Answers on those items.
    pub answers: u64,
    /// The mean agreement per item (P), or None without such items.
    pub observed: Option<f64>,
    /// Fleiss' kappa, or None when it is undefined (no such items, or every
    /// answer in the same category, so chance agreement is already 1).
    pub kappa: Option<f64>,
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
    pub fn finish(&self) -> Agreement {
        let observed = (self.items > 0).then(|| self.sum_p_i / self.items as f64);
        let expected: f64 = self
            .per_category
            .values()
            .map(|c| (*c as f64 / self.answers.max(1) as f64).powi(2))
            .sum();
        let kappa = observed
            .filter(|_| expected < 1.0)
            .map(|p| (p - expected) / (1.0 - expected));
        Agreement {
            items: self.items,
            answers: self.answers,
            observed,
            kappa,
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
        let result = fleiss.finish();
        assert_eq!(result.items, 10);
        assert_eq!(result.answers, 140);
        let observed = result.observed.expect("observed");
        assert!((observed - 0.378).abs() < 0.001, "{observed}");
        let kappa = result.kappa.expect("kappa");
        assert!((kappa - 0.210).abs() < 0.001, "{kappa}");
    }

    #[test]
    fn perfect_agreement_is_one_and_single_answers_are_skipped() {
        let mut fleiss = Fleiss::default();
        fleiss.add_item(&item(&[("pos", 2)]));
        fleiss.add_item(&item(&[("neg", 3)]));
        fleiss.add_item(&item(&[("pos", 1)]));
        let result = fleiss.finish();
        assert_eq!(result.items, 2);
        assert_eq!(result.observed, Some(1.0));
        assert_eq!(result.kappa, Some(1.0));
    }

    #[test]
    fn kappa_is_undefined_when_everyone_always_picks_the_same_label() {
        let mut fleiss = Fleiss::default();
        fleiss.add_item(&item(&[("pos", 2)]));
        assert_eq!(fleiss.finish().kappa, None);
        assert_eq!(Fleiss::default().finish().observed, None);
    }

    #[test]
    fn one_rater_per_item_and_no_items_leave_agreement_undefined() {
        let mut one_rater = Fleiss::default();
        one_rater.add_item(&item(&[("pos", 1)]));
        one_rater.add_item(&item(&[("neg", 1)]));
        let expected = Agreement {
            items: 0,
            answers: 0,
            observed: None,
            kappa: None,
        };
        assert_eq!(one_rater.finish(), expected);
        assert_eq!(Fleiss::default().finish(), expected);
    }

    #[test]
    fn systematic_disagreement_is_negative() {
        let mut fleiss = Fleiss::default();
        fleiss.add_item(&item(&[("pos", 1), ("neg", 1)]));
        fleiss.add_item(&item(&[("pos", 1), ("neg", 1)]));
        let result = fleiss.finish();
        assert_eq!(result.observed, Some(0.0));
        assert_eq!(result.kappa, Some(-1.0));
    }
}
