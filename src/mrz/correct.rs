//! Putting OCR's misreadings of a zone right with the zone's own structure:
//! first each position's character class, then the check digits.

use serde::Serialize;

use super::check_digit;
use super::layout::{CheckName, Class, Layout, Span};

/// One character OCR misread, as it was put right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// 1-based line and column in the zone.
    pub line: usize,
    pub column: usize,
    pub read: char,
    pub corrected: char,
}

/// OCR's usual letter/digit confusions on OCR-B, as (letter, digit). A digit
/// maps back to the first letter listed for it.
const CONFUSIONS: &[(u8, u8)] = &[
    (b'O', b'0'),
    (b'D', b'0'),
    (b'Q', b'0'),
    (b'I', b'1'),
    (b'L', b'1'),
    (b'Z', b'2'),
    (b'S', b'5'),
    (b'G', b'6'),
    (b'B', b'8'),
];

/// At most this many characters of one field are changed to make its check
/// digit hold: each change tried is another chance of a false pass.
const MAX_CHANGES_PER_FIELD: usize = 2;

/// A zone's lines being corrected, with what was changed.
pub struct Zone {
    pub lines: Vec<Vec<u8>>,
    pub corrections: Vec<Correction>,
}

impl Zone {
    pub fn new(lines: Vec<Vec<u8>>) -> Zone {
        Zone {
            lines,
            corrections: Vec::new(),
        }
    }

    pub fn text(&self, span: Span) -> &str {
        std::str::from_utf8(&self.lines[span.line][span.start..span.end]).unwrap_or("")
    }

    /// Whether the named check holds; `None` when the layout has no such check.
    pub fn check(&self, layout: &Layout, name: CheckName) -> Option<bool> {
        let check = layout.checks.iter().find(|check| check.name == name)?;
        let field: String = check.covers.iter().map(|&span| self.text(span)).collect();
        let expected = match self.lines[check.digit.line][check.digit.start] {
            b'<' => Some(0),
            digit => char::from(digit).to_digit(10),
        };
        Some(expected.is_some() && check_digit(&field) == expected)
    }

    fn set(&mut self, line: usize, column: usize, corrected: u8) {
        let read = self.lines[line][column];
        self.lines[line][column] = corrected;
        self.corrections.push(Correction {
            line: line + 1,
            column: column + 1,
            read: char::from(read),
            corrected: char::from(corrected),
        });
    }

    /// A letter where only digits may stand is a misread digit, and the
    /// reverse: no check digit is needed to see that.
    pub fn coerce_classes(&mut self, layout: &Layout) {
        for line in 0..self.lines.len() {
            for column in 0..self.lines[line].len() {
                let c = self.lines[line][column];
                let corrected = match layout.class_at(line, column) {
                    Class::Digits => as_digit(c),
                    Class::Letters => as_letter(c),
                    Class::Alnum => None,
                };
                if let Some(corrected) = corrected {
                    self.set(line, column, corrected);
                }
            }
        }
    }

    /// Where a number that mixes letters and digits fails its check, tries
    /// the confusions position by position, one change and then two, and
    /// keeps a change only when it is the one way to make the check hold.
    /// The composite check weighs a number's characters as its own check
    /// does, so it cannot tell two such repairs apart; a unique one is all
    /// the evidence there is, and an ambiguous field stays as read.
    pub fn fix_mixed_fields(&mut self, layout: &Layout) {
        for check in layout.checks {
            if check.name == CheckName::Composite
                || !check.covers.iter().all(|&span| is_mixed(layout, span))
                || self.check(layout, check.name) != Some(false)
            {
                continue;
            }
            if let Some(changes) = self.unique_repair(layout, check.name, check.covers[0]) {
                for (column, c) in changes {
                    self.set(check.covers[0].line, column, c);
                }
            }
        }
    }

    /// The only set of up to [`MAX_CHANGES_PER_FIELD`] swaps (fewest first)
    /// under which the check holds.
    fn unique_repair(
        &self,
        layout: &Layout,
        name: CheckName,
        span: Span,
    ) -> Option<Vec<(usize, u8)>> {
        let line = &self.lines[span.line];
        let swaps: Vec<(usize, u8)> = (span.start..span.end)
            .flat_map(|column| {
                alternatives(line[column])
                    .filter(move |&c| neighbour_shares_class(line, span, column, c))
                    .map(move |c| (column, c))
            })
            .collect();
        let holds = |changes: &[(usize, u8)]| {
            let mut trial = Zone::new(self.lines.clone());
            for &(column, c) in changes {
                trial.lines[span.line][column] = c;
            }
            trial.check(layout, name) == Some(true)
        };
        let mut sets: Vec<Vec<(usize, u8)>> = swaps.iter().map(|&swap| vec![swap]).collect();
        for _ in 0..MAX_CHANGES_PER_FIELD {
            let passing: Vec<&Vec<(usize, u8)>> = sets.iter().filter(|set| holds(set)).collect();
            match passing.as_slice() {
                [only] => return Some(only.to_vec()),
                [] => {}
                _ => return None,
            }
            sets = sets
                .iter()
                .flat_map(|set| {
                    let last = set[set.len() - 1].0;
                    swaps
                        .iter()
                        .filter(move |&&(column, _)| column > last)
                        .map(move |&swap| [set.as_slice(), &[swap]].concat())
                })
                .collect();
        }
        None
    }
}

