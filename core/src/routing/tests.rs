#![allow(clippy::unwrap_used)]

use super::*;
use crate::appeal::{Channel, Priority};
use crate::code::{BodyId, RuleId};
use crate::taxonomy::Taxonomy;

fn id(s: &str) -> RuleId {
    RuleId::new(s).unwrap()
}

/// A one-rule set with the given `when` and `then` (JSON fragments).
fn one(when: &str, then: &str) -> String {
    format!(
        r#"{{"schema":1,"default":{{"bodies":["city-akimat"]}},
            "rules":[{{"id":"r1","when":{when},"then":{then}}}]}}"#
    )
}

fn two(w1: &str, t1: &str, w2: &str, t2: &str) -> String {
    format!(
        r#"{{"schema":1,"default":{{"bodies":["city-akimat"]}},"rules":[
            {{"id":"r1","when":{w1},"then":{t1}}},
            {{"id":"r2","when":{w2},"then":{t2}}}]}}"#
    )
}

const POLICE: &str = r#"{"bodies":["police"]}"#;

fn load(text: &str) -> Result<RuleSet, RuleError> {
    RuleSet::from_json(text)
}

fn compile(text: &str) -> Result<Router, RuleError> {
    Router::compile(
        RuleSet::from_json(text)?,
        &Taxonomy::shymkent(),
        &Directory::shymkent(),
        &SlaNames::shymkent().policies,
    )
}

#[test]
fn embedded_data_loads() {
    assert_eq!(Directory::shymkent().districts().len(), 5);
    assert!(Router::shymkent().len() > 40);
    let d = Directory::shymkent();
    let unverified = d.bodies().iter().filter(|b| b.kind == BodyKind::Utility);
    assert!(unverified.clone().count() == 4 && unverified.clone().all(|b| !b.verified));
}

#[test]
fn too_large_and_too_deep() {
    let text = one(r#"{"category":["lifts"]}"#, POLICE);
    let limits = RuleLimits {
        max_bytes: 10,
        ..RuleLimits::default()
    };
    assert!(matches!(
        RuleSet::from_json_with(&text, limits),
        Err(RuleError::TooLarge { limit: 10, .. })
    ));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        load(&deep),
        Err(RuleError::TooDeep { limit: 16, .. })
    ));
    let deep_toml = format!("x = {}1{}", "[".repeat(50_000), "]".repeat(50_000));
    assert!(matches!(
        RuleSet::from_toml(&deep_toml),
        Err(RuleError::TooDeep { .. })
    ));
    let dotted = format!("{} = 1", vec!["a"; 10_000].join("."));
    assert!(matches!(
        RuleSet::from_toml(&dotted),
        Err(RuleError::TooDeep { .. })
    ));
    let inline = format!("x = {}{}", "{a=".repeat(1000), "}".repeat(1000));
    assert!(matches!(
        RuleSet::from_toml(&inline),
        Err(RuleError::TooDeep { .. })
    ));
}

