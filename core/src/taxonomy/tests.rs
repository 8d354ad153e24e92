use super::*;

fn tiny(extra: &str) -> String {
    format!(
        r#"{{"schema":1,"required_languages":["kk","ru"],
        "categories":[{{"code":"gas","labels":{{"kk":"Газ","ru":"Газ"}},"keywords":{{"ru":["газ"]}}}}]
        {extra}}}"#
    )
}

#[test]
fn embedded_default_has_the_twenty_categories() {
    let t = Taxonomy::shymkent();
    assert_eq!(t.categories().count(), 20);
    for c in t.categories() {
        assert!(t.subcategories(c.code.as_str()).count() >= 2, "{}", c.code);
        for lang in Language::ALL {
            assert!(c.labels.get_exact(lang).is_some(), "{} {lang}", c.code);
        }
    }
    assert_eq!(
        t.label("open_manholes", Language::Ru),
        Some("Открытые люки")
    );
    assert_eq!(
        t.label("utilities.heating", Language::Kk),
        Some("Жылу беру")
    );
    assert!(t.get("gas_supply.gas_smell").is_some_and(|c| c.emergency));
}

#[test]
fn json_round_trips() {
    let t = Taxonomy::shymkent();
    let again = Taxonomy::from_json(&t.to_json()).unwrap();
    assert_eq!(again.entries(), t.entries());
    assert_eq!(again.required_languages(), t.required_languages());
}

#[test]
fn toml_loads() {
    let t = Taxonomy::from_toml(
        r#"
schema = 1
[[categories]]
code = "gas"
labels = { kk = "Газ", ru = "Газ", en = "Gas" }
[[subcategories]]
code = "gas.smell"
parent = "gas"
labels = { kk = "Газ иісі", ru = "Запах газа" }
keywords = { ru = ["запах газ"] }
emergency = true
"#,
    )
    .unwrap();
    assert_eq!(t.subcategories("gas").count(), 1);
    assert_eq!(
        t.suggest("сильно пахнет, запах газа в подъезде", 1)[0]
            .subcategory
            .as_ref()
            .map(|c| c.as_str()),
        Some("gas.smell")
    );
}

