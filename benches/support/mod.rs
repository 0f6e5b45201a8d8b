//! Deterministic report generator for the benchmarks: realistic variety
//! (agencies, years, prose lengths, numbered parts, consistent tables that
//! split at different places) from a fixed seed, so every run measures the
//! same 1000 reports.

#![allow(dead_code)]

use std::fmt::Write as _;

/// splitmix64: tiny, fast and stable across platforms and crate versions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.next() as usize % items.len()]
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const PLACES: &[&str] = &[
    "老城区",
    "西湖区",
    "东城区",
    "南山县",
    "北川县",
    "青云市",
    "临江区",
    "石门县",
    "桃源县",
    "长宁区",
    "丰泽区",
    "白云区",
    "金水区",
    "龙泉驿区",
    "海城市",
    "安宁市",
    "平阳县",
    "永和县",
];

/// Towns and streets under a place; "" is the place's own office.
const LEVELS: &[&str] = &[
    "",
    "城关镇",
    "新华街道",
    "东风街道",
    "红旗镇",
    "河西镇",
    "中山街道",
    "解放街道",
    "太平镇",
    "永安镇",
    "金山街道",
    "长青镇",
    "清河街道",
    "龙门镇",
    "花园街道",
    "石桥镇",
    "柳林镇",
    "湖滨街道",
    "青龙镇",
    "双河镇",
];

const OFFICES: &[&str] = &[
    "人民政府办公室",
    "教育局",
    "卫生健康委员会",
    "自然资源和规划局",
    "市场监督管理局",
    "交通运输局",
    "生态环境局",
    "住房和城乡建设局",
    "人力资源和社会保障局",
    "民政局",
    "财政局",
    "应急管理局",
];

const OVERVIEW_HEADINGS: &[&str] = &[
    "主动公开",
    "依申请公开",
    "政府信息管理",
    "政府信息公开平台建设",
    "监督保障",
    "政策解读",
    "回应关切",
    "重点领域信息公开",
];

const PROBLEM_HEADINGS: &[&str] = &["存在问题", "改进措施", "下一步工作打算"];

/// Sentences without figures of their own, so prose checks have nothing to
/// contradict; figures come in through `{{path}}` placeholders.
const SENTENCES: &[&str] = &[
    "认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外的原则，推进决策、执行、管理、服务、结果公开。",
    "严格落实政府信息公开保密审查机制，明确专人负责政务公开工作，确保信息公开的安全性和准确性。",
    "充分发挥政府门户网站主渠道作用，及时发布政务动态、通知公告、民生服务等各类信息。",
    "按照上级关于推进基层政务公开标准化规范化的要求，完善公开目录，规范设立行政规范性文件库。",
    "加强政务新媒体日常监管，采取定期普查的方式，对发现的问题及时提醒并督促整改。",
    "围绕群众关心关注的重点民生领域，细化信息公开内容，提升公开的深度与广度。",
    "创新政策解读形式，通过图文解读、视频解读、在线访谈等方式增强解读效果。",
    "健全依申请公开工作机制，规范受理、登记、审核、答复等环节，确保在法定期限内答复。",
    "组织召开政务公开工作专题会议，认真学习年度政务公开工作要点，安排部署相关工作。",
    "将政务公开工作纳入年度绩效考核，开展业务培训，提升工作人员的业务能力。",
    "政务公开工作开展还不平衡，基层单位的公开意识和业务水平有待进一步提高。",
    "政策解读信息公开的形式较为单一，与公众精细化的信息需求还存在差距。",
    "进一步加强重点领域信息公开，健全工作机制，强化责任落实。",
    "进一步夯实政务公开工作基础，加大督促指导力度，不断推进政务公开工作规范开展。",
    "推动基层政务公开，打通政策传达的“最后一公里”。",
];

const FIGURES: &[&str] = &[
    "全年新收政府信息公开申请{{applications.new.total}}件，上年结转{{applications.carried_in.total}}件。",
    "本年办结{{applications.results.total.total}}件，其中予以公开{{applications.results.disclosed.total}}件，结转下年度继续办理{{applications.carried_out.total}}件。",
    "本年制发行政规范性文件{{proactive.normative_documents.issued}}件，废止{{proactive.normative_documents.repealed}}件，现行有效{{proactive.normative_documents.in_force}}件。",
    "全年作出行政许可决定{{proactive.licensing}}件，行政处罚决定{{proactive.penalty}}件。",
];

