//! The document formats gongwen writes, and a set of them.
//!
//! A new format is one more variant here (its extension) and one more arm
//! in the renderer of `export` (from the document tree, or from the
//! laid-out pages, which are then laid out once for all formats that need
//! them); the CLI's `--format`, output planning and disk writing follow.

use std::collections::BTreeSet;
use std::fmt;

/// A document format. The order of the variants is the order in which a
/// report's files are rendered, written and listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// PDF/A, drawn from the laid-out pages.
    Pdf,
    /// An editable Word file, written from the document tree; Word lays it out.
    Docx,
    /// OFD (GB/T 33190), China's fixed-layout format for electronic
    /// official documents and archives, drawn from the same laid-out pages
    /// as the PDF.
    Ofd,
}

impl Format {
    /// Every format, in order.
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Docx, Format::Ofd];

    /// What `gongwen export` writes when no format is named: the PDF to
    /// file and the DOCX to edit. OFD is asked for by name, because most
    /// offices do not need it yet and it costs as much as the PDF.
    pub const DEFAULT: [Format; 2] = [Format::Pdf, Format::Docx];

    /// The file extension, without the dot; also the format's name.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Ofd => "ofd",
        }
    }

    /// The format whose extension is `extension` (lower case, no dot).
    pub fn from_extension(extension: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == extension)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Which formats to produce. Iterates in [`Format`] order whatever order
/// they were given in, so outputs are deterministic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(BTreeSet<Format>);

impl Formats {
    /// Every format.
    pub fn all() -> Formats {
        Format::ALL.into_iter().collect()
    }

    /// [`Format::DEFAULT`].
    pub fn default_set() -> Formats {
        Format::DEFAULT.into_iter().collect()
    }

    /// Whether `format` is to be produced.
    pub fn contains(&self, format: Format) -> bool {
        self.0.contains(&format)
    }

    /// Whether no format is asked for: nothing would be written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// In [`Format`] order.
    pub fn iter(&self) -> impl Iterator<Item = Format> + '_ {
        self.0.iter().copied()
    }
}

impl FromIterator<Format> for Formats {
    fn from_iter<I: IntoIterator<Item = Format>>(iter: I) -> Formats {
        Formats(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a Formats {
    type Item = Format;
    type IntoIter = std::iter::Copied<std::collections::btree_set::Iter<'a, Format>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_iterates_in_format_order_without_repeats() {
        let set: Formats = [Format::Ofd, Format::Docx, Format::Pdf, Format::Docx]
            .into_iter()
            .collect();
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Format::Pdf, Format::Docx, Format::Ofd]
        );
    }

    #[test]
    fn each_extension_names_one_format() {
        for format in Format::ALL {
            assert_eq!(Format::from_extension(format.extension()), Some(format));
        }
        assert_eq!(Format::from_extension("PDF"), None);
    }
}
