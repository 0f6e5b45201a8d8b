//! Where a title's words begin and end (GB/T 9704 §7.3.3: a title broken
//! over lines keeps its words whole, 词意完整).
//!
//! The words come from the jieba segmenter and its part-of-speech tags, not
//! from a list of our own: a user's title names any agency of the country.
//! On top of the words, what a title is made of decides where a line reads
//! best: after a place or an organisation, after the year, before the
//! document kind.

use std::sync::OnceLock;

use jieba_rs::Jieba;

/// The kind of document of the standard title (发文机关 + 年度 + this),
/// one unit for the segmenter: it is never broken and a title breaks
/// before it when the part before fits one line.
pub(crate) const DOCUMENT_KIND: &str = "政府信息公开工作年度报告";

/// Administrative-division suffixes (GB/T 2260): a segment ending in one
/// closes a place name (某某市 / 某某区), whatever jieba tags it.
const DIVISION_SUFFIXES: &str = "省市区县州盟旗乡镇";

/// What a break before a character would cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edge {
    /// Inside a word, or between words that read as one (发展和改革,
    /// 2021年): never, unless nothing else fits.
    Inside,
    /// Between two words of one name or phrase: allowed.
    Word,
    /// After a place or the year, before the year or the document kind:
    /// where a title line reads best.
    Phrase,
}

/// The segmenter, with its dictionary loaded once per process (about a
/// fifth of a second).
fn segmenter() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::new();
        jieba.add_word(DOCUMENT_KIND, Some(100_000), Some("n"));
        jieba
    })
}

/// `edges[i]` classifies a break before the `i`-th char of `text`
/// (`edges[0]` is `Inside`: nothing comes before it).
pub(crate) fn edges(text: &str) -> Vec<Edge> {
    let n = text.chars().count();
    let mut edges = vec![Edge::Inside; n];
    let tags = segmenter().tag(text, false);
    // A conjunction or particle (和, 与, 及, 的) binds the words around it
    // into one name, up to the next place, year or kind: 发展和改革局,
    // 人力资源和社会保障局.
    let binds = |t: &str| t == "c" || t.starts_with('u');
    let mut bound = false;
    for pair in tags.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let at = b.start;
        if at >= n {
            continue;
        }
        let phrase = is_place(a.word, a.tag)
            || b.word == DOCUMENT_KIND
            || (a.tag == "m" && a.word.ends_with('年'))
            || b.tag == "m";
        if phrase {
            bound = false;
        }
        bound |= binds(a.tag) || binds(b.tag);
        // Numbers bind their unit (2021年); a one-character word leans on
        // the word before it (改革局 → 改革 / 局 read as one).
        let numeral = a.tag == "m" && b.tag == "m";
        let lone = b.word.chars().count() == 1 && !phrase;
        edges[at] = if bound || numeral || lone {
            Edge::Inside
        } else if phrase {
            Edge::Phrase
        } else {
            Edge::Word
        };
    }
    edges
}

/// A place name: jieba's `ns`, or a division suffix standing alone after a
/// name it does not know (某某 / 市). Not any word ending in one: 城乡.
fn is_place(word: &str, tag: &str) -> bool {
    let mut chars = word.chars();
    tag == "ns"
        || matches!((chars.next(), chars.next()), (Some(c), None) if DIVISION_SUFFIXES.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(text: &str, kind: Edge) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        edges(text)
            .iter()
            .enumerate()
            .filter(|(_, e)| **e == kind)
            .map(|(i, _)| chars[..i].iter().collect())
            .collect()
    }

    #[test]
    fn the_document_kind_and_the_year_are_whole() {
        let title = "平潭综合实验区2021年政府信息公开工作年度报告";
        let phrase = breaks(title, Edge::Phrase);
        assert!(
            phrase.contains(&"平潭综合实验区2021年".to_string()),
            "{phrase:?}"
        );
        let chars: Vec<char> = title.chars().collect();
        let e = edges(title);
        let kind_at = chars.len() - DOCUMENT_KIND.chars().count();
        assert!(e[kind_at + 1..].iter().all(|e| *e == Edge::Inside));
        let year_at = title.chars().position(|c| c == '2').expect("year");
        assert!(e[year_at + 1..year_at + 5]
            .iter()
            .all(|e| *e == Edge::Inside));
    }

    #[test]
    fn a_conjunction_keeps_an_agency_name_whole() {
        let e = breaks("某某市某某区发展和改革局", Edge::Inside);
        for cut in ["某某市某某区发展", "某某市某某区发展和"] {
            assert!(e.contains(&cut.to_string()), "{e:?}");
        }
        let phrase = breaks("某某市某某区发展和改革局", Edge::Phrase);
        assert!(phrase.contains(&"某某市某某区".to_string()), "{phrase:?}");
    }
}
