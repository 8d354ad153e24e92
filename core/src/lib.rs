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
    ActorId, BodyId, CategoryCode, CodeError, DistrictCode, MAX_CODE_LEN, PolicyId, RuleId, Tag,
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
mod appeal;
mod citizen;

pub use appeal::{
    Actor, Appeal, Channel, Command, CommandError, CommandKind, EVENT_SCHEMA, Event, EventKind,
    GeoPoint, IdempotencyKey, Intake, InvalidKey, LogRecord, MAX_DESCRIPTION_CHARS, MAX_NUMBER_LEN,
    MAX_SHORT_TEXT_CHARS, NumberError, NumberFormat, Outcome, OutcomeKind, Priority,
    RegistrationNumber, Rejection, ReplayError, Role, Routing, State, TRANSITIONS, Transition,
    mermaid, transition,
};
pub use citizen::{Citizen, CitizenHasher, CitizenKey, PhoneError, PhoneNumber};
mod desk;

pub use desk::{Desk, DeskConfig, DeskError, Query, Submission};
