//! What a file is, by its first bytes rather than its name: portals serve
//! Word "web pages" named `.doc`, and clerks rename files. The extension is
//! only a hint, for text that could be either TOML or JSON.

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip: a DOCX, or some other package.
    Zip,
    /// An OLE compound file: binary .doc/.wps, or an encrypted DOCX.
    Ole {
        /// An encrypted OOXML package rather than an old binary document.
        encrypted: bool,
    },
    /// Rich Text Format, which Word also opens as a "document".
    Rtf,
    /// A web page.
    Html,
    /// A PDF: what gongwen writes, not what it reads.
    Pdf,
    /// Anything else: a text report (TOML or JSON) or a stranger.
    Other,
}

/// How many leading bytes [`sniff`] looks at.
pub const HEAD_BYTES: usize = 4096;

/// What `bytes` (a file's start, or all of it) are.
pub fn sniff(bytes: &[u8]) -> Kind {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if bytes.starts_with(&OLE) {
        // An encrypted OOXML file is an OLE container whose directory names
        // its streams in UTF-16: "EncryptionInfo", "EncryptedPackage".
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let encrypted = bytes.windows(name.len()).any(|w| w == name.as_slice());
        return Kind::Ole { encrypted };
    }
    if bytes.starts_with(b"{\\rtf") {
        return Kind::Rtf;
    }
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let lower: Vec<u8> = head
        .iter()
        .filter(|b| **b != 0)
        .map(u8::to_ascii_lowercase)
        .collect();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&lower[..0], |i| &lower[i..]);
    // Markup at the very start (after a BOM), or one of the tags a page
    // opens with anywhere in its head: a TOML report quoting "<p>" in a
    // string does not start with "<".
    let start = start.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(start);
    let opens_page = [&b"<html"[..], b"<!doctype html", b"<head", b"<meta"]
        .iter()
        .any(|tag| lower.windows(tag.len()).any(|w| w == *tag));
    if start.starts_with(b"<") || opens_page {
        return Kind::Html;
    }
    if head.starts_with(b"%PDF-") {
        return Kind::Pdf;
    }
    Kind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_content() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(sniff(b"{\\rtf1\\ansi"), Kind::Rtf);
        assert_eq!(sniff(b"\r\n<!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(sniff(b"<table><tr><td>1</td></tr></table>"), Kind::Html);
        assert_eq!(sniff(b"[report]\nagency = \"<p>\""), Kind::Other);
        assert_eq!(sniff(b"{\"report\": {}}"), Kind::Other);
        assert_eq!(sniff(b"%PDF-1.7"), Kind::Pdf);
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(vec![0; 100]);
        assert_eq!(sniff(&ole), Kind::Ole { encrypted: false });
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&ole), Kind::Ole { encrypted: true });
    }
}
