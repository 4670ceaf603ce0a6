//! Field checks shared by services; each returns the field's error, if any, so a
//! service can report every invalid field of a request at once.

use labelwell_transport::FieldError;

use crate::error::{Error, Result};

pub use labelwell_transport::limits::{
    MAX_EMAIL_CHARS, MAX_NAME_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS,
};

/// Collects field errors and fails with all of them.
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    /// No errors yet.
    pub fn new() -> Self {
        Checks::default()
    }

    /// Records the error, if any.
    pub fn check(&mut self, result: Option<FieldError>) -> &mut Self {
        self.0.extend(result);
        self
    }

    /// Records an error of `field`.
    pub fn add(
        &mut self,
        field: impl Into<String>,
        code: &str,
        message: impl Into<String>,
    ) -> &mut Self {
        self.0.push(FieldError::new(field, code, message));
        self
    }

    /// Whether an error was recorded.
    pub fn failed(&self) -> bool {
        !self.0.is_empty()
    }

    /// 422 with every recorded error; `Ok` when there is none.
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.0))
        }
    }
}

/// A display name: not blank, at most [`MAX_NAME_CHARS`], no control characters.
pub fn name(field: &str, value: &str) -> Option<FieldError> {
    if value.trim().is_empty() {
        Some(FieldError::new(field, "required", "must not be empty"))
    } else if value.chars().count() > MAX_NAME_CHARS {
        Some(FieldError::new(
            field,
            "too_long",
            format!("must be at most {MAX_NAME_CHARS} characters"),
        ))
    } else if value.chars().any(char::is_control) {
        Some(FieldError::new(
            field,
            "invalid",
            "must not contain control characters",
        ))
    } else {
        None
    }
}

/// An email address: `local@domain`, no spaces, at most [`MAX_EMAIL_CHARS`].
pub fn email(field: &str, value: &str) -> Option<FieldError> {
    let value = value.trim();
    let well_formed = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.is_empty()
            && !domain.contains('@')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    });
    if value.is_empty() {
        Some(FieldError::new(field, "required", "must not be empty"))
    } else if value.chars().count() > MAX_EMAIL_CHARS {
        Some(FieldError::new(
            field,
            "too_long",
            format!("must be at most {MAX_EMAIL_CHARS} characters"),
        ))
    } else if !well_formed || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some(FieldError::new(field, "invalid", "is not an email address"))
    } else {
        None
    }
}

/// A new password: [`MIN_PASSWORD_CHARS`] to [`MAX_PASSWORD_CHARS`] characters.
pub fn password(field: &str, value: &str) -> Option<FieldError> {
    if value.chars().count() < MIN_PASSWORD_CHARS {
        Some(FieldError::new(
            field,
            "too_short",
            format!("must be at least {MIN_PASSWORD_CHARS} characters"),
        ))
    } else if value.chars().count() > MAX_PASSWORD_CHARS {
        Some(FieldError::new(
            field,
            "too_long",
            format!("must be at most {MAX_PASSWORD_CHARS} characters"),
        ))
    } else {
        None
    }
}

/// A password to check at login: not empty, at most [`MAX_PASSWORD_CHARS`] (no
/// account has a longer one). No minimum, so that raising [`MIN_PASSWORD_CHARS`]
/// never locks an existing account out.
pub fn password_to_verify(field: &str, value: &str) -> Option<FieldError> {
    if value.is_empty() {
        Some(FieldError::new(field, "required", "must not be empty"))
    } else if value.chars().count() > MAX_PASSWORD_CHARS {
        Some(FieldError::new(
            field,
            "too_long",
            format!("must be at most {MAX_PASSWORD_CHARS} characters"),
        ))
    } else {
        None
    }
}

/// A token the server handed out (an invitation's): not blank.
pub fn token(field: &str, value: &str) -> Option<FieldError> {
    value
        .trim()
        .is_empty()
        .then(|| FieldError::new(field, "required", "must not be empty"))
}

