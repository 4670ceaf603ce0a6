//! The two shapes most transport types come in, each declared with one macro:
//! [`wire_enum!`], a fieldless enum with the name each member has on the wire,
//! and [`envelope!`], the object one resource or one page of resources travels
//! in (`{"project": {...}}`, `{"projects": [...], "pagination": {...}}`).
//!
//! Both add the attributes every transport type carries (serde, the OpenAPI
//! schema under `openapi`, the Python class under `python`), so a declaration
//! states only what is its own: names, types and documentation.

use std::fmt;

/// Declares a fieldless enum with the wire name of each member, written once:
///
/// ```ignore
/// wire_enum! {
///     /// A reviewer's verdict.
///     pub enum Verdict {
///         /// The annotation is right.
///         Accept = "accept",
///         /// The annotation must be fixed.
///         Reject = "reject",
///     }
/// }
/// ```
///
/// The enum is `Copy`, `Eq` and `Hash` (more derives go in the attributes, e.g.
/// `#[derive(PartialOrd, Ord)]`); its JSON and its OpenAPI schema are the wire
/// names, and under `python` it is a Python enum of SCREAMING_SNAKE_CASE
/// members (the methods every enum shares are in `python.rs`). It gets
/// `ALL` (every member, in order), `as_str` (the wire name), `Display` (the
/// wire name) and `FromStr` (from the wire name, failing with [`UnknownName`]).
//
// A wire name is matched as `tt`, not `literal`: utoipa reads the
// `#[serde(rename = ...)]` below only from a bare string, not from one a
// `literal` fragment wraps, and the schema would list the Rust names.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$member_meta:meta])*
                $member:ident = $wire:tt
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(
            feature = "python",
            pyo3::pyclass(
                frozen,
                module = "labelwell._native",
                rename_all = "SCREAMING_SNAKE_CASE"
            )
        )]
        #[derive(::serde::Serialize, ::serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(
                $(#[$member_meta])*
                #[serde(rename = $wire)]
                $member,
            )+
        }

        impl $name {
            /// Every member, in the order declared.
            pub const ALL: [$name; [$($wire),+].len()] = [$($name::$member),+];

            /// The member's name on the wire: its JSON string.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$member => $wire,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::wire::UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .into_iter()
                    .find(|member| member.as_str() == name)
                    .ok_or_else(|| $crate::wire::UnknownName {
                        enum_name: stringify!($name),
                        name: name.to_owned(),
                        accepted: &[$($wire),+],
                    })
            }
        }
    };
}

/// Declares the envelope one resource, or one page of a list, travels in: a
/// struct of one field, plus `pagination` for a page.
///
/// ```ignore
/// envelope! {
///     /// One project.
///     pub struct ProjectResponse {
///         /// The project.
///         pub project: Project,
///     }
/// }
///
/// envelope! {
///     /// `GET /organizations/{org_id}/projects`.
///     pub struct ProjectList {
///         /// The projects the caller may see, oldest first.
///         pub projects: Vec<Project>,
///         pagination,
///     }
/// }
/// ```
///
/// `pagination` becomes the field `pub pagination: Pagination` (where the next
/// page starts). The struct is serde, an OpenAPI schema under `openapi` and a
/// Python class under `python`, like every transport struct.
macro_rules! envelope {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(#[$field_meta:meta])*
            pub $field:ident: $type:ty,
            pagination $(,)?
        }
    ) => {
        $crate::wire::envelope! {
            @struct $(#[$meta])* $name {
                $(#[$field_meta])*
                pub $field: $type,
                /// Where the next page starts.
                pub pagination: $crate::Pagination,
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(#[$field_meta:meta])*
            pub $field:ident: $type:ty $(,)?
        }
    ) => {
        $crate::wire::envelope! {
            @struct $(#[$meta])* $name {
                $(#[$field_meta])*
                pub $field: $type,
            }
        }
    };
    (@struct $(#[$meta:meta])* $name:ident { $($fields:tt)* }) => {
        $(#[$meta])*
        #[cfg_attr(
            feature = "python",
            pyo3::pyclass(frozen, get_all, eq, module = "labelwell._native")
        )]
        #[derive(::serde::Serialize, ::serde::Deserialize, Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name {
            $($fields)*
        }
    };
}

pub(crate) use {envelope, wire_enum};

/// A text that names no member of a [`wire_enum!`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The enum's Rust name, e.g. `ReviewStatus`.
    pub enum_name: &'static str,
    /// The text given.
    pub name: String,
    /// The wire names of its members.
    pub accepted: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    /// `unknown review status `maybe`; expected one of: pending, accepted, rejected`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown")?;
        for character in self.enum_name.chars() {
            if character.is_uppercase() {
                f.write_str(" ")?;
            }
            write!(f, "{}", character.to_lowercase())?;
        }
        write!(
            f,
            " `{}`; expected one of: {}",
            self.name,
            self.accepted.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

#[cfg(test)]
mod tests {
    use crate::{ItemStatus, ReviewStatus, Role, Verdict};

    #[test]
    fn every_member_round_trips_through_its_wire_name() {
        fn check<T>(all: &[T])
        where
            T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + serde::Serialize,
            T: std::str::FromStr<Err = super::UnknownName>,
        {
            for &member in all {
                let name = member.to_string();
                assert_eq!(name.parse::<T>(), Ok(member));
                assert_eq!(
                    serde_json::to_value(member).ok(),
                    Some(serde_json::Value::from(name))
                );
            }
        }
        check(&Role::ALL);
        check(&ItemStatus::ALL);
        check(&ReviewStatus::ALL);
        check(&Verdict::ALL);
    }

    #[test]
    fn an_unknown_name_is_told_with_the_names_accepted() {
        let error = "maybe".parse::<ReviewStatus>().err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("unknown review status `maybe`; expected one of: pending, accepted, rejected")
        );
        assert!("superuser".parse::<Role>().is_err());
    }
}
