//! Categories and subcategories of appeals, with stable codes, labels in three
//! languages and keywords for suggesting a category from a free-text description.

mod suggest;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

use crate::code::{CategoryCode, CodeError};
use crate::language::{Labels, Language};

use suggest::KeywordIndex;
pub use suggest::Suggestion;

/// The largest taxonomy file accepted by default, in bytes (1 MiB).
pub const DEFAULT_MAX_TAXONOMY_BYTES: usize = 1 << 20;

/// The version of the taxonomy file format this crate reads and writes.
pub const TAXONOMY_SCHEMA: u32 = 1;

/// Why a taxonomy file was refused. Each variant names the entry at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TaxonomyError {
    /// The file is larger than the limit.
    #[error("taxonomy is {size} bytes, the limit is {limit}")]
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The file is not valid JSON or TOML of the expected shape.
    #[error("taxonomy is not valid {format}: {message}")]
    Syntax {
        /// `json` or `toml`.
        format: &'static str,
        /// The parser's message, with line and column where known.
        message: String,
    },
    /// The file declares a schema version this crate does not read.
    #[error("taxonomy schema {found} is not supported (this crate reads {TAXONOMY_SCHEMA})")]
    UnsupportedSchema {
        /// The version found in the file.
        found: u32,
    },
    /// An entry's code is empty, too long or holds a character outside `a-z 0-9 _ - .`.
    #[error("entry {index} has an invalid code {code:?}: {source}")]
    InvalidCode {
        /// The entry's position among categories, then subcategories.
        index: usize,
        /// The code as written.
        code: String,
        /// What is wrong with it.
        source: CodeError,
    },
    /// Two entries share a code.
    #[error("code {code} is used twice")]
    DuplicateCode {
        /// The repeated code.
        code: String,
    },
    /// A subcategory names a parent that is not a category.
    #[error("subcategory {code} names parent {parent}, which is not a category")]
    OrphanSubcategory {
        /// The subcategory.
        code: String,
        /// The parent it names.
        parent: String,
    },
    /// An entry lacks a label in a language the file requires.
    #[error("{code} has no label in {language}")]
    MissingLabel {
        /// The entry.
        code: String,
        /// The missing language.
        language: Language,
    },
    /// The file defines no category at all.
    #[error("taxonomy has no categories")]
    Empty,
}

/// One category or subcategory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// The stable code, e.g. `lifts` or `lifts.stuck`.
    pub code: CategoryCode,
    /// The parent category, for a subcategory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<CategoryCode>,
    /// The name in Kazakh, Russian and English.
    pub labels: Labels,
    /// Word stems that suggest this entry, per language.
    #[serde(default, skip_serializing_if = "Keywords::is_empty")]
    pub keywords: Keywords,
    /// Whether appeals here are emergencies by default (a gas smell, a person stuck in a lift).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub emergency: bool,
}

/// Keyword stems in each language. A stem matches every word that starts with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keywords {
    /// Kazakh stems (Cyrillic; Latin spellings are matched through folding).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kk: Vec<String>,
    /// Russian stems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ru: Vec<String>,
    /// English stems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub en: Vec<String>,
}

impl Keywords {
    fn is_empty(&self) -> bool {
        self.kk.is_empty() && self.ru.is_empty() && self.en.is_empty()
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        self.kk
            .iter()
            .chain(&self.ru)
            .chain(&self.en)
            .map(String::as_str)
    }
}

/// The file form: codes as plain strings so that a bad one is reported with its position.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    schema: u32,
    #[serde(default = "default_required")]
    required_languages: Vec<Language>,
    categories: Vec<EntryFile>,
    #[serde(default)]
    subcategories: Vec<EntryFile>,
}

fn default_required() -> Vec<Language> {
    vec![Language::Kk, Language::Ru]
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    labels: Labels,
    #[serde(default, skip_serializing_if = "Keywords::is_empty")]
    keywords: Keywords,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    emergency: bool,
}

/// Limits applied while loading a taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxonomyLimits {
    /// The largest file accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for TaxonomyLimits {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_TAXONOMY_BYTES,
        }
    }
}

/// A validated set of categories and subcategories.
///
/// Load the embedded Shymkent default with [`Taxonomy::shymkent`], or your own with
/// [`Taxonomy::from_json`] / [`Taxonomy::from_toml`].
///
/// ```
/// use aryz::{Language, Taxonomy};
/// let t = Taxonomy::shymkent();
/// assert_eq!(t.label("lifts", Language::En), Some("Lifts"));
/// let best = &t.suggest("Лифт не работает, застряли в лифте", 3)[0];
/// assert_eq!(best.category.as_str(), "lifts");
/// ```
#[derive(Debug, Clone)]
pub struct Taxonomy {
    required: Vec<Language>,
    entries: Vec<Category>,
    by_code: HashMap<CategoryCode, usize>,
    /// Indices of the subcategories of each entry.
    children: Vec<Vec<usize>>,
    index: KeywordIndex,
}

