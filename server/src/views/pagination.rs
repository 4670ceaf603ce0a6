//! The `pagination` object of list responses.

use axum::http::Uri;
use labelwell_transport::Pagination;

use crate::repositories::Page;

/// The pagination of `page`, with a `next` link that repeats the request's path
/// and query (filters included) with the next cursor.
pub fn pagination_of<T>(uri: &Uri, page: &Page<T>) -> Pagination {
    let next = page.next_cursor.as_ref().map(|cursor| {
        let query = uri.query().unwrap_or_default();
        let mut params = form_urlencoded::Serializer::new(String::new());
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if name != "cursor" && name != "limit" {
                params.append_pair(&name, &value);
            }
        }
        params.append_pair("limit", &page.limit.to_string());
        params.append_pair("cursor", cursor);
        format!("{}?{}", uri.path(), params.finish())
    });
    Pagination {
        next_cursor: page.next_cursor.clone(),
        next,
        limit: page.limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_keeps_filters_and_replaces_the_cursor() {
        let uri: Uri = "/api/v1/projects/p/items?status=new&cursor=old&limit=2"
            .parse()
            .expect("uri");
        let page = Page {
            items: vec![1, 2],
            next_cursor: Some("abc".to_owned()),
            limit: 2,
        };
        let pagination = pagination_of(&uri, &page);
        assert_eq!(
            pagination.next.as_deref(),
            Some("/api/v1/projects/p/items?status=new&limit=2&cursor=abc")
        );
        assert_eq!(pagination.limit, 2);
    }

    #[test]
    fn the_last_page_has_no_next() {
        let uri: Uri = "/api/v1/me/tokens".parse().expect("uri");
        let page = Page {
            items: vec![1],
            next_cursor: None,
            limit: 50,
        };
        assert_eq!(pagination_of(&uri, &page).next, None);
    }
}
