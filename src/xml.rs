//! A thin layer over quick-xml's writer for the fixed set of parts the
//! package writers (DOCX, OFD) emit.
//!
//! Every part is written into a `Vec<u8>`, so I/O cannot fail in practice;
//! the first error is still kept and reported by [`Xml::finish`] rather than
//! unwrapped, so nothing here can panic.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

pub(crate) struct Xml {
    writer: Writer<Vec<u8>>,
    error: Option<std::io::Error>,
}

impl Xml {
    /// Starts a part with the standalone declaration Word itself writes.
    pub(crate) fn new() -> Self {
        Xml::with_declaration(Some("yes"))
    }

    /// Starts a part with `<?xml version="1.0" encoding="UTF-8"?>`, plus
    /// `standalone` when given.
    pub(crate) fn with_declaration(standalone: Option<&str>) -> Self {
        let mut xml = Xml {
            writer: Writer::new(Vec::with_capacity(4096)),
            error: None,
        };
        xml.event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            standalone,
        )));
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        if self.error.is_none() {
            if let Err(e) = self.writer.write_event(event) {
                self.error = Some(e);
            }
        }
    }

    /// `<name attrs…>`; attribute values are escaped by quick-xml.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        let start = BytesStart::new(name).with_attributes(attrs.iter().copied());
        self.event(Event::Start(start));
        self
    }

    pub(crate) fn close(&mut self, name: &str) -> &mut Self {
        self.event(Event::End(BytesEnd::new(name)));
        self
    }

    /// `<name attrs…/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        let start = BytesStart::new(name).with_attributes(attrs.iter().copied());
        self.event(Event::Empty(start));
        self
    }

    /// Escaped character data (`< > & " '` all become references).
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        self.event(Event::Text(BytesText::new(text)));
        self
    }

    /// `<name attrs…>text</name>`.
    pub(crate) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(name, attrs).text(text).close(name)
    }

    /// `<w:name w:val="…"/>`, the shape of most WordprocessingML properties.
    pub(crate) fn val(&mut self, name: &str, val: &str) -> &mut Self {
        self.empty(name, &[("w:val", val)])
    }

    pub(crate) fn finish(self) -> std::io::Result<Vec<u8>> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.writer.into_inner()),
        }
    }
}
