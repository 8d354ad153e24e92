//! The simulation's calibration, read from `examples/data/month.toml` (embedded; pass
//! `--calibration FILE` to use another).

use std::collections::BTreeMap;

use serde::Deserialize;

pub(crate) const EMBEDDED: &str = include_str!("../data/month.toml");

#[derive(Debug, Deserialize)]
pub(crate) struct Calibration {
    pub(crate) appeals: u32,
    pub(crate) phone_share: f64,
    pub(crate) first_contact_share: f64,
    pub(crate) social_split: SocialSplit,
    pub(crate) weekday_factor: WeekdayFactor,
    pub(crate) language: LanguageShare,
    pub(crate) district_weight: BTreeMap<String, f64>,
    pub(crate) category_weight: BTreeMap<String, f64>,
    pub(crate) citizens: Citizens,
    pub(crate) bodies: Bodies,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SocialSplit {
    pub(crate) whats_app: f64,
    pub(crate) instagram: f64,
    pub(crate) facebook: f64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WeekdayFactor {
    pub(crate) factors: [f64; 7],
    pub(crate) holiday: f64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LanguageShare {
    pub(crate) kazakh: f64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Citizens {
    pub(crate) repeat_pool: u32,
    pub(crate) repeat_share: f64,
    pub(crate) anonymous_share: f64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Bodies {
    pub(crate) accept_working_hours: [f64; 2],
    pub(crate) request_info_share: f64,
    pub(crate) citizen_answer_hours: [f64; 2],
    pub(crate) return_share: f64,
    pub(crate) resolve_median_working_days: f64,
    pub(crate) resolve_sigma: f64,
    pub(crate) extend_share: f64,
    pub(crate) close_after_hours: f64,
    pub(crate) reopen_share: f64,
    pub(crate) refuse_share: f64,
    pub(crate) explain_share: f64,
}

impl Calibration {
    pub(crate) fn parse(text: &str) -> Result<Calibration, String> {
        let c: Calibration = toml::from_str(text).map_err(|e| format!("calibration: {e}"))?;
        let shares = [
            ("phone_share", c.phone_share),
            ("first_contact_share", c.first_contact_share),
            ("language.kazakh", c.language.kazakh),
            ("citizens.repeat_share", c.citizens.repeat_share),
            ("citizens.anonymous_share", c.citizens.anonymous_share),
            ("bodies.request_info_share", c.bodies.request_info_share),
            ("bodies.return_share", c.bodies.return_share),
            ("bodies.reopen_share", c.bodies.reopen_share),
        ];
        for (name, v) in shares {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!(
                    "calibration: {name} is {v}, it must be between 0 and 1"
                ));
            }
        }
        if c.appeals == 0 || c.district_weight.is_empty() || c.category_weight.is_empty() {
            return Err("calibration: appeals, districts and categories must not be empty".into());
        }
        Ok(c)
    }
}