/// Numbers run in blocks of letters and blocks of digits (`L898902C3`,
/// `ZE184226B`): a swap is only tried inside a block, where both neighbours
/// are of the kind it makes the character (the `O` in `89O2`). Looser rules
/// let a digit misread as another digit be "repaired" by swapping some other
/// character until the check happened to hold: 22 of the 117 misreadings in
/// the test below.
fn neighbour_shares_class(line: &[u8], span: Span, column: usize, c: u8) -> bool {
    if column == span.start || column + 1 >= span.end {
        return false;
    }
    let kind = |b: u8| (b != b'<').then_some(b.is_ascii_digit());
    let wanted = Some(c.is_ascii_digit());
    kind(line[column - 1]) == wanted && kind(line[column + 1]) == wanted
}

fn is_mixed(layout: &Layout, span: Span) -> bool {
    (span.start..span.end).any(|column| layout.class_at(span.line, column) == Class::Alnum)
}

fn as_digit(c: u8) -> Option<u8> {
    CONFUSIONS
        .iter()
        .find(|&&(letter, _)| letter == c)
        .map(|&(_, digit)| digit)
}

/// The letter a digit is the usual misreading of (`0` for `O`, `8` for
/// `B`), if any.
pub(crate) fn as_letter(c: u8) -> Option<u8> {
    CONFUSIONS
        .iter()
        .find(|&&(_, digit)| digit == c)
        .map(|&(letter, _)| letter)
}

/// What else a character of a mixed field may have been.
fn alternatives(c: u8) -> impl Iterator<Item = u8> {
    CONFUSIONS.iter().filter_map(move |&(letter, digit)| {
        if letter == c {
            Some(digit)
        } else if digit == c {
            Some(letter)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mrz::layout::{LAYOUTS, MrzFormat};

    fn layout(format: MrzFormat) -> &'static Layout {
        LAYOUTS.iter().find(|l| l.format == format).unwrap()
    }

    fn zone(lines: &[&str]) -> Zone {
        Zone::new(lines.iter().map(|l| l.as_bytes().to_vec()).collect())
    }

    impl Zone {
        fn all_checks_hold(&self, layout: &Layout) -> bool {
            layout
                .checks
                .iter()
                .all(|check| self.check(layout, check.name) == Some(true))
        }
    }

    fn text(zone: &Zone) -> Vec<String> {
        zone.lines
            .iter()
            .map(|l| String::from_utf8(l.clone()).unwrap())
            .collect()
    }

    #[test]
    fn every_digit_confusion_is_undone_in_digit_fields() {
        // The birth date's first digit read as each confusable letter in turn.
        for (letter, digit) in CONFUSIONS {
            let mut line = *b"L898902C36UTO7408122F1204159ZE184226B<<<<<10";
            line[13] = *letter;
            let mut z = zone(&["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", ""]);
            z.lines[1] = line.to_vec();
            z.coerce_classes(layout(MrzFormat::TD3));
            assert_eq!(z.lines[1][13], *digit, "{}", char::from(*letter));
        }
    }

    #[test]
    fn digits_in_letter_fields_become_letters() {
        let mut z = zone(&[
            "P<UT0ER1KSS0N<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<",
            "L898902C36UT07408122F1204159ZE184226B<<<<<10",
        ]);
        z.coerce_classes(layout(MrzFormat::TD3));
        assert_eq!(
            text(&z),
            [
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
            ]
        );
        assert_eq!(z.corrections.len(), 5);
        assert_eq!(
            z.corrections[0],
            Correction {
                line: 1,
                column: 5,
                read: '0',
                corrected: 'O'
            }
        );
    }

    #[test]
    fn check_digits_pick_the_letter_or_digit_in_a_document_number() {
        // L898902C3 with its 0 read as O: the class alone cannot tell.
        let mut z = zone(&[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10",
        ]);
        let td3 = layout(MrzFormat::TD3);
        assert_eq!(z.check(td3, CheckName::DocumentNumber), Some(false));
        z.fix_mixed_fields(td3);
        assert_eq!(&z.lines[1][..10], b"L898902C36");
        assert!(z.all_checks_hold(td3));
    }

    #[test]
    fn a_swap_must_fall_inside_a_block() {
        // ZE184226B with its B read as 8: the end of a block is not tried,
        // so the number stays as read and fails its check.
        let mut z = zone(&[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE1842268<<<<<10",
        ]);
        let td3 = layout(MrzFormat::TD3);
        z.fix_mixed_fields(td3);
        assert!(z.corrections.is_empty());
        assert_eq!(z.check(td3, CheckName::PersonalNumber), Some(false));
    }

    #[test]
    fn misread_digits_are_never_repaired_into_a_false_pass() {
        // Every digit of the number and personal number misread as every
        // other digit (no confusion explains these): count the readings the
        // repair turns valid, all of them wrong.
        let td3 = layout(MrzFormat::TD3);
        let good = *b"L898902C36UTO7408122F1204159ZE184226B<<<<<10";
        let (mut tried, mut false_passes) = (0, 0);
        for column in (0..9).chain(28..37) {
            for digit in b'0'..=b'9' {
                if !good[column].is_ascii_digit() || good[column] == digit {
                    continue;
                }
                let mut line = good;
                line[column] = digit;
                let mut z = zone(&["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", ""]);
                z.lines[1] = line.to_vec();
                z.fix_mixed_fields(td3);
                tried += 1;
                false_passes += usize::from(z.all_checks_hold(td3));
            }
        }
        assert_eq!(false_passes, 0, "{false_passes} of {tried}");
    }

    #[test]
    fn no_change_unless_the_whole_zone_validates() {
        // 8 read as 3 in the number: no confusion explains it.
        let mut z = zone(&[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L398902C36UTO7408122F1204159ZE184226B<<<<<10",
        ]);
        let td3 = layout(MrzFormat::TD3);
        z.fix_mixed_fields(td3);
        assert!(z.corrections.is_empty());
        assert!(!z.all_checks_hold(td3));
    }
}