#[test]
fn refuses_duplicates() {
    let text =
        tiny(r#","subcategories":[{"code":"gas","parent":"gas","labels":{"kk":"a","ru":"b"}}]"#);
    assert_eq!(
        Taxonomy::from_json(&text).unwrap_err(),
        TaxonomyError::DuplicateCode { code: "gas".into() }
    );
}

#[test]
fn refuses_orphans() {
    let text =
        tiny(r#","subcategories":[{"code":"x.y","parent":"x","labels":{"kk":"a","ru":"b"}}]"#);
    assert_eq!(
        Taxonomy::from_json(&text).unwrap_err(),
        TaxonomyError::OrphanSubcategory {
            code: "x.y".into(),
            parent: "x".into()
        }
    );
    let text = tiny(r#","subcategories":[{"code":"x.y","labels":{"kk":"a","ru":"b"}}]"#);
    assert!(matches!(
        Taxonomy::from_json(&text),
        Err(TaxonomyError::OrphanSubcategory { .. })
    ));
}

#[test]
fn refuses_subcategory_of_subcategory() {
    let text = tiny(
        r#","subcategories":[{"code":"gas.a","parent":"gas","labels":{"kk":"a","ru":"b"}},
        {"code":"gas.a.b","parent":"gas.a","labels":{"kk":"a","ru":"b"}}]"#,
    );
    assert_eq!(
        Taxonomy::from_json(&text).unwrap_err(),
        TaxonomyError::OrphanSubcategory {
            code: "gas.a.b".into(),
            parent: "gas.a".into()
        }
    );
}

#[test]
fn refuses_missing_required_label() {
    let text =
        tiny(r#","subcategories":[{"code":"gas.a","parent":"gas","labels":{"kk":"a","en":"b"}}]"#);
    assert_eq!(
        Taxonomy::from_json(&text).unwrap_err(),
        TaxonomyError::MissingLabel {
            code: "gas.a".into(),
            language: Language::Ru
        }
    );
    // A blank label counts as missing.
    let text =
        tiny(r#","subcategories":[{"code":"gas.a","parent":"gas","labels":{"kk":"  ","ru":"b"}}]"#);
    assert!(matches!(
        Taxonomy::from_json(&text),
        Err(TaxonomyError::MissingLabel {
            language: Language::Kk,
            ..
        })
    ));
}

#[test]
fn refuses_empty_and_bad_codes() {
    let text =
        tiny(r#","subcategories":[{"code":"","parent":"gas","labels":{"kk":"a","ru":"b"}}]"#);
    assert!(matches!(
        Taxonomy::from_json(&text),
        Err(TaxonomyError::InvalidCode {
            index: 1,
            source: CodeError::Empty,
            ..
        })
    ));
    let text =
        tiny(r#","subcategories":[{"code":"Газ","parent":"gas","labels":{"kk":"a","ru":"b"}}]"#);
    assert!(matches!(
        Taxonomy::from_json(&text),
        Err(TaxonomyError::InvalidCode { index: 1, .. })
    ));
}

#[test]
fn refuses_oversized_files_before_parsing() {
    let text = " ".repeat(100) + &tiny("");
    assert_eq!(
        Taxonomy::from_json_with(&text, TaxonomyLimits { max_bytes: 50 }).unwrap_err(),
        TaxonomyError::TooLarge {
            size: text.len(),
            limit: 50
        }
    );
}

#[test]
fn refuses_syntax_schema_and_empty() {
    assert!(matches!(
        Taxonomy::from_json("{"),
        Err(TaxonomyError::Syntax { format: "json", .. })
    ));
    assert!(matches!(
        Taxonomy::from_toml("schema = "),
        Err(TaxonomyError::Syntax { format: "toml", .. })
    ));
    assert!(matches!(
        Taxonomy::from_json(r#"{"schema":1,"categories":[],"unknown":1}"#),
        Err(TaxonomyError::Syntax { .. })
    ));
    assert_eq!(
        Taxonomy::from_json(r#"{"schema":2,"categories":[]}"#).unwrap_err(),
        TaxonomyError::UnsupportedSchema { found: 2 }
    );
    assert_eq!(
        Taxonomy::from_json(r#"{"schema":1,"categories":[]}"#).unwrap_err(),
        TaxonomyError::Empty
    );
}

#[test]
fn check_validates_pairs() {
    let t = Taxonomy::shymkent();
    assert_eq!(t.check("lifts", Some("lifts.stuck")), Ok(()));
    assert!(matches!(
        t.check("lifts", Some("roads.potholes")),
        Err(ClassificationError::NotASubcategory { .. })
    ));
    assert!(matches!(
        t.check("lifts.stuck", None),
        Err(ClassificationError::UnknownCategory { .. })
    ));
    assert!(matches!(
        t.check("nope", None),
        Err(ClassificationError::UnknownCategory { .. })
    ));
}

fn top(description: &str) -> (String, Option<String>) {
    let s = Taxonomy::shymkent().suggest(description, 3);
    let first = s
        .first()
        .unwrap_or_else(|| panic!("no suggestion for {description:?}"));
    (
        first.category.to_string(),
        first.subcategory.as_ref().map(ToString::to_string),
    )
}

#[test]
fn suggests_from_russian() {
    assert_eq!(
        top("В подъезде сильно пахнет газом, запах газа"),
        ("gas_supply".into(), Some("gas_supply.gas_smell".into()))
    );
    assert_eq!(
        top("Открытый люк возле школы №5"),
        ("open_manholes".into(), Some("open_manholes.open".into()))
    );
    assert_eq!(
        top("Третий день не вывозят мусор"),
        (
            "household_waste".into(),
            Some("household_waste.collection".into())
        )
    );
}

#[test]
fn suggests_from_kazakh_cyrillic_latin_and_upper_case() {
    let want = (
        "yard_lighting".to_string(),
        Some("yard_lighting.lamp_out".to_string()),
    );
    assert_eq!(top("Ауладағы шам жанбайды, түнде жарық жоқ"), want);
    assert_eq!(top("AULADAĞY ŞAM JANBAIDY, TÜNDE JARYQ JOQ"), want);
    assert_eq!(top("ауладагы шам жанбайды тунде жарык жок"), want);
    assert_eq!(
        top("Лифтте адам қалып қойды"),
        ("lifts".into(), Some("lifts.stuck".into()))
    );
}

#[test]
fn suggestions_are_ranked_and_limited() {
    let t = Taxonomy::shymkent();
    let s = t.suggest(
        "Нет горячей воды и батареи холодные, отопление не работает",
        5,
    );
    assert_eq!(s[0].category.as_str(), "utilities");
    assert!(s.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(t.suggest("лифт газ мусор люк школа", 2).len() == 2);
    assert!(t.suggest("", 5).is_empty());
    assert!(t.suggest("qwerty zxcv", 5).is_empty());
}
