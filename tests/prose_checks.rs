//! The labelled set: sentences in the style of real reports, each with the
//! prose rules it must trigger (contradictions) or none (look-alikes that
//! merely have numbers near the keywords).

use gongwen::check::prose::{check_prose, make_strict};
use gongwen::check::Finding;
use gongwen::input::Syntax;
use gongwen::model::{self, Report};
use gongwen::template::Severity;
use std::path::Path;

fn seed() -> Report {
    model::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/laochengqu-2022.toml"
    )))
    .unwrap()
}

/// Tables of the test report (2022):
/// 新收 16, 上年结转 2, 办理结果总计 15, 结转下年度 3;
/// 予以公开 7, 部分公开 2, 不予公开 1, 无法提供 4, 不予处理 1, 其他处理 0;
/// 行政复议 2, 直接起诉 3, 复议后起诉 1 (行政诉讼 4);
/// 规章 制发 1 废止 0 现行有效 5; 行政规范性文件 制发 3 废止 14 现行有效 470.
struct Parts<'a> {
    overview: &'a str,
    applications: &'a str,
    problems: &'a str,
    other: &'a str,
    fee_unpaid: u64,
    extra: &'a str,
}

const OVERVIEW: &str = "本报告中所列数据的统计期限为2022年1月1日至2022年12月31日。本机关认真贯彻落实《条例》，不断推进政务公开工作。";
const PROBLEMS: &str = "政务公开工作与公众需求还存在差距，下一步将进一步加强政策解读。";

fn base<'a>() -> Parts<'a> {
    Parts {
        overview: OVERVIEW,
        applications: "",
        problems: PROBLEMS,
        other: "无",
        fee_unpaid: 0,
        extra: "",
    }
}

fn build(p: &Parts) -> Report {
    let other_processed = p.fee_unpaid;
    let total = 15 + other_processed;
    let new = 16 + other_processed;
    let src = format!(
        r#"
[report]
agency = "某某区人民政府办公室"
year = 2022

[overview]
text = '''{overview}'''
{extra}

[proactive]
rules               = {{ issued = 1, repealed = 0, in_force = 5 }}
normative_documents = {{ issued = 3, repealed = 14, in_force = 470 }}

[applications]
text = '''{applications}'''
new         = [{new}, 0, 0, 0, 0, 0]
carried_in  = [2, 0, 0, 0, 0, 0]
carried_out = [3, 0, 0, 0, 0, 0]

[applications.results]
disclosed        = [7, 0, 0, 0, 0, 0]
partly_disclosed = [2, 0, 0, 0, 0, 0]
total            = [{total}, 0, 0, 0, 0, 0]

[applications.results.withheld]
third_party = [1, 0, 0, 0, 0, 0]

[applications.results.unable]
needs_creation = [4, 0, 0, 0, 0, 0]

[applications.results.not_processed]
duplicate = [1, 0, 0, 0, 0, 0]

[applications.results.other]
fee_unpaid = [{fee}, 0, 0, 0, 0, 0]

[appeals]
review            = [1, 0, 0, 1]
suit_direct       = [2, 1, 0, 0]
suit_after_review = [0, 0, 0, 1]

[problems]
text = '''{problems}'''

[other]
text = '''{other}'''
"#,
        overview = p.overview,
        extra = p.extra,
        applications = p.applications,
        problems = p.problems,
        other = p.other,
        fee = p.fee_unpaid,
    );
    model::from_text(Path::new("test.toml"), &src, Syntax::Toml)
        .unwrap_or_else(|e| panic!("{e}\n{src}"))
}

fn with_applications(text: &str) -> Vec<Finding> {
    let report = build(&Parts {
        applications: text,
        ..base()
    });
    assert!(
        gongwen::check::check_report(&report).is_empty(),
        "the test tables must be consistent"
    );
    check_prose(&report)
}

/// The findings of the labelled set's own rules: half-width punctuation
/// (C5, tested on its own below) is left out, so the real-style sentences
/// with ASCII commas keep testing what they were written for.
fn figure_findings(text: &str) -> Vec<Finding> {
    with_applications(text)
        .into_iter()
        .filter(|f| f.rule != "C5")
        .collect()
}