/// A count of days within `1..=max`.
pub fn days(field: &str, value: Option<u32>, max: u32) -> Option<FieldError> {
    match value {
        Some(days) if !(1..=max).contains(&days) => Some(FieldError::new(
            field,
            "out_of_range",
            format!("must be between 1 and {max}"),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use labelwell_transport::limits::{
        EMAIL_PATTERN, NAME_PATTERN, NOT_BLANK_TEXT_PATTERN, TEXT_PATTERN,
    };
    use rand::{Rng, SeedableRng};
    use regex::Regex;

    /// Random short strings over characters at the edges of the rules: white
    /// space of every kind, control characters, NUL, `@` and `.`, and some
    /// that look like space but are not (U+200B, U+FEFF).
    fn edge_strings() -> Vec<String> {
        const POOL: &[char] = &[
            'a', 'Z', '0', '.', '@', '-', ' ', '\t', '\n', '\r', '\u{0}', '\u{1c}', '\u{1f}',
            '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', '\u{1680}', '\u{2003}', '\u{200b}', '\u{2028}',
            '\u{202f}', '\u{3000}', '\u{feff}', 'é', '李', '🦀',
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        (0..20_000)
            .map(|_| {
                let len = rng.random_range(0..8);
                (0..len)
                    .map(|_| POOL[rng.random_range(0..POOL.len())])
                    .collect()
            })
            .collect()
    }

    fn pattern(source: &str) -> Regex {
        Regex::new(source).expect("the spec's patterns are regular expressions")
    }

    #[test]
    fn the_specs_patterns_accept_exactly_what_the_checks_accept() {
        let (name_pattern, email_pattern) = (pattern(NAME_PATTERN), pattern(EMAIL_PATTERN));
        let (text, not_blank) = (pattern(TEXT_PATTERN), pattern(NOT_BLANK_TEXT_PATTERN));
        for value in edge_strings() {
            assert_eq!(
                name_pattern.is_match(&value),
                name("name", &value).is_none(),
                "name {value:?}"
            );
            // The check trims an email first; the spec asks for it trimmed.
            if value.trim() == value {
                assert_eq!(
                    email_pattern.is_match(&value),
                    email("email", &value).is_none(),
                    "email {value:?}"
                );
            }
            assert_eq!(text.is_match(&value), !value.contains('\0'), "{value:?}");
            assert_eq!(
                not_blank.is_match(&value),
                !value.contains('\0') && token("token", &value).is_none(),
                "not blank {value:?}"
            );
        }
    }

    #[test]
    fn names_are_checked_for_blankness_length_and_control_characters() {
        assert!(name("name", "Ada").is_none());
        assert!(name("name", "Zoë 李").is_none());
        assert_eq!(name("name", "  ").map(|e| e.code), Some("required".into()));
        assert_eq!(
            name("name", &"x".repeat(201)).map(|e| e.code),
            Some("too_long".into())
        );
        assert_eq!(
            name("name", "a\u{0}b").map(|e| e.code),
            Some("invalid".into())
        );
    }

    #[test]
    fn emails_need_a_local_part_and_a_domain() {
        assert!(email("email", "ada@example.com").is_none());
        assert!(email("email", "ADA@Example.COM").is_none());
        for bad in [
            "ada",
            "@example.com",
            "ada@",
            "a b@example.com",
            "a@b@c",
            "ada@.com",
        ] {
            assert!(email("email", bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn passwords_have_a_minimum_and_a_maximum() {
        assert!(password("password", "short").is_some());
        assert!(password("password", "long enough password").is_none());
        assert!(password("password", &"x".repeat(2000)).is_some());
        assert!(password_to_verify("password", "short").is_none());
        assert!(password_to_verify("password", "").is_some());
        assert!(password_to_verify("password", &"x".repeat(1025)).is_some());
    }

    #[test]
    fn tokens_must_not_be_blank() {
        assert!(token("token", "lwi_abc").is_none());
        assert_eq!(token("token", " ").map(|e| e.code), Some("required".into()));
    }
}
