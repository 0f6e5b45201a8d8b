//! Millimetres and the number syntax of OFD attributes.
//!
//! OFD measures every length in millimetres (GB/T 33190 §7.3: ST_Pos,
//! ST_Box, a font's `Size`), our layout in points; [`gbt9704::mm`] is the
//! one conversion. Every number is written in ten-thousandths of a
//! millimetre at most, trailing zeros trimmed, so the text is deterministic
//! and short.

use std::fmt::Write as _;

use crate::gbt9704;

/// Ten-thousandths of a millimetre per millimetre: the precision written.
///
/// One value is then off by at most 0.00005 mm. A `DeltaX` list is rounded
/// per advance (so equal advances stay equal and compress to `g N v`) and
/// accumulates at most 0.00005 mm a glyph: measured on the seed, 0.0011 mm
/// over 2,812 glyphs. Three decimals would accumulate up to 0.0122 mm over
/// a 28-character line, past the 0.01 mm the writer promises.
const SCALE: f64 = 10_000.0;

/// Points, as layout stores them, in millimetres.
pub(super) fn mm(points: f32) -> f64 {
    f64::from(gbt9704::mm(points))
}

/// `value` rounded to the precision written, so a position computed
/// against it is exact in the file.
pub(super) fn round(value: f64) -> f64 {
    (value * SCALE).round() / SCALE
}

/// Appends `value` as OFD text: at most four decimals, no trailing zeros,
/// never `-0`. Formats whole ten-thousandths as integers, which is exact
/// and several times cheaper than float formatting.
pub(super) fn push_num(out: &mut String, value: f64) {
    // `as` saturates and maps NaN to 0; layout never gives either.
    let scaled = (value * SCALE).round() as i64;
    if scaled < 0 {
        out.push('-');
    }
    let abs = scaled.unsigned_abs();
    let (whole, fraction) = (abs / 10_000, abs % 10_000);
    let _ = write!(out, "{whole}");
    if fraction != 0 {
        let mut digits = format!("{fraction:04}");
        while digits.ends_with('0') {
            digits.pop();
        }
        out.push('.');
        out.push_str(&digits);
    }
}

/// `value` as OFD text (see [`push_num`]).
pub(super) fn num(value: f64) -> String {
    let mut s = String::with_capacity(10);
    push_num(&mut s, value);
    s
}

/// `x y w h`, the ST_Box syntax of `Boundary` and `PhysicalBox`.
pub(super) fn boxed(x: f64, y: f64, width: f64, height: f64) -> String {
    let mut s = String::with_capacity(40);
    for (i, v) in [x, y, width, height].into_iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        push_num(&mut s, v);
    }
    s
}

/// A `DeltaX` list: the advance after each character but the last.
///
/// Three or more equal values (equal as written) use the standard's
/// `g N v` form (§11.3 table 46: N repetitions of v), which turns a grid
/// line of 28 characters into `g 27 5.5714`; shorter repeats are listed.
/// Both readers we test with read either form the same.
pub(super) fn delta_x(advances_mm: impl Iterator<Item = f64>) -> String {
    let values: Vec<String> = advances_mm.map(num).collect();
    let mut out = String::with_capacity(values.len() * 4);
    let mut i = 0;
    while i < values.len() {
        let same = values[i..].iter().take_while(|v| **v == values[i]).count();
        if !out.is_empty() {
            out.push(' ');
        }
        if same >= 3 {
            let _ = write!(out, "g {same} {}", values[i]);
        } else {
            out.push_str(&values[i..i + same].join(" "));
        }
        i += same;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_trimmed_and_never_negative_zero() {
        assert_eq!(num(5.0), "5");
        assert_eq!(num(5.57143), "5.5714");
        assert_eq!(num(0.00005001), "0.0001");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(-1.25), "-1.25");
        assert_eq!(num(210.0), "210");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(12.0405), "12.0405");
    }

    #[test]
    fn points_become_millimetres() {
        assert_eq!(num(mm(16.0)), "5.6444");
        assert_eq!(num(mm(22.0)), "7.7611");
        assert_eq!(num(mm(595.28)), "210.0016");
        assert_eq!(num(mm(841.89)), "297.0001");
    }

    #[test]
    fn equal_advances_compress() {
        let dx = |v: &[f64]| delta_x(v.iter().copied());
        assert_eq!(dx(&[5.5714; 27]), "g 27 5.5714");
        assert_eq!(dx(&[1.0, 2.0, 2.0]), "1 2 2");
        assert_eq!(dx(&[1.0, 2.0, 2.0, 2.0, 3.0]), "1 g 3 2 3");
        assert_eq!(dx(&[1.0, 1.00001, 1.0]), "g 3 1");
        assert_eq!(dx(&[]), "");
    }

    #[test]
    fn a_rounded_value_formats_as_itself() {
        for v in [0.12345, 37.00005, 123.45678, 209.99995] {
            let r = round(v);
            assert_eq!(num(r), num(v));
            assert!((r - v).abs() <= 0.00005 + 1e-12);
        }
    }
}
