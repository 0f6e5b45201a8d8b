//! The input contract's tree (`docs/input-format.md`) as serde
//! types: exactly what the user wrote, before anything is added up.

use serde::Deserialize;

use super::values::{Count, DateText, Fee};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReport {
    pub template: Option<String>,
    pub report: RawMeta,
    #[serde(default)]
    pub overview: RawProse,
    #[serde(default)]
    pub proactive: RawProactive,
    #[serde(default)]
    pub applications: RawApplications,
    #[serde(default)]
    pub appeals: RawAppeals,
    #[serde(default)]
    pub problems: RawProse,
    #[serde(default)]
    pub other: RawProse,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub agency: String,
    pub year: Count,
    pub title: Option<String>,
    pub signature: Option<String>,
    pub date: Option<DateText>,
}

/// Lead paragraphs and numbered sub-parts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProse {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    pub heading: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
}

pub type RawRow = Vec<Count>;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProactive {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
    pub rules: Option<RawStock>,
    pub normative_documents: Option<RawStock>,
    pub licensing: Option<Count>,
    pub penalty: Option<Count>,
    pub enforcement: Option<Count>,
    pub fees: Option<Fee>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStock {
    pub issued: Option<Count>,
    pub repealed: Option<Count>,
    pub in_force: Option<Count>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApplications {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
    pub new: Option<RawRow>,
    pub carried_in: Option<RawRow>,
    pub carried_out: Option<RawRow>,
    #[serde(default)]
    pub results: RawResults,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResults {
    pub disclosed: Option<RawRow>,
    pub partly_disclosed: Option<RawRow>,
    pub total: Option<RawRow>,
    #[serde(default)]
    pub withheld: RawWithheld,
    #[serde(default)]
    pub unable: RawUnable,
    #[serde(default)]
    pub not_processed: RawNotProcessed,
    #[serde(default)]
    pub other: RawOther,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWithheld {
    pub state_secret: Option<RawRow>,
    pub prohibited_by_law: Option<RawRow>,
    pub security_stability: Option<RawRow>,
    pub third_party: Option<RawRow>,
    pub internal_affairs: Option<RawRow>,
    pub process_info: Option<RawRow>,
    pub enforcement_files: Option<RawRow>,
    pub query_matters: Option<RawRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnable {
    pub not_held: Option<RawRow>,
    pub needs_creation: Option<RawRow>,
    pub still_unclear: Option<RawRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNotProcessed {
    pub petition: Option<RawRow>,
    pub duplicate: Option<RawRow>,
    pub publication: Option<RawRow>,
    pub mass_repeated: Option<RawRow>,
    pub confirm_or_reissue: Option<RawRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOther {
    pub no_correction: Option<RawRow>,
    pub fee_unpaid: Option<RawRow>,
    pub other: Option<RawRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAppeals {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
    pub review: Option<RawRow>,
    pub suit_direct: Option<RawRow>,
    pub suit_after_review: Option<RawRow>,
}

/// One figure as the user wrote it, with its key path.
#[derive(Debug, Clone)]
pub enum RawFigure<'a> {
    Row(Option<&'a RawRow>),
    Count(Option<Count>),
    Fee(Option<&'a Fee>),
}

impl RawReport {
    /// Every figure of the contract by key path. The model checks this list
    /// against the template, so a template and this tree cannot drift apart
    /// unnoticed.
    pub fn figures(&self) -> Vec<(&'static str, RawFigure<'_>)> {
        use RawFigure::{Count as C, Fee as F, Row as R};
        let p = &self.proactive;
        let a = &self.applications;
        let r = &a.results;
        let (w, u, n, o) = (&r.withheld, &r.unable, &r.not_processed, &r.other);
        let ap = &self.appeals;
        vec![
            ("proactive.licensing", C(p.licensing)),
            ("proactive.penalty", C(p.penalty)),
            ("proactive.enforcement", C(p.enforcement)),
            ("proactive.fees", F(p.fees.as_ref())),
            ("applications.new", R(a.new.as_ref())),
            ("applications.carried_in", R(a.carried_in.as_ref())),
            ("applications.carried_out", R(a.carried_out.as_ref())),
            ("applications.results.disclosed", R(r.disclosed.as_ref())),
            (
                "applications.results.partly_disclosed",
                R(r.partly_disclosed.as_ref()),
            ),
            ("applications.results.total", R(r.total.as_ref())),
            (
                "applications.results.withheld.state_secret",
                R(w.state_secret.as_ref()),
            ),
            (
                "applications.results.withheld.prohibited_by_law",
                R(w.prohibited_by_law.as_ref()),
            ),
            (
                "applications.results.withheld.security_stability",
                R(w.security_stability.as_ref()),
            ),
            (
                "applications.results.withheld.third_party",
                R(w.third_party.as_ref()),
            ),
            (
                "applications.results.withheld.internal_affairs",
                R(w.internal_affairs.as_ref()),
            ),
            (
                "applications.results.withheld.process_info",
                R(w.process_info.as_ref()),
            ),
            (
                "applications.results.withheld.enforcement_files",
                R(w.enforcement_files.as_ref()),
            ),
            (
                "applications.results.withheld.query_matters",
                R(w.query_matters.as_ref()),
            ),
            (
                "applications.results.unable.not_held",
                R(u.not_held.as_ref()),
            ),
            (
                "applications.results.unable.needs_creation",
                R(u.needs_creation.as_ref()),
            ),
            (
                "applications.results.unable.still_unclear",
                R(u.still_unclear.as_ref()),
            ),
            (
                "applications.results.not_processed.petition",
                R(n.petition.as_ref()),
            ),
            (
                "applications.results.not_processed.duplicate",
                R(n.duplicate.as_ref()),
            ),
            (
                "applications.results.not_processed.publication",
                R(n.publication.as_ref()),
            ),
            (
                "applications.results.not_processed.mass_repeated",
                R(n.mass_repeated.as_ref()),
            ),
            (
                "applications.results.not_processed.confirm_or_reissue",
                R(n.confirm_or_reissue.as_ref()),
            ),
            (
                "applications.results.other.no_correction",
                R(o.no_correction.as_ref()),
            ),
            (
                "applications.results.other.fee_unpaid",
                R(o.fee_unpaid.as_ref()),
            ),
            ("applications.results.other.other", R(o.other.as_ref())),
            ("appeals.review", R(ap.review.as_ref())),
            ("appeals.suit_direct", R(ap.suit_direct.as_ref())),
            (
                "appeals.suit_after_review",
                R(ap.suit_after_review.as_ref()),
            ),
        ]
    }

    /// The 规章 / 行政规范性文件 rows: issued, repealed, in force.
    pub fn stock_figures(&self) -> [(&'static str, Option<&RawStock>); 2] {
        [
            ("proactive.rules", self.proactive.rules.as_ref()),
            (
                "proactive.normative_documents",
                self.proactive.normative_documents.as_ref(),
            ),
        ]
    }
}
