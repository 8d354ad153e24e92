//! Text folding for keyword matching across Kazakh (Cyrillic and Latin), Russian and English.
//!
//! Citizens write the same word many ways: «Жарық», «жарык» (Russian keyboard),
//! «jaryq» (Kazakh Latin, 2021), «zharyk» (informal Latin). Folding maps each to one
//! ASCII skeleton so that a keyword written once in the data matches them all.
//! The folding is lossy on purpose (қ and к both become `k`): it serves matching,
//! never display.

/// Folds one character to its ASCII skeleton, appending to `out`.
///
/// Returns `false` for characters that separate words.
fn fold_char(c: char, out: &mut String) -> bool {
    let s: &str = match c {
        'a'..='z' | '0'..='9' => {
            out.push(c);
            return true;
        }
        'A'..='Z' => {
            out.push(c.to_ascii_lowercase());
            return true;
        }
        // Cyrillic shared by Kazakh and Russian.
        'а' | 'А' => "a",
        'б' | 'Б' => "b",
        'в' | 'В' => "v",
        'г' | 'Г' => "g",
        'д' | 'Д' => "d",
        'е' | 'Е' | 'ё' | 'Ё' | 'э' | 'Э' => "e",
        'ж' | 'Ж' => "j",
        'з' | 'З' => "z",
        'и' | 'И' | 'й' | 'Й' | 'ы' | 'Ы' | 'і' | 'І' => "i",
        'к' | 'К' => "k",
        'л' | 'Л' => "l",
        'м' | 'М' => "m",
        'н' | 'Н' => "n",
        'о' | 'О' => "o",
        'п' | 'П' => "p",
        'р' | 'Р' => "r",
        'с' | 'С' => "s",
        'т' | 'Т' => "t",
        'у' | 'У' => "u",
        'ф' | 'Ф' => "f",
        'х' | 'Х' | 'һ' | 'Һ' => "h",
        'ц' | 'Ц' => "ts",
        'ч' | 'Ч' => "ch",
        'ш' | 'Ш' | 'щ' | 'Щ' => "sh",
        'ъ' | 'Ъ' | 'ь' | 'Ь' => "",
        'ю' | 'Ю' => "yu",
        'я' | 'Я' => "ya",
        // Kazakh Cyrillic letters.
        'ә' | 'Ә' => "a",
        'ғ' | 'Ғ' => "g",
        'қ' | 'Қ' => "k",
        'ң' | 'Ң' => "n",
        'ө' | 'Ө' => "o",
        'ұ' | 'Ұ' | 'ү' | 'Ү' => "u",
        // Kazakh Latin (2017–2021 alphabets) and common diacritics.
        'ä' | 'Ä' | 'á' | 'Á' => "a",
        'ğ' | 'Ğ' | 'ǵ' | 'Ǵ' => "g",
        'ñ' | 'Ñ' | 'ń' | 'Ń' => "n",
        'ö' | 'Ö' | 'ó' | 'Ó' => "o",
        'ū' | 'Ū' | 'ü' | 'Ü' | 'ú' | 'Ú' | 'ý' | 'Ý' => "u",
        'ı' | 'İ' | 'í' | 'Í' => "i",
        'ş' | 'Ş' => "sh",
        'ç' | 'Ç' => "ch",
        '\'' | '’' | 'ʼ' => "",
        _ => return false,
    };
    out.push_str(s);
    true
}

/// Rewrites Latin spellings so that they meet the Cyrillic skeleton:
/// `zh`→`j`, `q`→`k`, `y`→`i`, `w`→`u`, `gh`→`g`, `x`→`h` (Kazakh Latin 2018 used
/// `x` for х), `c`→`s`.
fn fold_latin(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match (c, next) {
            (b'z', Some(b'h')) => {
                out.push('j');
                i += 2;
                continue;
            }
            (b'g', Some(b'h')) => {
                out.push('g');
                i += 2;
                continue;
            }
            (b'k', Some(b'h')) => {
                out.push('h');
                i += 2;
                continue;
            }
            // Keep `sh`, `ch`, `ts`, `yu`, `ya` as they are: the Cyrillic side spells them so.
            (b'y', Some(b'u' | b'a')) => {
                out.push('y');
                out.push(next.map(char::from).unwrap_or_default());
                i += 2;
                continue;
            }
            _ => {}
        }
        out.push(match c {
            b'q' => 'k',
            b'y' => 'i',
            b'w' => 'u',
            b'x' => 'h',
            b'c' if next != Some(b'h') => 's',
            _ => char::from(c),
        });
        i += 1;
    }
    out
}

/// Splits `text` into folded words: lowercase ASCII skeletons, in order.
///
/// ```
/// # use aryz::fold_words;
/// assert_eq!(fold_words("Жарық жоқ!"), fold_words("jaryq joq"));
/// assert_eq!(fold_words("Жарық жоқ!"), fold_words("жарык жок"));
/// ```
pub fn fold_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if !fold_char(c, &mut cur) && !cur.is_empty() {
            words.push(fold_latin(&cur));
            cur.clear();
        }
    }
    if !cur.is_empty() {
        words.push(fold_latin(&cur));
    }
    words.retain(|w| !w.is_empty());
    words
}

/// Folds a keyword phrase into one skeleton with single spaces between words.
pub fn fold_phrase(text: &str) -> String {
    fold_words(text).join(" ")
}

/// Whether a folded description word matches a folded keyword stem.
///
/// A keyword is a stem: it matches any word that starts with it, so «лифт» matches
/// «лифта», «лифтом», «лифттің». Stems shorter than three letters must match whole
/// words, else «су» (water) would match every word starting with "su".
pub fn stem_matches(word: &str, stem: &str) -> bool {
    if stem.len() < 3 {
        word == stem
    } else {
        word.starts_with(stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_cyrillic_latin_and_russian_keyboard_meet() {
        let cyr = fold_words("Ауладағы жарық, Қоқыс");
        assert_eq!(cyr, fold_words("auladağy jaryq, qoqys"));
        assert_eq!(cyr, fold_words("ауладагы жарык, кокыс"));
        assert_eq!(cyr, fold_words("AULADAGY ZHARYK, KOKYS"));
    }

    #[test]
    fn all_kazakh_letters_fold() {
        for (k, l) in [
            ("ә", "a"),
            ("ғ", "g"),
            ("қ", "k"),
            ("ң", "n"),
            ("ө", "o"),
            ("ұ", "u"),
            ("ү", "u"),
            ("һ", "h"),
            ("і", "i"),
        ] {
            assert_eq!(fold_words(k), vec![l.to_string()], "{k}");
        }
    }

    #[test]
    fn russian_folds_and_splits() {
        assert_eq!(
            fold_words("Не работает ЛИФТ, 5-й подъезд"),
            ["ne", "rabotaet", "lift", "5", "i", "podezd"]
        );
        assert_eq!(fold_words("Не работает ЛИФТ"), ["ne", "rabotaet", "lift"]);
        assert_eq!(fold_words("подъезд"), ["podezd"]);
    }

    #[test]
    fn stems() {
        assert!(stem_matches("liftom", "lift"));
        assert!(!stem_matches("sudia", "su"));
        assert!(stem_matches("su", "su"));
    }
}
