//! Where each field of each ICAO 9303 zone lies, and what it may hold: the
//! formats as data, so parsing and correction share one description.

use serde::Serialize;

/// The layout of a machine-readable zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum MrzFormat {
    /// ID cards: three lines of 30.
    TD1,
    /// Official travel documents: two lines of 36.
    TD2,
    /// Passports: two lines of 44.
    TD3,
    /// Visas of passport size: two lines of 44, no composite check.
    #[serde(rename = "MRV-A")]
    MrvA,
    /// Smaller visas: two lines of 36, no composite check.
    #[serde(rename = "MRV-B")]
    MrvB,
}

/// The characters a position may hold: OCR confusions are corrected towards it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Digits,
    Letters,
    /// Document and personal numbers mix both: only check digits can tell.
    Alnum,
}

/// Characters `start..end` of line `line`.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

const fn span(line: usize, start: usize, end: usize) -> Span {
    Span { line, start, end }
}

impl Span {
    /// Its cells, as (line, column), left to right.
    pub fn cells(self) -> impl Iterator<Item = (usize, usize)> {
        (self.start..self.end).map(move |column| (self.line, column))
    }
}

/// The checks a zone can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckName {
    DocumentNumber,
    BirthDate,
    ExpiryDate,
    PersonalNumber,
    Composite,
}

/// A check digit: the spans it covers, in order, and where it stands.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub name: CheckName,
    pub covers: &'static [Span],
    pub digit: Span,
}

/// One format: its shape, its fields and its checks.
#[derive(Debug)]
pub struct Layout {
    pub format: MrzFormat,
    pub lines: usize,
    pub width: usize,
    /// Letters the zone may start with (the document type's first).
    pub first_letters: &'static [u8],
    pub document_type: Span,
    pub issuing_state: Span,
    pub names: Span,
    pub number: Span,
    pub nationality: Span,
    pub birth: Span,
    pub sex: Span,
    pub expiry: Span,
    /// The personal number or the first optional data field.
    pub optional: Span,
    /// TD1's second optional data field.
    pub optional_second: Option<Span>,
    pub checks: &'static [Check],
}

impl Layout {
    /// What position `column` of line `line` may hold.
    pub fn class_at(&self, line: usize, column: usize) -> Class {
        let within = |s: &Span| s.line == line && (s.start..s.end).contains(&column);
        let is_check_digit = self.checks.iter().any(|check| within(&check.digit));
        if is_check_digit || within(&self.birth) || within(&self.expiry) {
            Class::Digits
        } else if within(&self.number)
            || within(&self.optional)
            || self.optional_second.as_ref().is_some_and(within)
        {
            Class::Alnum
        } else {
            Class::Letters
        }
    }
}

const TD3_CHECKS: &[Check] = &[
    Check {
        name: CheckName::DocumentNumber,
        covers: &[span(1, 0, 9)],
        digit: span(1, 9, 10),
    },
    Check {
        name: CheckName::BirthDate,
        covers: &[span(1, 13, 19)],
        digit: span(1, 19, 20),
    },
    Check {
        name: CheckName::ExpiryDate,
        covers: &[span(1, 21, 27)],
        digit: span(1, 27, 28),
    },
    Check {
        name: CheckName::PersonalNumber,
        covers: &[span(1, 28, 42)],
        digit: span(1, 42, 43),
    },
    Check {
        name: CheckName::Composite,
        covers: &[span(1, 0, 10), span(1, 13, 20), span(1, 21, 43)],
        digit: span(1, 43, 44),
    },
];

const TD2_CHECKS: &[Check] = &[
    TD3_CHECKS[0],
    TD3_CHECKS[1],
    TD3_CHECKS[2],
    Check {
        name: CheckName::Composite,
        covers: &[span(1, 0, 10), span(1, 13, 20), span(1, 21, 35)],
        digit: span(1, 35, 36),
    },
];

/// Visas carry the three field checks only.
const MRV_CHECKS: &[Check] = &[TD3_CHECKS[0], TD3_CHECKS[1], TD3_CHECKS[2]];

const TD1_CHECKS: &[Check] = &[
    Check {
        name: CheckName::DocumentNumber,
        covers: &[span(0, 5, 14)],
        digit: span(0, 14, 15),
    },
    Check {
        name: CheckName::BirthDate,
        covers: &[span(1, 0, 6)],
        digit: span(1, 6, 7),
    },
    Check {
        name: CheckName::ExpiryDate,
        covers: &[span(1, 8, 14)],
        digit: span(1, 14, 15),
    },
    Check {
        name: CheckName::Composite,
        covers: &[
            span(0, 5, 30),
            span(1, 0, 7),
            span(1, 8, 15),
            span(1, 18, 29),
        ],
        digit: span(1, 29, 30),
    },
];

/// The two-line formats share every position up to the expiry check.
const fn two_line(
    format: MrzFormat,
    width: usize,
    first_letters: &'static [u8],
    optional_end: usize,
    checks: &'static [Check],
) -> Layout {
    Layout {
        format,
        lines: 2,
        width,
        first_letters,
        document_type: span(0, 0, 2),
        issuing_state: span(0, 2, 5),
        names: span(0, 5, width),
        number: span(1, 0, 9),
        nationality: span(1, 10, 13),
        birth: span(1, 13, 19),
        sex: span(1, 20, 21),
        expiry: span(1, 21, 27),
        optional: span(1, 28, optional_end),
        optional_second: None,
        checks,
    }
}

/// Every format, most specific first.
pub static LAYOUTS: &[Layout] = &[
    two_line(MrzFormat::TD3, 44, b"P", 42, TD3_CHECKS),
    two_line(MrzFormat::MrvA, 44, b"V", 44, MRV_CHECKS),
    two_line(MrzFormat::TD2, 36, b"IAC", 35, TD2_CHECKS),
    two_line(MrzFormat::MrvB, 36, b"V", 36, MRV_CHECKS),
    Layout {
        format: MrzFormat::TD1,
        lines: 3,
        width: 30,
        first_letters: b"IAC",
        document_type: span(0, 0, 2),
        issuing_state: span(0, 2, 5),
        names: span(2, 0, 30),
        number: span(0, 5, 14),
        nationality: span(1, 15, 18),
        birth: span(1, 0, 6),
        sex: span(1, 7, 8),
        expiry: span(1, 8, 14),
        optional: span(0, 15, 30),
        optional_second: Some(span(1, 18, 29)),
        checks: TD1_CHECKS,
    },
];