fn rules(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(|f| f.rule.clone()).collect()
}

/// Sentences whose figures or claims contradict the tables, with the rule
/// ids each must raise (in order).
const CONTRADICTIONS: &[(&str, &[&str])] = &[
    ("本年度共收到政府信息公开申请15件。", &["T1"]),
    ("共收到政府信息公开申请１５件。", &["T1"]),
    ("我局共受理政府信息公开申请十五件。", &["T1"]),
    ("本年新收政府信息公开申请两件。", &["T1"]),
    ("全年共收到政府信息公开申请一百零三件。", &["T1"]),
    ("全年共收到政府信息公开申请1,295件。", &["T1"]),
    ("共收到15件政府信息公开申请。", &["T1"]),
    (
        "依申请公开方面，我办全年受理政府信息公开申请20件，其中予以公开7件。",
        &["T1"],
    ),
    ("上年结转政府信息公开申请1件。", &["T2"]),
    ("另有5件结转下年度继续办理。", &["T3"]),
    ("结转下年度继续办理两件。", &["T3"]),
    ("本年度办理结果中，予以公开8件。", &["T4"]),
    ("部分公开3件。", &["T4"]),
    ("不予公开2件，无法提供3件。", &["T4", "T4"]),
    ("不予处理两件。", &["T4"]),
    ("已办结政府信息公开申请14件。", &["T4"]),
    ("因政府信息公开工作被申请行政复议3件。", &["T5"]),
    ("行政复议和行政诉讼情况：被申请行政复议五件。", &["T5"]),
    ("被提起行政诉讼3件。", &["T6"]),
    ("未经复议直接起诉2件。", &["T6"]),
    ("现行有效规范性文件393件。", &["T7"]),
    ("现行有效行政规范性文件1,295件。", &["T7"]),
    ("本年制发行政规范性文件5件。", &["T7"]),
    (
        "本年度制发规范性文件3件，废止十件，现行有效470件。",
        &["T7"],
    ),
    ("本年度制发规章2件。", &["T7"]),
    ("共收到政府信息公开申请16件，已全部办结。", &["T8"]),
    ("对收到的政府信息公开申请均已按时答复。", &["T8"]),
    (
        "共收到政府信息公开申请15件，市公开办移送件1个，已按相关规定全部答复。",
        &["T1", "T8"],
    ),
    ("本年度未发生因政府信息公开引起的行政复议。", &["T9"]),
    ("全年无政府信息公开行政诉讼案件。", &["T9"]),
    (
        "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。",
        &["T9", "T9"],
    ),
    ("本年度未收到政府信息公开申请。", &["T9"]),
    (
        "本报告中所列数据的统计期限为2021年1月1日至2021年12月31日。",
        &["C4"],
    ),
    ("统计期限为二〇二一年全年。", &["C4"]),
    ("数据统计期限为2021年度。", &["C4"]),
    ("2022年，本机关共收到政府信息公开申请46件，较2021年增加12件。", &["T1"]),
    (
        "从办理结果看，予以公开18件，部分公开2件，不予公开1件，无法提供4件，不予处理1件，其他处理3件。",
        &["T4", "T4"],
    ),
    ("本年度共发生政府信息公开行政复议案件1件、行政诉讼案件2件。", &["T5", "T6"]),
    ("我单位现行有效的行政规范性文件共12件。", &["T7"]),
    ("2022年共受理依申请公开8件，均已在法定期限内答复。", &["T1", "T8"]),
    ("2022年，共受理信息公开申请3件，其中1件为上年结转。", &["T1", "T2"]),
    ("依申请公开方面，共收到政府信息公开申请16件。本年度共办结14件。", &["T4"]),
    (
        "2022年度，本机关未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
        &["T9", "T9"],
    ),
    ("收到政府信息公开申请0件。", &["T1"]),
    ("本机关作为被申请人的行政复议案件5件。", &["T5"]),
    ("本年度新收政府信息公开申请１６件，上年结转０件。", &["T2"]),
    ("尚未办结的政府信息公开申请1件。", &["T3"]),
    // Real-style wording: ASCII commas, 份, 或, previous-sentence subjects.
    ("2022年,区政府办公室共收到8份政府信息公开申请,均为自然人申请。", &["T1"]),
    ("无下年度结转。", &["T8"]),
    ("办复率100%,其中予以公开或部分公开59件、占45.3%。", &["T4"]),
    (
        "2022年全市共收到政府信息申请公开件658件,因政府信息公开引起的行政复议22件、行政诉讼案件1件。",
        &["T1", "T5", "T6"],
    ),
    (
        "依申请公开方面，全年共收到政府信息公开申请16件，较上年增加8件。全部按时办结，无超期办理情况。",
        &["T8"],
    ),
    ("所有申请均在法定期限内答复，未发生超期答复情况。", &["T8"]),
    ("全年未发生政府信息公开行政诉讼案件，发生行政复议1件。", &["T5", "T9"]),
    (
        "因政府信息公开工作被申请行政复议3件，其中结果维持2件，尚未审结1件；被提起行政诉讼2件，其中未经复议直接起诉1件，复议后起诉1件。",
        &["T5", "T6", "T6"],
    ),
    ("本年度未收到因政府信息公开申请引起的行政复议、行政诉讼。", &["T9", "T9"]),
    ("2021年共收到政府信息公开申请12件，2022年共收到政府信息公开申请15件。", &["T1"]),
    ("本年度,共受理政府信息公开申请2件,都在法定期限内予以答复。", &["T1", "T8"]),
    ("本年度因政府信息公开申请提起的行政复议案件为零。", &["T9"]),
    ("行政复议、行政诉讼均为0件。", &["T9", "T9"]),
    (
        "2022年共有3件依申请公开事项，均已按法定时限办结，无行政复议和行政诉讼情况发生。",
        &["T8", "T9", "T9"],
    ),
    ("全年新制定规章2部，废止规章1部。", &["T7", "T7"]),
    (
        "共办理依申请公开事项18件（含上年结转1件），已办结14件，1件结转下年度办理。",
        &["T2", "T4", "T3"],
    ),
    (
        "本机关2022年度新收政府信息公开申请十二件，上年结转两件，本年度办结十三件，结转下年度一件。",
        &["T1", "T4", "T3"],
    ),
    (
        "2022年,我办全年未收到行政许可申请;全年未接到信息公开申请;各栏目共刊发文稿44篇。",
        &["T9"],
    ),
    (
        "2022年度,累计办理依申请公开信息合计12件,已全部按期限答复办结,办结率100%。在依申请公开政府信息工作中没有出现应公开而不予公开的办件,未发生因政府信息公开申请行政复议、提起行政诉讼情况。",
        &["T8", "T9", "T9"],
    ),
    // The status word before its subject, and the other word orders real
    // reports use (issue 13): each rule in each order.
    ("截至2022年底，本机关现行有效行政规范性文件393件。", &["T7"]),
    ("行政规范性文件现行有效393件。", &["T7"]),
    ("废止行政规范性文件10件。", &["T7"]),
    ("行政规范性文件废止10件。", &["T7"]),
    ("行政规范性文件制发5件。", &["T7"]),
    ("规章现行有效3件。", &["T7"]),
    ("现行有效的规章3件。", &["T7"]),
    // A list that shares the status word before its first subject.
    ("现行有效规章5件、行政规范性文件393件。", &["T7"]),
    ("本年制发规章1件、行政规范性文件5件。", &["T7"]),
    ("本年度废止规章0件和行政规范性文件10件。", &["T7"]),
    ("政府信息公开申请新收15件。", &["T1"]),
    ("本年度新收15件政府信息公开申请。", &["T1"]),
    ("本年度政府信息公开申请共收到15件。", &["T1"]),
    ("政府信息公开申请上年结转1件。", &["T2"]),
    ("结转上年度政府信息公开申请1件。", &["T2"]),
    ("结转下年度继续办理的政府信息公开申请5件。", &["T3"]),
    ("政府信息公开申请结转下年度5件。", &["T3"]),
    ("涉及政府信息公开的行政复议案件3件。", &["T5"]),
    ("因政府信息公开被提起的行政诉讼案件3件。", &["T6"]),
    // After another subject's breakdown, a count naming its own subject.
    (
        "本年度制发行政规范性文件3件。完成历史公文属性转换13件（现行有效8件，废止5件），现行有效行政规范性文件393件。",
        &["T7"],
    ),
];

