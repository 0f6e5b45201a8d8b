//! Output planning for a batch: which files may be exported without one
//! destroying the input or the output of another.

use std::path::{Path, PathBuf};

use crate::export::{output_path, Formats};
use crate::model::Report;

/// Why a file of a batch is not exported: one of its outputs would
/// overwrite data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputClash {
    /// The output is an input of the run (a report named `x.pdf`).
    #[error("输出文件 {output} 就是输入文件 {input}，导出会覆盖它，未导出（请改名，或指定另一个输出文件夹）")]
    IsInput {
        /// The output that would be written.
        output: PathBuf,
        /// The input it would overwrite.
        input: PathBuf,
    },
    /// An earlier file of the batch has the same output
    /// (`a/report.toml` and `b/report.toml` into one output folder).
    #[error("输出文件 {output} 与 {first} 的输出同名，导出会覆盖它，未导出")]
    SameAs {
        /// The output both files would write.
        output: PathBuf,
        /// The earlier input that keeps the output.
        first: PathBuf,
    },
}

/// For each of `files`, in order, whether its outputs in `formats` (in
/// `out_dirs[i]`, or beside it) would clash with an input (the files and
/// `previous`) or with the outputs of an earlier file. A file that did not
/// load (`loaded[i]` false) claims no output and gets `None`.
pub fn output_clashes(
    files: &[PathBuf],
    loaded: &[bool],
    previous: Option<&Report>,
    out_dirs: &[Option<PathBuf>],
    formats: &Formats,
) -> Vec<Option<OutputClash>> {
    let same = |a: &Path, b: &Path| {
        a == b
            || matches!(
                (std::fs::canonicalize(a), std::fs::canonicalize(b)),
                (Ok(x), Ok(y)) if x == y
            )
    };
    let inputs: Vec<&Path> = files
        .iter()
        .map(PathBuf::as_path)
        .chain(previous.map(|p| p.file.as_path()))
        .collect();
    let mut claimed: Vec<(PathBuf, &Path)> = Vec::new();
    files
        .iter()
        .zip(loaded)
        .enumerate()
        .map(|(i, (file, ok))| {
            if !ok {
                return None;
            }
            let out_dir = out_dirs.get(i).and_then(|d| d.as_deref());
            let outputs: Vec<PathBuf> = formats
                .iter()
                .map(|format| output_path(file, out_dir, format))
                .collect();
            for out in &outputs {
                if let Some(input) = inputs.iter().find(|i| same(out, i)) {
                    return Some(OutputClash::IsInput {
                        output: out.clone(),
                        input: input.to_path_buf(),
                    });
                }
                if let Some((_, first)) = claimed.iter().find(|(c, _)| c == out) {
                    return Some(OutputClash::SameAs {
                        output: out.clone(),
                        first: first.to_path_buf(),
                    });
                }
            }
            claimed.extend(outputs.into_iter().map(|o| (o, file.as_path())));
            None
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Format;

    fn clashes(
        files: &[&str],
        loaded: &[bool],
        out_dir: Option<&str>,
        formats: &[Format],
    ) -> Vec<Option<OutputClash>> {
        let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        let formats: Formats = formats.iter().copied().collect();
        let out_dirs = vec![out_dir.map(PathBuf::from); files.len()];
        output_clashes(&files, loaded, None, &out_dirs, &formats)
    }

    #[test]
    fn the_second_file_with_an_output_name_is_not_exported() {
        let found = clashes(
            &["a/r.toml", "b/r.json"],
            &[true, true],
            Some("out"),
            &Format::ALL,
        );
        assert_eq!(
            found,
            [
                None,
                Some(OutputClash::SameAs {
                    output: PathBuf::from("out/r.pdf"),
                    first: PathBuf::from("a/r.toml"),
                })
            ]
        );
        // Beside their inputs the two do not meet.
        let found = clashes(&["a/r.toml", "b/r.json"], &[true, true], None, &Format::ALL);
        assert_eq!(found, [None, None]);
    }

    #[test]
    fn a_file_that_did_not_load_claims_no_output() {
        let found = clashes(
            &["a/r.toml", "b/r.json"],
            &[false, true],
            Some("out"),
            &Format::ALL,
        );
        assert_eq!(found, [None, None]);
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_only_in_its_format() {
        let found = clashes(&["x.toml", "x.docx"], &[true, true], None, &[Format::Docx]);
        assert_eq!(
            found,
            [
                Some(OutputClash::IsInput {
                    output: PathBuf::from("x.docx"),
                    input: PathBuf::from("x.docx"),
                }),
                None
            ]
        );
        assert_eq!(
            clashes(&["x.toml", "x.docx"], &[true, true], None, &[Format::Pdf]),
            [
                None,
                Some(OutputClash::SameAs {
                    output: PathBuf::from("x.pdf"),
                    first: PathBuf::from("x.toml"),
                })
            ]
        );
    }

    #[test]
    fn a_document_input_never_has_its_own_name_as_output() {
        assert_eq!(clashes(&["草稿.docx"], &[true], None, &Format::ALL), [None]);
        assert_eq!(
            output_path(Path::new("a/草稿.docx"), None, Format::Docx),
            PathBuf::from("a/草稿.gongwen.docx")
        );
        assert_eq!(
            output_path(Path::new("a/草稿.DOCX"), None, Format::Pdf),
            PathBuf::from("a/草稿.pdf")
        );
    }

    #[test]
    fn the_library_message_names_no_command_line_flag() {
        let clash = OutputClash::SameAs {
            output: PathBuf::from("out/r.pdf"),
            first: PathBuf::from("a/r.toml"),
        };
        assert_eq!(
            clash.to_string(),
            "输出文件 out/r.pdf 与 a/r.toml 的输出同名，导出会覆盖它，未导出"
        );
    }
}
