//! Unit tests of the formatting and the report text.

use super::*;
use crate::language::Language;

#[test]
fn embedded_templates_load() {
    assert!(ReportTemplates::from_toml(ReportTemplates::shymkent_toml()).is_ok());
}

#[test]
fn counts_and_percentages_in_three_languages() {
    let p = Percent::of(19_473, 27_347);
    assert_eq!(p.tenths(), 712);
    assert_eq!(format_count(27_347, Language::Kk), "27\u{202F}347");
    assert_eq!(format_count(27_347, Language::Ru), "27\u{202F}347");
    assert_eq!(format_count(27_347, Language::En), "27,347");
    assert_eq!(format_count(1_234_567, Language::En), "1,234,567");
    assert_eq!(format_count(0, Language::Ru), "0");
    let f = Percent::of(935, 1_000);
    assert_eq!(format_percent(f, Language::Kk), "93,5%");
    assert_eq!(format_percent(f, Language::Ru), "93,5%");
    assert_eq!(format_percent(f, Language::En), "93.5%");
    assert_eq!(
        format_percent(Percent::of(23_178, 27_347), Language::En),
        "84.8%"
    );
    assert_eq!(format_percent(Percent::of(1, 1), Language::Ru), "100,0%");
}