/// Sentences with numbers near the keywords that do not contradict the
/// tables: none may raise anything.
const LOOK_ALIKES: &[&str] = &[
    "通过门户网站主动公开政府信息3200条，转载和发布规范性文件13条，政策解读18条。",
    "转载和发布规范性文件13件。",
    "对全区政府系统12个政务新媒体账号开展四次排查整改工作。",
    "2022年度网络诉求工作：共收到区长信箱投诉件16个，已全部办结。",
    "向市公开办报送政务信息1581条，采用信息1444条，采用率91%。",
    "根据《通知》（国办公开办函〔2019〕61号）要求，2022年完成平台建设。",
    "截止2022年12月31日，市公开办移送件1个。",
    "共收到政府信息公开申请18件（含上年结转2件）。",
    "共收到政府信息公开申请16件，其中网上申请10件，当面申请6件。",
    "共收到政府信息公开申请16件，其中网上受理10件。",
    "共收到咨询类留言50件，均已答复。",
    "共受理政务咨询20件，已全部办结。",
    "收到政府信息公开申请数量较上年增加3件。",
    "行政复议、行政诉讼各1件。",
    "收到政府信息公开申请约20件。",
    "政务新媒体发布信息1200余条。",
    "制定《政务公开清单管理制度》等规章制度5件。",
    "本年度办结人大代表建议12件、政协提案8件。",
    "12345热线工单300件，全部办结。",
    "组织政务公开培训3次，培训人员120人次。",
    "本年度未发生因政府信息公开工作被申请行政复议被纠错的情况。",
    "本报告中所列数据的统计期限为2022年1月1日至2022年12月31日。",
    "共收到政府信息公开申请16件，除3件结转下年度外均已办结。",
    "现行有效规章5件，现行有效行政规范性文件470件。",
    "共收到政府信息公开申请十六件，上年结转两件，结转下年度继续办理3件。",
    "上年结转的2件申请已全部办结。",
    "第3件申请因申请人逾期未补正终止处理。",
    "网站发布动态信息1,295条。",
    "共收到政府信息公开申请16件，区长信箱投诉件16个，已全部办结。",
    "收到行政复议申请2件。",
    "被申请行政复议2件，被提起行政诉讼4件，其中直接起诉3件。",
    "予以公开7件，部分公开2件，不予公开1件，无法提供4件，不予处理1件。",
    "已办结15件，另有3件正在办理中。",
    "本年制发行政规范性文件3件，废止14件。",
    "共收到政府信息公开申请16件，同比增长60%。",
    "本年度政府信息公开申请数量为2022年度最多，共16件。",
    "从申请主体看，自然人申请14件，法人或其他组织申请2件。",
    "从申请方式看，网络申请12件，占75%。",
    "清理规范性文件32件，废止5件，宣布失效2件，继续有效25件。",
    "主动公开规章0件、规范性文件3件。",
    "办理人大代表建议15件、政协提案20件，办结率100%。",
    "电话答复咨询30个。",
    "受理行政复议申请2件。",
    "行政复议决定维持1件。",
    "被申请行政复议2件，其中维持原行政行为1件，尚未审结1件。",
    "被提起行政诉讼4件，法院判决驳回诉讼请求2件。",
    "共收到政府信息公开申请16件次。",
    "统计时间截至2023年1月10日。",
    "涉及自然资源类5件、住房保障类3件。",
    "依申请公开：2022年共受理依申请公开16件，均已在法定期限内答复，结转下年度继续办理3件。",
    "政府信息公开申请办理情况：本年度新收政府信息公开申请16件，上年结转2件。",
    "本年度共收到依申请公开件16件，上年结转2件，办结15件，结转下年度继续办理3件。",
    "全年制定政务公开工作方案2个。",
    "印发《2022年政务公开工作要点》1个。",
    "回复网民留言120件，办结率100%。",
    "对15件政府信息公开申请逐一登记。",
    "召开新闻发布会5场，发布信息一百二十条。",
    "2022年，我局共受理政府信息公开申请16件，已全部办结，3件转入下年度继续办理。",
    "全年受理依申请公开答复的复核申请2件。",
    "受理申请人补正申请3件。",
    "收到申请人撤回申请2件。",
    "组织开展规范性文件清理工作，共清理规范性文件86件，其中继续有效62件，修改10件，废止14件。",
    "全年共办理人大代表建议26件、政协提案31件，办结率100%，均已在网站公开办理复文。",
    "政务服务便民热线共受理群众诉求1,268件，按时办结率99.8%。",
    "2022年,在政府网站主动公开市政府规章13件(含新制定1件,修改4件),主动公开行政规范性文件42件。",
    "组织对现行有效的43件行政规范性文件进行全面清理。",
    "全年新增主动公开规范性文件8件，政策文件35件。",
    "截至2022年12月31日，共受理政府信息公开申请16件，其中3件正在办理中，其余均已按期答复。",
    "对申请人的咨询均耐心答复。",
    "网民留言均已按时答复。",
    "对收到的政府信息公开申请实行一件一档管理。",
    "受理申请后在15个工作日内予以答复。",
    "已办结申请的12个部门均按要求报送台账。",
    "2021年共收到政府信息公开申请12件，2022年共收到政府信息公开申请16件。",
    "去年共收到政府信息公开申请12件。",
    "2021年度收到的申请已全部办结。",
    "目前有2个项目正在办理。",
    "主动公开行政许可信息，全年共受理行政许可申请300件。",
    "收到政务服务事项申请120件。",
    "依申请公开答复文书全部经法律顾问审核，全年未发生因答复不当被纠错的情况。",
    "全区12个街道、98个社区完成公开专区建设。",
    "对照2021年度报告中指出的问题，逐项整改落实，共完成整改事项6个。",
    "全年召开政府常务会议24次，审议议题136个，其中涉及重大行政决策事项8个。",
    "在办理结果中，予以公开的占35.8%，部分公开的占15.1%。",
    "行政复议纠错率为零。",
    "无法提供的告知申请人可申请行政复议。",
    "截至2022年12月31日，有3件申请因尚在答复期限内结转至2023年继续办理。",
    "修订规章3部，修改规范性文件一部分条款。",
    "我局按时收集整理门户网站“公众留言”栏目内容,及时做出答复回应,本年度共处理群众留言92条。",
    "2022年,共办理政府12345热线47件,已全部办结,回复率和满意率均达100%。",
    "子长市政府政务新媒体共计两个。",
    "2022年,我办全年未收到行政许可申请。",
    "3个专栏转入下一阶段建设。",
    // A figure of another subject in the same sentence (issue 13): a
    // parenthesis continues the clause of the noun before it.
    "完成历史公文属性转换13件（现行有效8件，废止5件）。",
    "本年度制发行政规范性文件3件。完成历史公文属性转换13件（现行有效8件，废止5件）。",
    "本年度制发行政规范性文件3件，完成历史公文属性转换13件（现行有效8件，废止5件）。",
    "现行有效行政规范性文件470件。完成历史公文属性转换13件，其中现行有效8件，废止5件。",
    // Lists and word orders that agree with the tables.
    "现行有效规章5件、行政规范性文件470件。",
    "本年制发规章1件、行政规范性文件3件，废止行政规范性文件14件。",
    "现行有效规章5件、规章制度12件。",
    "废止规章0件、政策文件5件。",
    "结转下年度继续办理的政府信息公开申请3件。",
    "行政规范性文件现行有效470件。",
];