const SHYMKENT_JSON: &str = include_str!("../../data/taxonomy.json");

static SHYMKENT: LazyLock<Arc<Taxonomy>> = LazyLock::new(|| {
    // The embedded file is checked by a test; failing here would be a build defect.
    #[allow(clippy::expect_used)]
    Arc::new(Taxonomy::from_json(SHYMKENT_JSON).expect("embedded taxonomy is valid"))
});

impl Taxonomy {
    /// The embedded default: the twenty categories of Shymkent's iKomek 109 centre.
    pub fn shymkent() -> Arc<Taxonomy> {
        Arc::clone(&SHYMKENT)
    }

    /// The embedded default's source text (JSON), for users who want to start from it.
    pub fn shymkent_json() -> &'static str {
        SHYMKENT_JSON
    }

    /// Loads a taxonomy from JSON with the default limits.
    ///
    /// # Errors
    /// [`TaxonomyError`] naming the entry at fault.
    pub fn from_json(text: &str) -> Result<Taxonomy, TaxonomyError> {
        Self::from_json_with(text, TaxonomyLimits::default())
    }

    /// Loads a taxonomy from JSON with the given limits.
    ///
    /// # Errors
    /// [`TaxonomyError`] naming the entry at fault.
    pub fn from_json_with(text: &str, limits: TaxonomyLimits) -> Result<Taxonomy, TaxonomyError> {
        check_size(text, limits)?;
        let file: TaxonomyFile = serde_json::from_str(text).map_err(|e| TaxonomyError::Syntax {
            format: "json",
            message: e.to_string(),
        })?;
        Self::from_file(file)
    }

    /// Loads a taxonomy from TOML with the default limits.
    ///
    /// # Errors
    /// [`TaxonomyError`] naming the entry at fault.
    pub fn from_toml(text: &str) -> Result<Taxonomy, TaxonomyError> {
        Self::from_toml_with(text, TaxonomyLimits::default())
    }

    /// Loads a taxonomy from TOML with the given limits.
    ///
    /// # Errors
    /// [`TaxonomyError`] naming the entry at fault.
    pub fn from_toml_with(text: &str, limits: TaxonomyLimits) -> Result<Taxonomy, TaxonomyError> {
        check_size(text, limits)?;
        let file: TaxonomyFile = toml::from_str(text).map_err(|e| TaxonomyError::Syntax {
            format: "toml",
            message: e.to_string(),
        })?;
        Self::from_file(file)
    }

    fn from_file(file: TaxonomyFile) -> Result<Taxonomy, TaxonomyError> {
        if file.schema != TAXONOMY_SCHEMA {
            return Err(TaxonomyError::UnsupportedSchema { found: file.schema });
        }
        if file.categories.is_empty() {
            return Err(TaxonomyError::Empty);
        }
        let mut entries = Vec::with_capacity(file.categories.len() + file.subcategories.len());
        let mut by_code = HashMap::new();
        let top_count = file.categories.len();
        for (index, e) in file
            .categories
            .into_iter()
            .chain(file.subcategories)
            .enumerate()
        {
            let is_sub = index >= top_count;
            let code = CategoryCode::new(&e.code).map_err(|source| TaxonomyError::InvalidCode {
                index,
                code: e.code.clone(),
                source,
            })?;
            for &language in &file.required_languages {
                if e.labels.get_exact(language).is_none() {
                    return Err(TaxonomyError::MissingLabel {
                        code: e.code,
                        language,
                    });
                }
            }
            let parent = match (is_sub, e.parent) {
                (false, None) => None,
                (true, Some(p)) => {
                    let known = CategoryCode::new(&p)
                        .ok()
                        .filter(|pc| by_code.get(pc).is_some_and(|&i| i < top_count));
                    match known {
                        Some(pc) => Some(pc),
                        None => {
                            return Err(TaxonomyError::OrphanSubcategory {
                                code: e.code,
                                parent: p,
                            });
                        }
                    }
                }
                // A subcategory without a parent, or a category that names one.
                (_, p) => {
                    return Err(TaxonomyError::OrphanSubcategory {
                        code: e.code,
                        parent: p.unwrap_or_default(),
                    });
                }
            };
            if by_code.insert(code.clone(), index).is_some() {
                return Err(TaxonomyError::DuplicateCode { code: e.code });
            }
            entries.push(Category {
                code,
                parent,
                labels: e.labels,
                keywords: e.keywords,
                emergency: e.emergency,
            });
        }
        let mut children = vec![Vec::new(); entries.len()];
        for (i, e) in entries.iter().enumerate() {
            if let Some(p) = &e.parent {
                children[by_code[p]].push(i);
            }
        }
        let index = KeywordIndex::build(entries.iter().map(|e| e.keywords.all()));
        Ok(Taxonomy {
            required: file.required_languages,
            entries,
            by_code,
            children,
            index,
        })
    }

    /// Writes the taxonomy back in its JSON file form; loading the result gives an equal taxonomy.
    pub fn to_json(&self) -> String {
        let (tops, subs): (Vec<_>, Vec<_>) = self.entries.iter().partition(|e| e.parent.is_none());
        let entry = |e: &Category| EntryFile {
            code: e.code.to_string(),
            parent: e.parent.as_ref().map(ToString::to_string),
            labels: e.labels.clone(),
            keywords: e.keywords.clone(),
            emergency: e.emergency,
        };
        let file = TaxonomyFile {
            schema: TAXONOMY_SCHEMA,
            required_languages: self.required.clone(),
            categories: tops.into_iter().map(entry).collect(),
            subcategories: subs.into_iter().map(entry).collect(),
        };
        // Serialising plain strings and vectors cannot fail.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// The entry with this code, category or subcategory.
    pub fn get(&self, code: &str) -> Option<&Category> {
        self.by_code.get(code).map(|&i| &self.entries[i])
    }

    /// Whether `code` names a category or subcategory.
    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    /// The top-level categories, in file order.
    pub fn categories(&self) -> impl Iterator<Item = &Category> {
        self.entries.iter().filter(|e| e.parent.is_none())
    }

    /// Every entry, categories first, then subcategories, in file order.
    pub fn entries(&self) -> &[Category] {
        &self.entries
    }

    /// The subcategories of `code` (empty for an unknown code or a subcategory).
    pub fn subcategories(&self, code: &str) -> impl Iterator<Item = &Category> {
        self.by_code
            .get(code)
            .map(|&i| self.children[i].as_slice())
            .unwrap_or_default()
            .iter()
            .map(|&i| &self.entries[i])
    }

    /// The label of `code` in `lang`, falling back to Russian, Kazakh, then English.
    pub fn label(&self, code: &str, lang: Language) -> Option<&str> {
        self.get(code).and_then(|e| e.labels.get(lang))
    }

    /// The languages every entry must have a label in.
    pub fn required_languages(&self) -> &[Language] {
        &self.required
    }

    /// Checks that `subcategory` (if given) belongs to `category`, and both exist.
    ///
    /// # Errors
    /// [`ClassificationError`] naming the unknown code or the mismatch.
    pub fn check(
        &self,
        category: &str,
        subcategory: Option<&str>,
    ) -> Result<(), ClassificationError> {
        let cat = self
            .get(category)
            .filter(|c| c.parent.is_none())
            .ok_or_else(|| ClassificationError::UnknownCategory {
                code: category.to_owned(),
            })?;
        if let Some(sub) = subcategory {
            let s = self
                .get(sub)
                .ok_or_else(|| ClassificationError::UnknownCategory {
                    code: sub.to_owned(),
                })?;
            if s.parent.as_ref() != Some(&cat.code) {
                return Err(ClassificationError::NotASubcategory {
                    subcategory: sub.to_owned(),
                    category: category.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Suggests likely categories for a free-text description, best first, at most `limit`.
    ///
    /// Matching folds Kazakh (Cyrillic or Latin), Russian and English words to one skeleton,
    /// ignores case, and treats keywords as stems. A keyword of a subcategory counts for its
    /// category too, and names the subcategory in the suggestion.
    pub fn suggest(&self, description: &str, limit: usize) -> Vec<Suggestion> {
        suggest::suggest(self, description, limit)
    }
}

/// Why a category or subcategory given with an appeal is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClassificationError {
    /// No category or subcategory has this code.
    #[error("unknown category {code}")]
    UnknownCategory {
        /// The code given.
        code: String,
    },
    /// The subcategory belongs to another category.
    #[error("{subcategory} is not a subcategory of {category}")]
    NotASubcategory {
        /// The subcategory given.
        subcategory: String,
        /// The category given.
        category: String,
    },
}

fn check_size(text: &str, limits: TaxonomyLimits) -> Result<(), TaxonomyError> {
    if text.len() > limits.max_bytes {
        return Err(TaxonomyError::TooLarge {
            size: text.len(),
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
