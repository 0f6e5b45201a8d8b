//! Properties of roll-ups over random reports, consistent by construction
//! (every figure of the three tables random, totals given or left out, fees
//! with any number of decimals):
//!   * the roll-up holds R1–R4 (the sum of consistent tables is consistent)
//!     and R7 against its reports;
//!   * its text reads back as the same sums;
//!   * summing the reports in any order gives the same bytes;
//!   * summing in nested levels — towns into counties, counties into a city —
//!     gives the same figures as summing all towns at once.
//!
//! Cases: `PROPTEST_CASES` (default 64).

use std::path::Path;

use gongwen::check::{check_children, check_report};
use gongwen::input::Syntax;
use gongwen::model::{self, Figure, Figures, Report};
use gongwen::rollup::{contract_text, sum_figures};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};

const RESULTS: &[(&str, &[&str])] = &[
    ("", &["disclosed", "partly_disclosed"]),
    (
        "withheld",
        &[
            "state_secret",
            "prohibited_by_law",
            "security_stability",
            "third_party",
            "internal_affairs",
            "process_info",
            "enforcement_files",
            "query_matters",
        ],
    ),
    ("unable", &["not_held", "needs_creation", "still_unclear"]),
    (
        "not_processed",
        &[
            "petition",
            "duplicate",
            "publication",
            "mass_repeated",
            "confirm_or_reissue",
        ],
    ),
    ("other", &["no_correction", "fee_unpaid", "other"]),
];
const RESULT_ROWS: usize = 21;

/// A count: mostly small, sometimes large (up to 10^12, so a thousand of
/// them still fit a u64 many times over).
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![4 => 0u64..30, 1 => 0u64..1_000_000_000_000]
}

/// A fee: digits with zero to six decimals.
fn fee() -> impl Strategy<Value = String> {
    (0u64..10_000_000, 0usize..7, 0u64..1_000_000).prop_map(|(int, decimals, frac)| {
        if decimals == 0 {
            int.to_string()
        } else {
            let frac = format!("{:06}", frac % 1_000_000);
            format!("{int}.{}", &frac[..decimals])
        }
    })
}

#[derive(Debug, Clone)]
struct Tables {
    results: Vec<[u64; 6]>,
    carried_out: [u64; 6],
    carried_in_share: [u64; 6],
    appeals: [[u64; 4]; 3],
    stock: [[u64; 3]; 2],
    singles: [u64; 3],
    fee: String,
    /// Whether rows are written with their totals, and （七）总计 at all.
    totals_given: bool,
}

fn tables() -> impl Strategy<Value = Tables> {
    (
        proptest::collection::vec(proptest::array::uniform6(count()), RESULT_ROWS),
        proptest::array::uniform6(count()),
        proptest::array::uniform6(0u64..=100),
        proptest::array::uniform3(proptest::array::uniform4(count())),
        proptest::array::uniform2(proptest::array::uniform3(count())),
        proptest::array::uniform3(count()),
        fee(),
        any::<bool>(),
    )
        .prop_map(
            |(
                results,
                carried_out,
                carried_in_share,
                appeals,
                stock,
                singles,
                fee,
                totals_given,
            )| {
                Tables {
                    results,
                    carried_out,
                    carried_in_share,
                    appeals,
                    stock,
                    singles,
                    fee,
                    totals_given,
                }
            },
        )
}

impl Tables {
    /// The report as contract JSON: 新收 is chosen per column so that R1
    /// holds; R2–R4 hold as totals are sums.
    fn json(&self, agency: &str) -> String {
        let with_total = |parts: &[u64]| -> Value {
            let mut row: Vec<u64> = parts.to_vec();
            if self.totals_given {
                row.push(parts.iter().sum());
            }
            json!(row)
        };
        let handled: Vec<u64> = (0..6)
            .map(|c| self.results.iter().map(|r| r[c]).sum::<u64>())
            .collect();
        // 上年结转 is a share of what was handled or carried out; 新收 the rest.
        let carried_in: Vec<u64> = (0..6)
            .map(|c| (handled[c] + self.carried_out[c]) * self.carried_in_share[c] / 100)
            .collect();
        let new: Vec<u64> = (0..6)
            .map(|c| handled[c] + self.carried_out[c] - carried_in[c])
            .collect();
        let mut results = Map::new();
        let mut row = 0;
        for (group, names) in RESULTS {
            let mut target = Map::new();
            for name in names.iter() {
                target.insert(name.to_string(), with_total(&self.results[row]));
                row += 1;
            }
            if group.is_empty() {
                results.extend(target);
            } else {
                results.insert(group.to_string(), Value::Object(target));
            }
        }
        if self.totals_given {
            results.insert("total".into(), with_total(&handled));
        }
        let stock = |s: &[u64; 3]| json!({"issued": s[0], "repealed": s[1], "in_force": s[2]});
        json!({
            "report": {"agency": agency, "year": 2024},
            "overview": {"text": "本报告中所列数据的统计期限为2024年1月1日至2024年12月31日。"},
            "proactive": {
                "rules": stock(&self.stock[0]),
                "normative_documents": stock(&self.stock[1]),
                "licensing": self.singles[0],
                "penalty": self.singles[1],
                "enforcement": self.singles[2],
                "fees": self.fee,
            },
            "applications": {
                "new": with_total(&new),
                "carried_in": with_total(&carried_in),
                "carried_out": with_total(&self.carried_out),
                "results": results,
            },
            "appeals": {
                "review": with_total(&self.appeals[0]),
                "suit_direct": with_total(&self.appeals[1]),
                "suit_after_review": with_total(&self.appeals[2]),
            },
            "problems": {"text": "无"},
            "other": {"text": "无"},
        })
        .to_string()
    }
}

