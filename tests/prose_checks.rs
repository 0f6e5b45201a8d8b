use gongwen::check::prose::check_prose;
use gongwen::check::Finding;
use gongwen::model;
use std::path::Path;

fn seed() -> model::Report {
    model::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/laochengqu-2022.toml"
    )))
    .unwrap()
}

#[test]
fn seed_reports_only_the_all_answered_claim() {
    let f: Vec<Finding> = check_prose(&seed());
    for x in &f {
        eprintln!("{}", x.message);
    }
    assert_eq!(f.len(), 1);
}