#[test]
fn every_contradiction_is_found() {
    let mut missed = Vec::new();
    for (text, expected) in CONTRADICTIONS {
        let findings = figure_findings(text);
        if rules(&findings) != *expected {
            missed.push(format!(
                "{text}: expected {expected:?}, got {:?}",
                findings.iter().map(|f| &f.message).collect::<Vec<_>>()
            ));
        }
        for f in &findings {
            assert_eq!(f.severity, Severity::Warning);
            assert!(f.sentence.is_some(), "{f:?}");
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn no_look_alike_raises_a_warning() {
    let mut cried_wolf = Vec::new();
    for text in LOOK_ALIKES {
        let findings = figure_findings(text);
        if !findings.is_empty() {
            cried_wolf.push(format!(
                "{text}: {:?}",
                findings.iter().map(|f| &f.message).collect::<Vec<_>>()
            ));
        }
    }
    assert!(cried_wolf.is_empty(), "{}", cried_wolf.join("\n"));
}

#[test]
fn the_labelled_set_is_large_enough() {
    assert!(CONTRADICTIONS.len() + LOOK_ALIKES.len() >= 60);
    assert!(LOOK_ALIKES.len() >= 30);
}

#[test]
fn a_finding_quotes_the_clause_and_names_the_cell_with_both_figures() {
    let f = with_applications("2022年，我办共收到政府信息公开申请15件，均已办结。");
    let t1 = f.iter().find(|f| f.rule == "T1").unwrap();
    assert_eq!(
        t1.message,
        "T1 正文“我办共收到政府信息公开申请15件”与表格不一致：三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量·总计 为 16"
    );
    assert_eq!((t1.expected.as_str(), t1.actual.as_str()), ("16", "15"));
    assert_eq!(t1.table, "三、收到和处理政府信息公开申请情况");
    assert_eq!(t1.row, ["一、本年新收政府信息公开申请数量"]);
    assert_eq!(t1.column, ["总计"]);
    assert_eq!(
        t1.sentence.as_deref(),
        Some("2022年，我办共收到政府信息公开申请15件，均已办结")
    );
    let t8 = f.iter().find(|f| f.rule == "T8").unwrap();
    assert!(
        t8.message.contains("四、结转下年度继续办理·总计 为 3"),
        "{}",
        t8.message
    );
    let json = serde_json::to_value(t1).unwrap();
    assert_eq!(
        json["sentence"],
        "2022年，我办共收到政府信息公开申请15件，均已办结"
    );
}

#[test]
fn a_sum_of_cells_is_named_with_its_parts() {
    let f = with_applications("被提起行政诉讼3件。");
    assert!(
        f[0].message
            .contains("为 4（行政诉讼·未经复议直接起诉 3 + 行政诉讼·复议后起诉 1）"),
        "{}",
        f[0].message
    );
    assert_eq!((f[0].expected.as_str(), f[0].actual.as_str()), ("4", "3"));
}

#[test]
fn seed_reports_the_all_answered_claim_and_half_width_punctuation() {
    let f = check_prose(&seed());
    assert_eq!(rules(&f), ["T8", "C5", "C5", "C5"], "{f:?}");
    assert_eq!(
        f[1].message,
        "C5 五、存在的主要问题及改进情况 （一）存在问题·第1段 有 11 处半角标点“(”“)”“,”“:”“;”夹在中文之间：“2022年,我区政务公开”、“得了一定成效,但与省、市关”、“还有很大差距,仍然存在一些”等，应为全角（TOML/JSON 报告可用 gongwen fix 改正）"
    );
    assert_eq!(f[1].table, "五、存在的主要问题及改进情况");
    assert_eq!(f[1].row, ["（一）存在问题·第1段"]);
    assert_eq!(f[2].row, ["（二）改进措施·第1段"]);
    assert_eq!(f[3].row, ["（二）改进措施·第2段"]);
    assert_eq!(
        f[0].message,
        "T8 正文“已按相关规定全部答复”与表格不一致：三、收到和处理政府信息公开申请情况 四、结转下年度继续办理·总计 为 1，正文却称申请已全部办结或答复"
    );
    assert_eq!(
        f[0].sentence.as_deref(),
        Some("截止2022年12月31日，我办共收到政府信息公开申请15件，市公开办移送件1个，已按相关规定全部答复")
    );
}

fn clean_real_style() -> Report {
    model::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/prose/clean-2022.toml"
    )))
    .unwrap()
}

