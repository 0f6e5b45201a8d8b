//! Small helpers over quick-xml's namespace-aware reader.
//!
//! Elements are recognised by namespace, not by prefix: Word writes `w:`,
//! but nothing requires it, and strict OOXML uses another namespace URI
//! for the same elements. DrawingML text (`a:t` in charts and SmartArt) is
//! in another namespace and so is never mistaken for document text.

use quick_xml::events::{BytesRef, BytesStart};
use quick_xml::name::{Namespace, ResolveResult};

pub type XmlError = quick_xml::Error;

const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The WordprocessingML namespace (transitional or strict).
pub fn is_w(ns: &ResolveResult) -> bool {
    matches!(ns, ResolveResult::Bound(Namespace(uri)) if *uri == W_TRANSITIONAL || *uri == W_STRICT)
}

/// Markup compatibility (`mc:AlternateContent`).
pub fn is_mc(ns: &ResolveResult) -> bool {
    matches!(ns, ResolveResult::Bound(Namespace(uri)) if *uri == MC)
}

/// An attribute by local name, whatever its prefix (`w:val`, `val`).
pub fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| a.value.to_string())
            .map(|v| unescape_attr(&v))
    })
}

/// Attribute values keep their entity references raw; the few that appear
/// in style names and list texts are resolved here.
fn unescape_attr(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    quick_xml::escape::unescape(v).map_or_else(|_| v.to_string(), |c| c.into_owned())
}

/// The text of `&amp;` or `&#x4E00;` inside character data.
pub fn reference_text(r: &BytesRef) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name = r.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
}

/// `w:val` of an on/off property: absent, `1`, `true` and `on` mean on.
pub fn on_off(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}
