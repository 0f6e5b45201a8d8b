//! The input contract's tree (`docs/input-format.md`) as serde
//! types: exactly what the user wrote, before anything is added up.

use serde::Deserialize;

use super::values::{Count, DateText, Fee};

/// A whole report file as written: the `[report]` table and the six
/// sections 一 to 六 of the 2021 年度报告 format. Unknown keys are refused,
/// so a typo never becomes a silently missing figure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReport {
    /// The template the report is written for; `None` means the default,
    /// `gov-info-disclosure-2021` (the only built-in one today).
    pub template: Option<String>,
    /// `[report]`: who reports, for which year, and the optional 署名 and 成文日期.
    pub report: RawMeta,
    /// 一、总体情况: lead text and the numbered parts （一） （二） ….
    #[serde(default)]
    pub overview: RawProse,
    /// 二、主动公开政府信息情况: the 第二十条 figures.
    #[serde(default)]
    pub proactive: RawProactive,
    /// 三、收到和处理政府信息公开申请情况: the applicant rows.
    #[serde(default)]
    pub applications: RawApplications,
    /// 四、政府信息公开行政复议、行政诉讼情况: the appeal rows.
    #[serde(default)]
    pub appeals: RawAppeals,
    /// 五、存在的主要问题及改进情况: prose only, usually 存在问题 and 改进措施 as parts.
    #[serde(default)]
    pub problems: RawProse,
    /// 六、其他需要报告的事项: prose only, often just “无”.
    #[serde(default)]
    pub other: RawProse,
}

/// `[report]`: who reports on which year, and how the title, signature and
/// date are printed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// The reporting body (发文机关), e.g. 老城区人民政府办公室; required, not empty.
    pub agency: String,
    /// The reporting year, e.g. 2022; required. Its range (1949–2999, not
    /// after next year) is checked when the report is resolved.
    pub year: Count,
    /// The title; `None` prints the default form
    /// `{agency}{year}年政府信息公开工作年度报告`.
    pub title: Option<String>,
    /// The 发文机关署名 printed after 六; `None` prints none.
    pub signature: Option<String>,
    /// The 成文日期 as written (`2023-01-18` or `2023年1月18日`), printed
    /// 2023年1月18日; `None` prints none.
    pub date: Option<DateText>,
}

/// Lead paragraphs and numbered sub-parts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProse {
    /// Paragraphs before the first sub-heading, one a line (a trailing `\`
    /// continues the line); may quote a figure with `{{path}}`.
    #[serde(default)]
    pub text: String,
    /// The numbered sub-parts （一） （二） …, in order.
    #[serde(default)]
    pub parts: Vec<RawPart>,
}

/// One numbered sub-part: a heading the tool numbers, its paragraphs, and
/// at most one more level of parts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    /// The heading without its number: `主动公开` prints as `（一）主动公开`;
    /// must not be empty.
    pub heading: String,
    /// The part's paragraphs, one a line, as for [`RawProse::text`].
    #[serde(default)]
    pub text: String,
    /// Sub-parts one level down, printed 1. 2. ….
    #[serde(default)]
    pub parts: Vec<RawPart>,
}

/// A count row as written: 6 or 7 numbers for applicants (自然人 … 其他,
/// then optionally 总计), 4 or 5 for appeals (结果维持 … 尚未审结, then
/// optionally 总计). Its length is checked against the template.
pub type RawRow = Vec<Count>;

/// 二、主动公开政府信息情况: the figures of 第二十条 of the regulations.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProactive {
    /// Lead paragraphs before the tables, one a line; may quote a figure
    /// with `{{path}}`. Empty when left out.
    #[serde(default)]
    pub text: String,
    /// Numbered sub-parts after the lead paragraphs, printed （一） （二） ….
    #[serde(default)]
    pub parts: Vec<RawPart>,
    /// 规章: issued, repealed and in force this year; `None` reads as zeros.
    pub rules: Option<RawStock>,
    /// 行政规范性文件: issued, repealed and in force this year; `None` reads as zeros.
    pub normative_documents: Option<RawStock>,
    /// 第二十条第（五）项 行政许可：本年处理决定数量.
    pub licensing: Option<Count>,
    /// 第二十条第（六）项 行政处罚：本年处理决定数量.
    pub penalty: Option<Count>,
    /// 第二十条第（六）项 行政强制：本年处理决定数量.
    pub enforcement: Option<Count>,
    /// 第二十条第（八）项 行政事业性收费：本年收费金额（万元）, kept digit for digit.
    pub fees: Option<Fee>,
}

/// A 规章 or 行政规范性文件 row: a key left out reads as 0. Rule R6 compares
/// `in_force` with last year's report.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStock {
    /// 本年制发件数: documents issued this year.
    pub issued: Option<Count>,
    /// 本年废止件数: documents repealed this year.
    pub repealed: Option<Count>,
    /// 现行有效件数: documents in force at the end of the year.
    pub in_force: Option<Count>,
}