/// How long the prose is, relative to an ordinary report.
fn paragraph(rng: &mut Rng, sentences: u64) -> String {
    let mut p = String::new();
    for _ in 0..sentences {
        p.push_str(rng.pick(SENTENCES));
    }
    p
}

fn text(rng: &mut Rng, paragraphs: u64, sentences: (u64, u64), figure: bool) -> String {
    let mut out = String::new();
    for i in 0..paragraphs {
        if i > 0 {
            out.push_str("\n\n");
        }
        let n = rng.range(sentences.0, sentences.1);
        out.push_str(&paragraph(rng, n));
        if figure && i == 0 {
            out.push_str(rng.pick(FIGURES));
        }
    }
    out
}

fn row(values: &[u64]) -> String {
    let items: Vec<String> = values.iter().map(u64::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML string literal (basic string, escaped).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What kind of report number `i` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Tables consistent: exports.
    Good,
    /// One total off by one (rule R1 fails): reported and skipped.
    Inconsistent,
}

/// Every 100th report (10 in 1000) is inconsistent, to exercise the failure path.
pub fn kind(i: usize) -> Kind {
    if i % 100 == 99 {
        Kind::Inconsistent
    } else {
        Kind::Good
    }
}

/// The `i`th generated report as TOML text. `prose_scale` multiplies the
/// prose (1 for ordinary reports; about 1 in 10 are long anyway).
pub fn report(seed: u64, i: usize) -> String {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let long = rng.chance(10);
    let scale = if long { rng.range(3, 6) } else { 1 };
    build(&mut rng, scale, kind(i), &agency(i))
}

/// A different agency for each of the first 4320 reports, so no two of a
/// batch are the same agency's consecutive years (which rule R5 would pair).
fn agency(i: usize) -> String {
    let n = PLACES.len() * LEVELS.len() * OFFICES.len();
    let a = (i * 7919) % n;
    format!(
        "{}{}{}",
        PLACES[a % PLACES.len()],
        LEVELS[(a / PLACES.len()) % LEVELS.len()],
        OFFICES[a / (PLACES.len() * LEVELS.len())]
    )
}

fn build(rng: &mut Rng, scale: u64, kind: Kind, agency: &str) -> String {
    let year = rng.range(2019, 2025);
    let mut t = String::new();
    let _ = writeln!(t, "[report]\nagency = {}\nyear = {year}", quoted(agency));
    if rng.chance(50) {
        let _ = writeln!(
            t,
            "signature = {}\ndate = \"{}-01-{:02}\"",
            quoted(agency),
            year + 1,
            rng.range(10, 28)
        );
    }

    let _ = writeln!(
        t,
        "\n[overview]\ntext = {}",
        quoted(&text(rng, 1, (2, 3 * scale), false))
    );
    let parts = rng.range(2, 6);
    let mut headings: Vec<&str> = OVERVIEW_HEADINGS.to_vec();
    for p in 0..parts {
        let h = headings.remove(rng.next() as usize % headings.len());
        let paragraphs = rng.range(1, 2 * scale);
        let _ = writeln!(
            t,
            "\n[[overview.parts]]\nheading = {}\ntext = {}",
            quoted(h),
            quoted(&text(rng, paragraphs, (1, 4), p < 2))
        );
        if rng.chance(15) {
            for k in 0..rng.range(1, 3) {
                let _ = writeln!(
                    t,
                    "\n[[overview.parts.parts]]\nheading = \"工作举措{}\"\ntext = {}",
                    k + 1,
                    quoted(&text(rng, 1, (1, 3), false))
                );
            }
        }
    }

    let normative_in_force = rng.range(0, 80);
    let _ = writeln!(
        t,
        "\n[proactive]\nrules = {{ issued = {}, repealed = {}, in_force = {} }}\nnormative_documents = {{ issued = {}, repealed = {}, in_force = {normative_in_force} }}\nlicensing = {}\npenalty = {}\nenforcement = {}\nfees = \"{}.{}\"",
        rng.range(0, 2),
        rng.range(0, 2),
        rng.range(0, 10),
        rng.range(0, 12),
        rng.range(0, 15),
        rng.range(0, 5000),
        rng.range(0, 800),
        rng.range(0, 40),
        rng.range(0, 900),
        rng.range(0, 99),
    );

    // Applications: per column, new + carried_in is split among the result
    // rows and carried_out, so R1-R3 hold by construction (totals computed).
    const RESULT_ROWS: &[(&str, &str)] = &[
        ("", "disclosed"),
        ("", "partly_disclosed"),
        ("withheld", "state_secret"),
        ("withheld", "prohibited_by_law"),
        ("withheld", "security_stability"),
        ("withheld", "third_party"),
        ("withheld", "internal_affairs"),
        ("withheld", "process_info"),
        ("withheld", "enforcement_files"),
        ("withheld", "query_matters"),
        ("unable", "not_held"),
        ("unable", "needs_creation"),
        ("unable", "still_unclear"),
        ("not_processed", "petition"),
        ("not_processed", "duplicate"),
        ("not_processed", "publication"),
        ("not_processed", "mass_repeated"),
        ("not_processed", "confirm_or_reissue"),
        ("other", "no_correction"),
        ("other", "fee_unpaid"),
        ("other", "other"),
    ];
    let scale_apps = rng.pick(&[5, 20, 60, 300, 2000]);
    let mut new = [0u64; 6];
    let mut carried_in = [0u64; 6];
    let mut carried_out = [0u64; 6];
    let mut results = vec![[0u64; 6]; RESULT_ROWS.len()];
    for c in 0..6 {
        let weight = if c == 0 { scale_apps } else { scale_apps / 8 };
        new[c] = rng.range(0, weight);
        carried_in[c] = rng.range(0, weight / 10);
        let mut left = new[c] + carried_in[c];
        carried_out[c] = rng.range(0, left / 8);
        left -= carried_out[c];
        while left > 0 {
            let r = if rng.chance(60) {
                0
            } else {
                rng.next() as usize % RESULT_ROWS.len()
            };
            let n = rng.range(1, left.max(1).min(1 + left / 3));
            results[r][c] += n;
            left -= n;
        }
    }
    if kind == Kind::Inconsistent {
        carried_out[0] += 1;
    }
    let _ = writeln!(
        t,
        "\n[applications]\nnew = {}\ncarried_in = {}\ncarried_out = {}",
        row(&new),
        row(&carried_in),
        row(&carried_out)
    );
    for group in ["", "withheld", "unable", "not_processed", "other"] {
        if group.is_empty() {
            t.push_str("\n[applications.results]\n");
        } else {
            let _ = writeln!(t, "\n[applications.results.{group}]");
        }
        for (r, (g, name)) in RESULT_ROWS.iter().enumerate() {
            if *g == group {
                let _ = writeln!(t, "{name} = {}", row(&results[r]));
            }
        }
    }

    let mut appeal = || {
        let v = [
            rng.range(0, 6),
            rng.range(0, 2),
            rng.range(0, 2),
            rng.range(0, 3),
        ];
        row(&v)
    };
    let (a, b, c) = (appeal(), appeal(), appeal());
    let _ = writeln!(
        t,
        "\n[appeals]\nreview = {a}\nsuit_direct = {b}\nsuit_after_review = {c}"
    );

    t.push_str("\n[problems]\n");
    for h in PROBLEM_HEADINGS.iter().take(rng.range(1, 3) as usize) {
        let paragraphs = rng.range(1, 3 * scale);
        let _ = writeln!(
            t,
            "\n[[problems.parts]]\nheading = {}\ntext = {}",
            quoted(h),
            quoted(&text(rng, paragraphs, (1, 3), false))
        );
    }
    let other = if rng.chance(70) {
        "无".to_string()
    } else {
        text(rng, 1, (1, 2), false)
    };
    let _ = writeln!(t, "\n[other]\ntext = {}", quoted(&other));
    t
}

/// `text` with every prose block (the strings under `text = `) repeated `n`
/// times as separate paragraphs: the same report with `n` times the prose.
pub fn scale_prose(toml_text: &str, n: usize) -> String {
    let mut value: toml::Table = toml_text.parse().expect("valid TOML");
    fn walk(v: &mut toml::Value, n: usize) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t.iter_mut() {
                    if k == "text" {
                        if let toml::Value::String(s) = v {
                            let one = s.trim().to_string();
                            if one != "无" && !one.is_empty() {
                                *s = vec![one; n].join("\n\n");
                            }
                        }
                    } else {
                        walk(v, n);
                    }
                }
            }
            toml::Value::Array(a) => a.iter_mut().for_each(|v| walk(v, n)),
            _ => {}
        }
    }
    for (_, v) in value.iter_mut() {
        walk(v, n);
    }
    toml::to_string(&value).expect("serialise TOML")
}

/// The seed report shipped in `examples/`.
pub fn seed_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/laochengqu-2022.toml"
    ))
    .expect("seed report")
}