#[test]
fn a_real_style_report_whose_prose_agrees_raises_nothing() {
    let report = clean_real_style();
    assert!(gongwen::check::check_report(&report).is_empty());
    let f = check_prose(&report);
    assert!(
        f.is_empty(),
        "{:#?}",
        f.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

#[test]
fn the_same_report_with_last_years_prose_is_flagged() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/prose/clean-2022.toml"
    );
    let source = std::fs::read_to_string(path)
        .unwrap()
        .replace("共收到政府信息公开申请58件", "共收到政府信息公开申请46件")
        .replace(
            "统计期限为2022年1月1日至2022年12月31日",
            "统计期限为2021年1月1日至2021年12月31日",
        )
        .replace("现行有效行政规范性文件37件", "现行有效行政规范性文件35件")
        .replace("上年结转2件。", "上年结转1件。");
    let report = model::from_text(Path::new(path), &source, Syntax::Toml).unwrap();
    let f = check_prose(&report);
    assert_eq!(rules(&f), ["C4", "T7", "T1", "T2"], "{f:#?}");
}

#[test]
fn a_heading_tells_what_a_bare_claim_is_about() {
    let part = |heading: &str, text: &str| {
        check_prose(&build(&Parts {
            extra: &format!("[[overview.parts]]\nheading = \"{heading}\"\ntext = \"{text}\""),
            ..base()
        }))
    };
    let f = part("依申请公开", "本年度共办理16件，已全部办结。");
    assert_eq!(rules(&f), ["T8"], "{f:?}");
    assert!(part("网络问政", "本年度共办理16件，已全部办结。").is_empty());
    // A topic in the sentence wins over the heading.
    assert!(part("依申请公开", "区长信箱投诉件16个，已全部办结。").is_empty());
}