/// 三、收到和处理政府信息公开申请情况: one row per line of the table, by applicant.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApplications {
    /// Lead paragraphs before the table, one a line; may quote a figure
    /// with `{{path}}`. Empty when left out.
    #[serde(default)]
    pub text: String,
    /// Numbered sub-parts after the lead paragraphs, printed （一） （二） ….
    #[serde(default)]
    pub parts: Vec<RawPart>,
    /// 一、本年新收政府信息公开申请数量: the six applicant columns, optionally with
    /// 总计 (checked when given); `None` when left out (a row of zeros).
    pub new: Option<RawRow>,
    /// 二、上年结转政府信息公开申请数量; rule R5 compares it with last
    /// year's `carried_out`. `None` when left out (a row of zeros).
    pub carried_in: Option<RawRow>,
    /// 四、结转下年度继续办理; `None` when left out (a row of zeros).
    pub carried_out: Option<RawRow>,
    /// 三、本年度办理结果: how this year's applications were answered.
    #[serde(default)]
    pub results: RawResults,
}

/// 三、本年度办理结果: one row per outcome (（一） to （六）) and their
/// （七）总计. Rule R3 adds the outcomes up to the total.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResults {
    /// （一）予以公开: the six applicant columns, optionally with
    /// 总计 (checked when given); `None` when left out (a row of zeros).
    pub disclosed: Option<RawRow>,
    /// （二）部分公开 (an application handled in parts counts here only);
    /// `None` when left out (a row of zeros).
    pub partly_disclosed: Option<RawRow>,
    /// （七）总计: computed when `None`, checked against the outcomes (rule
    /// R3) when given.
    pub total: Option<RawRow>,
    /// （三）不予公开, by reason.
    #[serde(default)]
    pub withheld: RawWithheld,
    /// （四）无法提供, by reason.
    #[serde(default)]
    pub unable: RawUnable,
    /// （五）不予处理, by reason.
    #[serde(default)]
    pub not_processed: RawNotProcessed,
    /// （六）其他处理, by reason.
    #[serde(default)]
    pub other: RawOther,
}

/// （三）不予公开: one row per reason; a row left out is zeros.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWithheld {
    /// 1.属于国家秘密.
    pub state_secret: Option<RawRow>,
    /// 2.其他法律行政法规禁止公开.
    pub prohibited_by_law: Option<RawRow>,
    /// 3.危及“三安全一稳定”.
    pub security_stability: Option<RawRow>,
    /// 4.保护第三方合法权益.
    pub third_party: Option<RawRow>,
    /// 5.属于三类内部事务信息.
    pub internal_affairs: Option<RawRow>,
    /// 6.属于四类过程性信息.
    pub process_info: Option<RawRow>,
    /// 7.属于行政执法案卷.
    pub enforcement_files: Option<RawRow>,
    /// 8.属于行政查询事项.
    pub query_matters: Option<RawRow>,
}

/// （四）无法提供: one row per reason; a row left out is zeros.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnable {
    /// 1.本机关不掌握相关政府信息.
    pub not_held: Option<RawRow>,
    /// 2.没有现成信息需要另行制作.
    pub needs_creation: Option<RawRow>,
    /// 3.补正后申请内容仍不明确.
    pub still_unclear: Option<RawRow>,
}

/// （五）不予处理: one row per reason; a row left out is zeros.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNotProcessed {
    /// 1.信访举报投诉类申请.
    pub petition: Option<RawRow>,
    /// 2.重复申请.
    pub duplicate: Option<RawRow>,
    /// 3.要求提供公开出版物.
    pub publication: Option<RawRow>,
    /// 4.无正当理由大量反复申请.
    pub mass_repeated: Option<RawRow>,
    /// 5.要求行政机关确认或重新出具已获取信息.
    pub confirm_or_reissue: Option<RawRow>,
}

/// （六）其他处理: one row per reason; a row left out is zeros.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOther {
    /// 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请.
    pub no_correction: Option<RawRow>,
    /// 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请.
    pub fee_unpaid: Option<RawRow>,
    /// 3.其他.
    pub other: Option<RawRow>,
}

/// 四、政府信息公开行政复议、行政诉讼情况: rows of 结果维持, 结果纠正,
/// 其他结果, 尚未审结 and optionally 总计 (rule R4 checks a given one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAppeals {
    /// Lead paragraphs before the table, one a line; may quote a figure
    /// with `{{path}}`. Empty when left out.
    #[serde(default)]
    pub text: String,
    /// Numbered sub-parts after the lead paragraphs, printed （一） （二） ….
    #[serde(default)]
    pub parts: Vec<RawPart>,
    /// 行政复议; `None` when left out (a row of zeros).
    pub review: Option<RawRow>,
    /// 行政诉讼：未经复议直接起诉; `None` when left out (a row of zeros).
    pub suit_direct: Option<RawRow>,
    /// 行政诉讼：复议后起诉; `None` when left out (a row of zeros).
    pub suit_after_review: Option<RawRow>,
}

/// One figure as the user wrote it, with its key path.
#[derive(Debug, Clone)]
pub enum RawFigure<'a> {
    /// A row of counts (`None`: left out).
    Row(Option<&'a RawRow>),
    /// A single count (`None`: left out).
    Count(Option<Count>),
    /// The fee in 万元 (`None`: left out).
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