#[test]
fn depth_is_counted_outside_strings_only() {
    let f = |s: &str, fmt| nesting_depth(s, fmt, 1000);
    assert_eq!(f(r#"{"a":"[[[[","b":[1]}"#, Format::Json), 2);
    assert_eq!(f(r#"{"a":"\"[[[["}"#, Format::Json), 1);
    assert_eq!(f("a = '[[[['\nb = [1]", Format::Toml), 1);
    assert_eq!(
        f("a = \"\"\"\n\" [[[[ \"\n\"\"\"\nb = [[1]]", Format::Toml),
        2
    );
    assert_eq!(f("a = '''[[[''' # [[[[\nb = 1.5", Format::Toml), 0);
    assert_eq!(f("[rules.when]\nx = 1", Format::Toml), 2);
    // A multi-line string cannot hide real nesting from the counter.
    let sneaky = format!("a = \"\"\" \" \"\"\"\nb = {}", "[".repeat(40));
    assert!(f(&sneaky, Format::Toml) >= 40);
}

#[test]
fn syntax_and_schema() {
    assert!(matches!(
        load("{"),
        Err(RuleError::Syntax { format: "json", .. })
    ));
    assert!(matches!(
        RuleSet::from_toml("schema = "),
        Err(RuleError::Syntax { format: "toml", .. })
    ));
    // An unknown condition is refused, not ignored.
    assert!(matches!(
        load(&one(r#"{"colour":["red"]}"#, POLICE)),
        Err(RuleError::Syntax { .. })
    ));
    let text = one(r#"{"category":["lifts"]}"#, POLICE).replace("\"schema\":1", "\"schema\":2");
    assert_eq!(load(&text), Err(RuleError::UnsupportedSchema { found: 2 }));
    let text = one(r#"{"category":["lifts"]}"#, POLICE)
        .replace("\"schema\":1", "\"schema\":1,\"repeat_window_days\":0");
    assert_eq!(load(&text), Err(RuleError::InvalidRepeatWindow { days: 0 }));
}

#[test]
fn too_many_rules() {
    let text = two(
        r#"{"category":["lifts"]}"#,
        POLICE,
        r#"{"category":["roads"]}"#,
        POLICE,
    );
    let limits = RuleLimits {
        max_rules: 1,
        ..RuleLimits::default()
    };
    assert_eq!(
        RuleSet::from_json_with(&text, limits),
        Err(RuleError::TooManyRules { count: 2, limit: 1 })
    );
}

#[test]
fn duplicate_ids() {
    let text = two(
        r#"{"category":["lifts"]}"#,
        POLICE,
        r#"{"category":["roads"]}"#,
        POLICE,
    )
    .replace("\"r2\"", "\"r1\"");
    assert_eq!(
        load(&text),
        Err(RuleError::DuplicateRule { rule: id("r1") })
    );
}

#[test]
fn empty_and_contradictory_conditions() {
    assert_eq!(
        load(&one("{}", POLICE)),
        Err(RuleError::NoConditions { rule: id("r1") })
    );
    for (when, field) in [
        (r#"{"category":[]}"#, "when.category"),
        (r#"{"subcategory":[]}"#, "when.subcategory"),
        (r#"{"district":[]}"#, "when.district"),
        (r#"{"channel":[]}"#, "when.channel"),
        (r#"{"priority":[]}"#, "when.priority"),
        (r#"{"keywords":[]}"#, "when.keywords"),
        (r#"{"months":[]}"#, "when.months"),
        (r#"{"tags":[]}"#, "when.tags"),
        (r#"{"time":{"from":"08:00","to":"08:00"}}"#, "when.time"),
        (r#"{"repeat":{"at_least":0}}"#, "when.repeat.at_least"),
    ] {
        assert_eq!(
            load(&one(when, POLICE)),
            Err(RuleError::EmptyCondition {
                rule: id("r1"),
                field
            }),
            "{when}"
        );
    }
    assert_eq!(
        load(&one(r#"{"months":[13]}"#, POLICE)),
        Err(RuleError::InvalidMonth {
            rule: id("r1"),
            month: 13
        })
    );
    assert_eq!(
        load(&one(r#"{"keywords":["!!"]}"#, POLICE)),
        Err(RuleError::InvalidKeyword {
            rule: id("r1"),
            keyword: "!!".into()
        })
    );
    // Two spellings that fold to the same keyword are one keyword named twice.
    assert_eq!(
        load(&one(r#"{"keywords":["Жарық","jaryq"]}"#, POLICE)),
        Err(RuleError::RepeatedValue {
            rule: Some(id("r1")),
            field: "when.keywords",
            value: "jaryq".into()
        })
    );
    assert_eq!(
        load(&one(r#"{"district":["abay","abay"]}"#, POLICE)),
        Err(RuleError::RepeatedValue {
            rule: Some(id("r1")),
            field: "when.district",
            value: "abay".into()
        })
    );
    // A malformed time is a syntax error with the line and column.
    assert!(matches!(
        load(&one(r#"{"time":{"from":"25:00","to":"08:00"}}"#, POLICE)),
        Err(RuleError::Syntax { .. })
    ));
    // A wrapping range (the night) is allowed.
    assert!(load(&one(r#"{"time":{"from":"22:00","to":"06:00"}}"#, POLICE)).is_ok());
}

#[test]
fn bad_actions() {
    let when = r#"{"category":["lifts"]}"#;
    assert_eq!(
        load(&one(when, r#"{"bodies":[]}"#)),
        Err(RuleError::NoBodies {
            rule: Some(id("r1"))
        })
    );
    let nine = format!(
        r#"{{"bodies":[{}]}}"#,
        (0..9)
            .map(|i| format!("\"b{i}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(
        load(&one(when, &nine)),
        Err(RuleError::TooManyBodies {
            rule: Some(id("r1")),
            count: 9
        })
    );
    assert_eq!(
        load(&one(when, r#"{"bodies":["police","police"]}"#)),
        Err(RuleError::RepeatedValue {
            rule: Some(id("r1")),
            field: "then.bodies",
            value: "police".into()
        })
    );
    let text = one(when, POLICE).replace(
        r#""default":{"bodies":["city-akimat"]}"#,
        r#""default":{"bodies":[]}"#,
    );
    let err = load(&text).unwrap_err();
    assert_eq!(err, RuleError::NoBodies { rule: None });
    assert_eq!(err.to_string(), "the default action: then.bodies is empty");
}

#[test]
fn unknown_names() {
    assert_eq!(
        compile(&one(r#"{"category":["lift"]}"#, POLICE)).unwrap_err(),
        RuleError::UnknownCategory {
            rule: id("r1"),
            field: "when.category",
            code: "lift".parse().unwrap()
        }
    );
    // A subcategory is not a category.
    assert!(matches!(
        compile(&one(r#"{"category":["lifts.stuck"]}"#, POLICE)),
        Err(RuleError::UnknownCategory {
            field: "when.category",
            ..
        })
    ));
    assert!(matches!(
        compile(&one(r#"{"subcategory":["lifts.flying"]}"#, POLICE)),
        Err(RuleError::UnknownCategory {
            field: "when.subcategory",
            ..
        })
    ));
    assert_eq!(
        compile(&one(
            r#"{"category":["roads"],"subcategory":["lifts.stuck"]}"#,
            POLICE
        ))
        .unwrap_err(),
        RuleError::NotASubcategory {
            rule: id("r1"),
            subcategory: "lifts.stuck".parse().unwrap()
        }
    );
    assert!(matches!(
        compile(&one(r#"{"subcategory":["lifts"]}"#, POLICE)),
        Err(RuleError::NotASubcategory { .. })
    ));
    assert_eq!(
        compile(&one(r#"{"district":["astana"]}"#, POLICE)).unwrap_err(),
        RuleError::UnknownDistrict {
            rule: id("r1"),
            district: "astana".parse().unwrap()
        }
    );
    assert_eq!(
        compile(&one(
            r#"{"category":["lifts"]}"#,
            r#"{"bodies":["nobody"]}"#
        ))
        .unwrap_err(),
        RuleError::UnknownBody {
            rule: Some(id("r1")),
            body: BodyId::new("nobody").unwrap()
        }
    );
    let err = compile(&one(
        r#"{"category":["lifts"]}"#,
        r#"{"bodies":["police"],"policy":"whenever"}"#,
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "rule r1: then.policy names unknown SLA policy whenever"
    );
}

#[test]
fn shadowed_rules() {
    // Same category, earlier rule broader on every field.
    let err = load(&two(
        r#"{"category":["lifts","roads"]}"#,
        POLICE,
        r#"{"category":["lifts"],"district":["abay"],"time":{"from":"09:00","to":"10:00"}}"#,
        POLICE,
    ))
    .unwrap_err();
    assert_eq!(
        err,
        RuleError::Shadowed {
            rule: id("r2"),
            by: id("r1"),
            field: "when.category"
        }
    );
    assert_eq!(
        err.to_string(),
        "rule r2 can never fire: rule r1 covers every appeal it matches and routes to all its bodies"
    );
    // A night range covers a narrower night range across midnight.
    assert!(matches!(
        load(&two(
            r#"{"time":{"from":"20:00","to":"08:00"}}"#,
            POLICE,
            r#"{"time":{"from":"23:00","to":"01:00"}}"#,
            POLICE
        )),
        Err(RuleError::Shadowed { .. })
    ));
    // A lower repeat threshold covers a higher one.
    assert!(matches!(
        load(&two(
            r#"{"repeat":{"at_least":1}}"#,
            POLICE,
            r#"{"repeat":{"at_least":3}}"#,
            POLICE
        )),
        Err(RuleError::Shadowed { .. })
    ));
    // Not shadowed: the later rule is broader, or the earlier one constrains more.
    assert!(
        load(&two(
            r#"{"category":["lifts"],"district":["abay"]}"#,
            POLICE,
            r#"{"category":["lifts"]}"#,
            POLICE
        ))
        .is_ok()
    );
    assert!(
        load(&two(
            r#"{"time":{"from":"22:00","to":"06:00"}}"#,
            POLICE,
            r#"{"time":{"from":"05:00","to":"07:00"}}"#,
            POLICE
        ))
        .is_ok()
    );
    // Not shadowed: a fallback to another body fires when the first body declines.
    assert!(
        load(&two(
            r#"{"category":["lifts"]}"#,
            POLICE,
            r#"{"category":["lifts"]}"#,
            r#"{"bodies":["dchs"]}"#
        ))
        .is_ok()
    );
    // Shadowed: the later rule's bodies are all among the earlier rule's.
    assert!(matches!(
        load(&two(
            r#"{"category":["lifts"]}"#,
            r#"{"bodies":["dchs","police"]}"#,
            r#"{"category":["lifts"]}"#,
            r#"{"bodies":["police"]}"#
        )),
        Err(RuleError::Shadowed { .. })
    ));
}

#[test]
fn directory_errors() {
    let d = Directory::shymkent_json();
    assert!(matches!(
        Directory::from_json(&d.replacen("\"akimat-turan\"", "\"akimat-karatau\"", 1)),
        Err(DirectoryError::Duplicate { .. })
    ));
    assert!(matches!(
        Directory::from_json(&d.replacen(
            "\"calendar\": \"shymkent-office\"",
            "\"calendar\": \"Office Hours\"",
            1
        )),
        Err(DirectoryError::Syntax { .. })
    ));
    assert!(matches!(
        Directory::from_json(&d.replacen("\"district\": \"turan\"", "\"district\": \"astana\"", 1)),
        Err(DirectoryError::UnknownDistrict { .. })
    ));
    assert!(matches!(
        Directory::from_json(r#"{"schema":1,"districts":[],"bodies":[]}"#),
        Err(DirectoryError::Empty { what: "districts" })
    ));
    assert!(matches!(
        Directory::from_json(&"[".repeat(1000)),
        Err(DirectoryError::TooDeep { .. })
    ));
    let toml = r#"
schema = 1
[[districts]]
code = "abay"
names = { kk = "Абай", ru = "Абай", en = "Abay" }
[[bodies]]
id = "akimat-abay"
kind = "district_akimat"
names = { kk = "Әкімдік", ru = "Акимат" }
contact = { channel = "e_otinish" }
calendar = "shymkent-office"
"#;
    assert!(matches!(
        Directory::from_toml(toml),
        Err(DirectoryError::MissingName { .. })
    ));
}

#[test]
fn declines_skip_rules_and_drop_joint_bodies() {
    let router = compile(&two(
        r#"{"category":["lifts"]}"#,
        r#"{"bodies":["dchs","police"]}"#,
        r#"{"category":["lifts"],"channel":["phone"]}"#,
        r#"{"bodies":["housing-inspection"]}"#,
    ))
    .unwrap();
    let mut f = Facts::new(Channel::Phone);
    f.category = Some("lifts");
    let police = [BodyId::new("police").unwrap()];
    f.declined = &police;
    let d = router.evaluate(&f).unwrap();
    assert_eq!(d.rule().unwrap().as_str(), "r1");
    assert_eq!(
        d.bodies().collect::<Vec<_>>(),
        [&BodyId::new("dchs").unwrap()]
    );
    let both = [BodyId::new("police").unwrap(), BodyId::new("dchs").unwrap()];
    f.declined = &both;
    let d = router.evaluate(&f).unwrap();
    assert_eq!(d.rule().unwrap().as_str(), "r2");
    let why = router.explain(&f).unwrap();
    assert_eq!(why.tried[0].failure, Failure::AllDeclined);
    let all = [
        BodyId::new("police").unwrap(),
        BodyId::new("dchs").unwrap(),
        BodyId::new("housing-inspection").unwrap(),
        BodyId::new("city-akimat").unwrap(),
    ];
    f.declined = &all;
    assert_eq!(router.evaluate(&f), Err(RouteError::AllDeclined));
    assert_eq!(router.evaluate_linear(&f), Err(RouteError::AllDeclined));
    assert_eq!(router.explain(&f), Err(RouteError::AllDeclined));
}

#[test]
fn explanation_names_the_first_failing_condition() {
    let router = Router::shymkent();
    let mut f = Facts::new(Channel::Phone);
    f.category = Some("utilities");
    f.subcategory = Some("utilities.heating");
    f.district = Some("abay");
    f.priority = Priority::Normal;
    let why = router.explain(&f).unwrap();
    assert_eq!(why.rule.as_ref().unwrap().as_str(), "heating");
    let winter = why
        .tried
        .iter()
        .find(|t| t.rule.as_str() == "winter-heating")
        .unwrap();
    // The month is unknown, so the season condition fails (never holds by default).
    assert_eq!(
        winter.failure,
        Failure::Condition {
            field: Field::Months
        }
    );
    let gas = why
        .tried
        .iter()
        .find(|t| t.rule.as_str() == "gas-smell")
        .unwrap();
    assert_eq!(
        gas.failure,
        Failure::Condition {
            field: Field::Subcategory
        }
    );
    let s = why.summary();
    assert!(
        s.starts_with("rule heating: subcategory=utilities.heating; "),
        "{s}"
    );
    assert!(s.chars().count() <= MAX_SUMMARY_CHARS);
    let json = serde_json::to_string(&why).unwrap();
    assert!(
        json.contains(r#""failure":{"why":"condition","field":"months"}"#),
        "{json}"
    );
}

#[test]
fn local_time_follows_the_almaty_offset_change() {
    use chrono::{TimeZone, Utc};
    // UTC+6 before 1 March 2024, UTC+5 since.
    let before = Facts::new(Channel::Phone).at(Utc.with_ymd_and_hms(2024, 2, 1, 3, 0, 0).unwrap());
    assert_eq!(before.minute_of_day, Some(9 * 60));
    let after = Facts::new(Channel::Phone).at(Utc.with_ymd_and_hms(2024, 3, 2, 3, 0, 0).unwrap());
    assert_eq!(after.minute_of_day, Some(8 * 60));
    let new_year =
        Facts::new(Channel::Phone).at(Utc.with_ymd_and_hms(2025, 12, 31, 20, 0, 0).unwrap());
    assert_eq!(new_year.month, Some(1));
}

#[test]
fn time_ranges() {
    let r = |a: &str, b: &str| TimeRange {
        from: a.parse().unwrap(),
        to: b.parse().unwrap(),
    };
    let night = r("22:00", "06:00");
    assert!(night.contains(23 * 60) && night.contains(0) && !night.contains(6 * 60));
    assert!(!night.contains(12 * 60));
    assert!(night.covers(r("23:00", "01:00")));
    assert!(!night.covers(r("05:00", "07:00")));
    assert!(r("00:00", "23:59").covers(r("08:00", "09:00")));
    assert_eq!(
        "7:00".parse::<TimeOfDay>(),
        Err("a time of day is written HH:MM, 00:00 to 23:59")
    );
    assert_eq!(TimeOfDay::new(23, 59).unwrap().to_string(), "23:59");
}

#[test]
fn folded_text_hides_words_in_debug() {
    let t = FoldedText::new("Иванов Иван, телефон 777");
    assert_eq!(format!("{t:?}"), "FoldedText { words: 4 }");
}

#[test]
fn calendar_names_match_the_sla_calendars() {
    let names = SlaNames::shymkent();
    let sla = [
        crate::sla::Calendar::kazakhstan_office().id().clone(),
        crate::sla::Calendar::round_the_clock().id().clone(),
    ];
    assert_eq!(names.calendars, sla);
    for c in Directory::shymkent().calendars() {
        assert!(sla.contains(c), "{c}");
    }
}
