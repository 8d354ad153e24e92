//! # aryz
//!
//! The core of a citizen-appeal contact centre (Kazakh *арыз*, an appeal):
//! the appeal lifecycle, the category taxonomy, routing to responsible bodies,
//! SLA deadlines in working time on Kazakhstan calendars, and statistics.
//!
//! The crate is pure: no unsafe code, no clock, no I/O beyond the bytes the caller
//! hands in. Every instant is an argument, so every result is reproducible.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod code;
mod language;

pub use code::{
    BodyId, CategoryCode, CodeError, DistrictCode, MAX_CODE_LEN, PolicyId, RuleId, Tag,
    validate_code,
};
pub use language::{Labels, Language};
mod taxonomy;
mod text;

pub use taxonomy::{
    Category, ClassificationError, DEFAULT_MAX_TAXONOMY_BYTES, Keywords, Suggestion,
    TAXONOMY_SCHEMA, Taxonomy, TaxonomyError, TaxonomyLimits,
};
pub use text::{fold_phrase, fold_words, stem_matches};