#[test]
fn outside_disclosure_context_reviews_and_licence_applications_are_not_compared() {
    let in_overview = |text: &str| {
        let overview = format!("{OVERVIEW}\n\n{text}");
        check_prose(&build(&Parts {
            overview: &overview,
            ..base()
        }))
    };
    for text in [
        "全年办理行政复议案件45件，行政应诉案件30件。",
        "全年共受理行政许可申请1,200件，办结率100%。",
        "全年受理政务服务事项申请5万件，办结率100%。",
        "全年共收到行政许可申请300件。",
        "群众的办事申请全部办结。",
    ] {
        let f = in_overview(text);
        assert!(f.is_empty(), "{text}: {f:?}");
    }
    // The same words about disclosure are compared.
    let f = in_overview("因政府信息公开工作被申请行政复议45件。");
    assert_eq!(rules(&f), ["T5"]);
    let f = in_overview("全年共收到政府信息公开申请15件。");
    assert_eq!(rules(&f), ["T1"]);
}

#[test]
fn strict_turns_warnings_into_errors() {
    let mut f = check_prose(&seed());
    make_strict(&mut f);
    assert!(f.iter().all(|f| f.severity == Severity::Error));
    assert!(gongwen::check::has_errors(&f));
}

#[test]
fn empty_prose_sections_and_parts_are_reported() {
    let f = check_prose(&build(&Parts {
        overview: "",
        ..base()
    }));
    assert_eq!(rules(&f), ["C1"]);
    assert!(f[0].message.contains("一、总体情况"), "{}", f[0].message);

    let f = check_prose(&build(&Parts {
        extra: "[[overview.parts]]\nheading = \"依申请公开\"\ntext = \"\"",
        ..base()
    }));
    assert_eq!(rules(&f), ["C1"]);
    assert!(
        f[0].message.contains("（一）依申请公开"),
        "{}",
        f[0].message
    );
}

