//! word/theme/theme1.xml. Word expects a theme part and validators flag its
//! absence; our styles name fonts directly, so the theme is a fixed minimal
//! one whose font scheme repeats the body and heading fonts.

pub(crate) const THEME: &str = include_str!("theme1.xml");
