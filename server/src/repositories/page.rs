//! Keyset pagination: a page request, a page of results, and opaque cursors.
//!
//! A cursor is the sort key of the last row of a page, as URL-safe base64 of its
//! JSON; the next page asks for rows strictly after it, so pages stay correct and
//! equally fast at any depth, also while rows are inserted.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use labelwell_transport::PageQuery;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// A validated request for one page.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// How many rows, 1 to [`PageQuery::MAX_LIMIT`].
    pub limit: u32,
    /// The cursor the page starts after, undecoded.
    pub cursor: Option<String>,
}

impl PageRequest {
    /// Validates a list's query parameters.
    pub fn from_query(query: &PageQuery) -> Result<Self> {
        let limit = query.limit.unwrap_or(PageQuery::DEFAULT_LIMIT);
        if !(1..=PageQuery::MAX_LIMIT).contains(&limit) {
            return Err(Error::invalid(
                "limit",
                "out_of_range",
                format!("must be between 1 and {}", PageQuery::MAX_LIMIT),
            ));
        }
        Ok(PageRequest {
            limit,
            cursor: query.cursor.clone().filter(|c| !c.is_empty()),
        })
    }

    /// The sort key the page starts after, if any.
    pub fn after<K: DeserializeOwned>(&self) -> Result<Option<K>> {
        let invalid = || Error::invalid("cursor", "invalid", "is not a cursor of this list");
        match &self.cursor {
            None => Ok(None),
            Some(cursor) => {
                let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
                serde_json::from_slice(&bytes)
                    .map(Some)
                    .map_err(|_| invalid())
            }
        }
    }

    /// How many rows to fetch: one more than the page, to learn whether another follows.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// Cuts the fetched rows to the page and computes the next cursor from the
    /// key of its last row.
    pub fn page<R, T, K: Serialize>(
        &self,
        mut rows: Vec<R>,
        key: impl Fn(&R) -> K,
        convert: impl FnMut(R) -> T,
    ) -> Page<T> {
        let limit = self.limit as usize;
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|row| encode_cursor(&key(row)))
        } else {
            None
        };
        Page {
            items: rows.into_iter().map(convert).collect(),
            next_cursor,
            limit: self.limit,
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last.
    pub next_cursor: Option<String>,
    /// The page size asked for.
    pub limit: u32,
}

fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(limit: u32, cursor: Option<String>) -> PageRequest {
        PageRequest::from_query(&PageQuery {
            limit: Some(limit),
            cursor,
        })
        .expect("valid")
    }

    #[test]
    fn a_full_page_points_at_its_last_row() {
        let page = request(2, None).page(vec![1, 2, 3], |n| *n, |n| n * 10);
        assert_eq!(page.items, vec![10, 20]);
        let next = request(2, page.next_cursor);
        assert_eq!(next.after::<i32>().expect("decodes"), Some(2));
    }

    #[test]
    fn the_last_page_has_no_cursor() {
        let page = request(5, None).page(vec![1, 2], |n| *n, |n| n);
        assert!(page.next_cursor.is_none());
    }

    #[test]
    fn limits_and_cursors_are_validated() {
        assert!(
            PageRequest::from_query(&PageQuery {
                limit: Some(0),
                cursor: None
            })
            .is_err()
        );
        assert!(
            PageRequest::from_query(&PageQuery {
                limit: Some(1001),
                cursor: None
            })
            .is_err()
        );
        assert!(request(5, Some("%%%".into())).after::<i32>().is_err());
        assert!(
            request(5, Some("bm90IGpzb24".into()))
                .after::<i32>()
                .is_err()
        );
    }
}