#[test]
fn a_section_shorter_than_a_sentence_is_reported_but_six_may_say_none() {
    let f = check_prose(&build(&Parts {
        problems: "无",
        ..base()
    }));
    assert_eq!(rules(&f), ["C2"]);
    assert!(f[0].message.contains("五、存在的主要问题及改进情况"));
    // 六 "无" alone, with no unpaid fees, is a legitimate answer.
    assert!(check_prose(&build(&base())).is_empty());
}

#[test]
fn six_must_mention_fees_when_applications_lapsed_for_unpaid_fees() {
    let f = check_prose(&build(&Parts {
        fee_unpaid: 2,
        ..base()
    }));
    assert_eq!(rules(&f), ["C3"], "{f:?}");
    assert!(f[0].message.contains("为 2"), "{}", f[0].message);
    let f = check_prose(&build(&Parts {
        fee_unpaid: 2,
        other: "本年度共发出收费通知2件，申请人均逾期未缴纳信息处理费，未收取费用。",
        ..base()
    }));
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn a_hostile_paragraph_is_checked_quickly() {
    // The longest paragraph the model accepts, one sentence of counts.
    let text = "收到政府信息公开申请1件、".repeat(1500);
    let started = std::time::Instant::now();
    let findings = with_applications(&text);
    assert!(!findings.is_empty());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

/// Random sentences over the characters the checker cares about must
/// never panic (a deterministic generator, so a failure reproduces).
#[test]
fn random_prose_never_panics() {
    const PIECES: &[&str] = &[
        "收到",
        "申请",
        "政府信息公开",
        "件",
        "个",
        "起",
        "部",
        "１",
        "5",
        "0",
        ",",
        "，",
        "、",
        "。",
        "；",
        "：",
        "（",
        "）",
        "十",
        "两",
        "一百零三",
        "万",
        "上年",
        "结转",
        "下年度",
        "全部",
        "均",
        "办结",
        "答复",
        "未",
        "无",
        "^",
        "…",
        "#",
        "复议",
        "诉讼",
        "规范性文件",
        "现行有效",
        "制发",
        "废止",
        "统计期限",
        "2021年",
        "年",
        ".",
        "余",
        "各",
        "第",
        " ",
        "🙂",
        "\u{3000}",
        "予以公开",
        "部分公开",
        "正在办理",
        "信箱",
        "其中",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut text = String::new();
    for _ in 0..300 {
        let len = 1 + next() % 40;
        for _ in 0..len {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        text.push('。');
    }
    let f = with_applications(&text);
    for finding in &f {
        assert!(finding.rule.starts_with('T') || finding.rule.starts_with('C'));
        assert!(!finding.message.is_empty());
    }
}

#[test]
fn any_unicode_prose_is_safe() {
    let odd = [
        "１，",
        "，，，；；；",
        "件件件个个",
        "十十十十十十十十十十十十十十十十十十十十件",
        "99999999999999999999999999999件",
        "收到申请",
        "申请1",
        "🙂收到政府信息公开申请🙂15件",
        "结转下",
        "全部",
        "统计期限为",
        "統計期限為2021年",
        "1.5件、.5件、5.件",
    ];
    for text in odd {
        let _ = with_applications(text);
    }
}

#[test]
fn half_width_punctuation_is_reported_where_it_stands() {
    let f = with_applications("依申请公开方面,本年度共收到政府信息公开申请16件(含网上申请10件)。\n\n办复率100%,12:30,(1)项均正常。");
    assert_eq!(rules(&f), ["C5"], "{f:?}");
    assert_eq!(f[0].row, ["第1段"]);
    assert_eq!(f[0].actual, ",()");
    assert!(
        f[0].message
            .starts_with("C5 三、收到和处理政府信息公开申请情况 第1段 有 3 处半角标点"),
        "{}",
        f[0].message
    );
    // A part's heading is prose too.
    let f = check_prose(&build(&Parts {
        extra: "[[overview.parts]]\nheading = \"主动公开(含政策解读)\"\ntext = \"全年主动公开政府信息3200条，内容涵盖各个领域。\"",
        ..base()
    }));
    assert_eq!(rules(&f), ["C5"], "{f:?}");
    assert_eq!(f[0].row, ["（一）主动公开(含政策解读) 标题"]);
}
