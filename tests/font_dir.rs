//! GONGWEN_FONT_DIR replaces the compiled-in fonts. Its own test binary,
//! because the variable is process-wide.

use std::path::Path;

use gongwen::fonts::{FontError, FontSet};

#[test]
fn font_dir_override_is_used_and_a_missing_file_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    // An empty folder: loading must fail and name the file it looked for.
    std::env::set_var("GONGWEN_FONT_DIR", dir.path());
    let err = FontSet::bundled().expect_err("empty font dir");
    assert!(matches!(err, FontError::Read { .. }), "{err}");
    assert!(err.to_string().contains("FandolFang-Regular.otf"), "{err}");

    // With the five files present (hard links, so nothing is copied) it loads them.
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    for name in [
        "FandolFang-Regular.otf",
        "FandolSong-Bold.otf",
        "FandolHei-Regular.otf",
        "FandolKai-Regular.otf",
        "FandolSong-Regular.otf",
    ] {
        let to = dir.path().join(name);
        std::fs::hard_link(fonts.join(name), &to)
            .or_else(|_| std::fs::copy(fonts.join(name), &to).map(|_| ()))
            .expect("place font");
    }
    let set = FontSet::bundled().expect("fonts from GONGWEN_FONT_DIR");
    assert!(format!("{set:?}").contains("FandolFang-Regular"), "{set:?}");
    std::env::remove_var("GONGWEN_FONT_DIR");
}
