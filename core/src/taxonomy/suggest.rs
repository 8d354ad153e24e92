//! Ranked category suggestions from a free-text description.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Taxonomy;
use crate::code::CategoryCode;
use crate::text::{fold_phrase, fold_words, stem_matches};

/// A suggested category for a description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The top-level category.
    pub category: CategoryCode,
    /// The best-matching subcategory, when a subcategory keyword matched.
    pub subcategory: Option<CategoryCode>,
    /// The score: the sum of the matched keywords' weights. Higher is better.
    pub score: f32,
    /// The keywords (as written in the data) that matched.
    pub matched: Vec<String>,
}

/// One keyword: its folded words, the entry it belongs to, and its text as written.
#[derive(Debug, Clone)]
struct Keyword {
    words: Vec<String>,
    entry: usize,
    text: String,
}

/// Keywords indexed by the first three letters of their first word, so that a description
/// word is compared only with stems it could start with.
#[derive(Debug, Clone, Default)]
pub(super) struct KeywordIndex {
    keywords: Vec<Keyword>,
    by_head: HashMap<String, Vec<usize>>,
}

fn head(word: &str) -> &str {
    // Folded words are ASCII, so byte slicing is on a char boundary.
    &word[..word.len().min(3)]
}

impl KeywordIndex {
    pub(super) fn build<'a, I, K>(entries: I) -> Self
    where
        I: IntoIterator<Item = K>,
        K: Iterator<Item = &'a str>,
    {
        let mut index = KeywordIndex::default();
        for (entry, keywords) in entries.into_iter().enumerate() {
            for text in keywords {
                let folded = fold_phrase(text);
                let words: Vec<String> = folded
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(String::from)
                    .collect();
                let Some(first) = words.first() else { continue };
                index
                    .by_head
                    .entry(head(first).to_owned())
                    .or_default()
                    .push(index.keywords.len());
                index.keywords.push(Keyword {
                    words,
                    entry,
                    text: text.to_owned(),
                });
            }
        }
        index
    }
}

/// A multi-word keyword matches when its words match consecutive description words.
fn phrase_matches(desc: &[String], at: usize, kw: &[String]) -> bool {
    kw.iter()
        .enumerate()
        .all(|(j, stem)| desc.get(at + j).is_some_and(|w| stem_matches(w, stem)))
}

pub(super) fn suggest(t: &Taxonomy, description: &str, limit: usize) -> Vec<Suggestion> {
    let words = fold_words(description);
    let idx = &t.index;
    // Per entry: score and matched keyword ids; each keyword counts once.
    let mut hits: HashMap<usize, (f32, Vec<usize>)> = HashMap::new();
    for (at, w) in words.iter().enumerate() {
        let Some(cands) = idx.by_head.get(head(w)) else {
            continue;
        };
        for &k in cands {
            let kw = &idx.keywords[k];
            if phrase_matches(&words, at, &kw.words) {
                let e = hits.entry(kw.entry).or_default();
                if !e.1.contains(&k) {
                    // Longer and multi-word keywords are more specific, so they weigh more.
                    let letters: usize = kw.words.iter().map(String::len).sum();
                    e.0 += 1.0 + (letters.min(12) as f32) / 12.0;
                    e.1.push(k);
                }
            }
        }
    }
    // Fold subcategory hits into their categories, remembering the best subcategory.
    // Per category: score, best subcategory (score, entry), matched keywords.
    type Hit = (f32, Option<(f32, usize)>, Vec<usize>);
    let mut cats: HashMap<usize, Hit> = HashMap::new();
    for (entry, (score, kws)) in hits {
        let e = &t.entries[entry];
        let top = match &e.parent {
            Some(p) => t.by_code[p],
            None => entry,
        };
        let c = cats.entry(top).or_default();
        c.0 += score;
        c.2.extend(kws);
        if e.parent.is_some()
            && c.1
                .is_none_or(|(s, i)| score > s || (score == s && entry < i))
        {
            c.1 = Some((score, entry));
        }
    }
    let mut out: Vec<Suggestion> = cats
        .into_iter()
        .map(|(top, (score, sub, mut kws))| {
            kws.sort_unstable();
            Suggestion {
                category: t.entries[top].code.clone(),
                subcategory: sub.map(|(_, i)| t.entries[i].code.clone()),
                score,
                matched: kws
                    .into_iter()
                    .map(|k| idx.keywords[k].text.clone())
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.category.cmp(&b.category))
    });
    out.truncate(limit);
    out
}