/// Towns in counties: each inner list is one county's towns.
fn province() -> impl Strategy<Value = Vec<Vec<Tables>>> {
    proptest::collection::vec(proptest::collection::vec(tables(), 1..5), 1..4)
}

fn load(agency: &str, tables: &Tables) -> Result<Report, TestCaseError> {
    model::from_text(Path::new("t.json"), &tables.json(agency), Syntax::Json)
        .map_err(|e| TestCaseError::fail(format!("a generated report loads: {e}")))
}

/// The roll-up of `reports` as a contract file, read back.
fn rolled_up(agency: &str, reports: &[&Report]) -> Result<(String, Report), TestCaseError> {
    let template = reports[0].template.clone();
    let sums =
        sum_figures(&template, reports).map_err(|e| TestCaseError::fail(format!("sums: {e}")))?;
    let text = contract_text(&template, agency, 2024, &sums, &[]);
    let report = model::from_text(Path::new("汇总.toml"), &text, Syntax::Toml)
        .map_err(|e| TestCaseError::fail(format!("the roll-up reads back: {e}\n{text}")))?;
    prop_assert!(same_numbers(&report.figures, &sums), "read back as summed");
    Ok((text, report))
}

fn same_numbers(a: &Figures, b: &Figures) -> bool {
    a.0.len() == b.0.len()
        && a.0.iter().zip(&b.0).all(|((ka, fa), (kb, fb))| {
            ka == kb
                && match (fa, fb) {
                    (Figure::Row(x), Figure::Row(y)) => x.values == y.values,
                    (Figure::Count(x), Figure::Count(y)) => x == y,
                    // Amounts, not texts: a county's "1.50" is the city's "1.5".
                    (Figure::Decimal(x), Figure::Decimal(y)) => {
                        x.cmp_amount(y) == std::cmp::Ordering::Equal
                    }
                    _ => false,
                }
        })
}

/// A fee in millionths of 万元 (the generator writes at most six decimals).
fn millionths(fee: &gongwen::input::Fee) -> u128 {
    let (int, frac) = fee.as_str().split_once('.').unwrap_or((fee.as_str(), ""));
    int.parse::<u128>().unwrap() * 1_000_000 + format!("{frac:0<6}").parse::<u128>().unwrap()
}

/// Every number of the roll-up against a sum computed here, in u128 and
/// fees in integer millionths, not by the code under test.
fn independent_sums(rollup: &Report, reports: &[&Report]) -> Result<(), TestCaseError> {
    for path in rollup.template.figure_paths() {
        if let Some(Figure::Decimal(fee)) = rollup.figures.0.get(&path.figure) {
            let sum: u128 = reports
                .iter()
                .map(|r| match r.figures.0.get(&path.figure) {
                    Some(Figure::Decimal(f)) => millionths(f),
                    _ => 0,
                })
                .sum();
            prop_assert_eq!(millionths(fee), sum, "{}", path);
        } else {
            let sum: u128 = reports
                .iter()
                .map(|r| u128::from(r.figures.count(&path).unwrap_or(0)))
                .sum();
            let own = rollup.figures.count(&path).map(u128::from);
            prop_assert_eq!(own, Some(sum), "{}", path);
        }
    }
    Ok(())
}

fn check_province(counties: &[Vec<Tables>], order: &[usize]) -> Result<(), TestCaseError> {
    let mut towns: Vec<Report> = Vec::new();
    let mut county_reports: Vec<Report> = Vec::new();
    for (c, county) in counties.iter().enumerate() {
        let mine: Vec<Report> = county
            .iter()
            .enumerate()
            .map(|(t, tables)| load(&format!("第{c}县第{t}镇"), tables))
            .collect::<Result<_, _>>()?;
        let refs: Vec<&Report> = mine.iter().collect();
        let (_, county_report) = rolled_up(&format!("第{c}县"), &refs)?;
        prop_assert!(
            check_children(&county_report, &refs).is_empty(),
            "R7 holds for county {c}"
        );
        county_reports.push(county_report);
        towns.extend(mine);
    }
    let all: Vec<&Report> = towns.iter().collect();
    let (direct_text, direct) = rolled_up("全市", &all)?;
    independent_sums(&direct, &all)?;
    let findings = check_report(&direct);
    prop_assert!(findings.is_empty(), "R1–R4 hold on the sum: {findings:#?}");
    prop_assert!(check_children(&direct, &all).is_empty(), "R7 holds");

    let shuffled: Vec<&Report> = order.iter().map(|&i| &towns[i]).collect();
    let (shuffled_text, _) = rolled_up("全市", &shuffled)?;
    prop_assert_eq!(&direct_text, &shuffled_text, "any order, the same bytes");

    let counties: Vec<&Report> = county_reports.iter().collect();
    let (_, nested) = rolled_up("全市", &counties)?;
    prop_assert!(
        same_numbers(&nested.figures, &direct.figures),
        "towns → counties → city is towns → city"
    );
    prop_assert!(
        check_children(&nested, &all).is_empty(),
        "R7 against the towns"
    );
    Ok(())
}

#[test]
fn rollups_of_consistent_reports_are_consistent_in_any_order_and_nesting() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = province().prop_flat_map(|counties| {
        let towns: usize = counties.iter().map(Vec::len).sum();
        let order: Vec<usize> = (0..towns).collect();
        (Just(counties), Just(order).prop_shuffle())
    });
    runner
        .run(&strategy, |(counties, order)| {
            check_province(&counties, &order)
        })
        .unwrap();
}
