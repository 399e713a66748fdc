//! Reads a zone's crop with the cell classifier: the crop's lines cut into
//! cells for each format whose shape they could have, each cell named by
//! the model within what its position may hold, names decoded so that a
//! filler stays a filler.

use std::collections::HashMap;

use super::GrayImage;
use super::cells::{self, Line};
use super::model::{Model, SYMBOLS};
use crate::mrz::{self, Class, LAYOUTS, Layout, Zone};

/// One format's reading of the crop and how sure the model was of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub lines: Vec<String>,
    /// The mean probability of its cells' chosen symbols.
    pub mean: f32,
    /// Every cell of the number, the dates, the optional data and the
    /// check digits was read sure, or is the one unsure cell of its field
    /// that its check digit settled. Check digits cannot tell `1` from `L`
    /// or `6` from `G` in a document number (their values are equal modulo
    /// 10): only a sure reading makes such a zone's facts trustworthy.
    pub facts_sure: bool,
    /// Every check digit of its format holds.
    pub checks_hold: bool,
}

impl Reading {
    /// Good enough to take without asking Tesseract.
    pub fn taken(&self) -> bool {
        self.checks_hold && self.facts_sure
    }
}

/// Every reading the crop's lines allow, one a format and run of lines:
/// those whose checks hold with their facts read sure first, then those
/// whose checks hold, then the surest.
pub fn read(crop: &GrayImage, model: &Model) -> Vec<Reading> {
    let mut found = cells::lines(crop);
    // A zone ends its crop; a band that took in a page of text above it
    // must not cost a reading of every line.
    found.drain(..found.len().saturating_sub(MAX_LINES));
    let mut classified: HashMap<(Line, usize), Vec<[f32; 37]>> = HashMap::new();
    let mut readings = Vec::new();
    for layout in LAYOUTS {
        // The lowest run of lines first: a zone ends its page.
        for start in (0..=found.len().saturating_sub(layout.lines)).rev() {
            let Some(window) = found.get(start..start + layout.lines) else {
                continue;
            };
            if !similar(window) {
                continue;
            }
            let aligned = aligned(window);
            for &line in &aligned {
                classified.entry((line, layout.width)).or_insert_with(|| {
                    cells::cells(crop, line, layout.width)
                        .iter()
                        .map(|cell| model.probabilities(cell))
                        .collect()
                });
            }
            let grid: Vec<&Vec<[f32; 37]>> = aligned
                .iter()
                .filter_map(|&line| classified.get(&(line, layout.width)))
                .collect();
            readings.push(decode(layout, &grid));
        }
    }
    // Taken readings first (checks hold, facts sure), then valid ones,
    // then the surest.
    readings.sort_by(|a, b| {
        (b.taken(), b.checks_hold)
            .cmp(&(a.taken(), a.checks_hold))
            .then(b.mean.total_cmp(&a.mean))
    });
    readings.dedup_by(|a, b| a.lines == b.lines);
    readings
}

/// The lowest lines of a crop read: a zone's three and as many again.
const MAX_LINES: usize = 6;

/// A zone's lines all hold as many characters and start at one margin, so
/// each spans from the leftmost start to the rightmost end of them all: a
/// line whose end glare washed out or whose fillers faded is cut with its
/// neighbours' span.
fn aligned(window: &[Line]) -> Vec<Line> {
    let left = window.iter().map(|line| line.left).min().unwrap_or(0);
    let right = window.iter().map(|line| line.right).max().unwrap_or(0);
    window
        .iter()
        .map(|&line| Line {
            left,
            right,
            ..line
        })
        .collect()
}

/// Lines of one zone stand alike: heights within a half of each other,
/// widths within a factor of 1.5 (glare or a faded end can shorten a
/// line as found; [`aligned`] gives it its neighbours' span).
fn similar(lines: &[Line]) -> bool {
    let (Some(first), rest) = (lines.first(), lines.get(1..).unwrap_or_default()) else {
        return false;
    };
    let height = |l: &Line| (l.bottom - l.top) as f32;
    let width = |l: &Line| (l.right - l.left) as f32;
    rest.iter().all(|line| {
        (height(line) / height(first) - 1.0).abs() < 0.5
            && (width(line) / width(first)).ln().abs() < 0.4
    })
}

/// The likeliest text for each line within the format's classes, with the
/// names field decoded as names.
fn decode(layout: &Layout, grid: &[&Vec<[f32; 37]>]) -> Reading {
    let mut chosen: Vec<Vec<(u8, f32)>> = grid
        .iter()
        .enumerate()
        .map(|(line, cells)| {
            cells
                .iter()
                .enumerate()
                .map(|(column, p)| best(p, layout.class_at(line, column)))
                .collect()
        })
        .collect();
    let names = layout.names;
    let decoded = names_field(&grid[names.line][names.start..names.end]);
    chosen[names.line][names.start..names.end].copy_from_slice(&decoded);
    let repaired = repair_checks(layout, grid, &mut chosen);
    let facts = [
        Some(layout.number),
        Some(layout.birth),
        Some(layout.expiry),
        Some(layout.optional),
        layout.optional_second,
    ]
    .into_iter()
    .flatten()
    .chain(layout.checks.iter().map(|check| check.digit));
    let facts_sure = facts
        .flat_map(|span| (span.start..span.end).map(move |column| (span.line, column)))
        .all(|(line, column)| chosen[line][column].1 >= SURE || repaired.contains(&(line, column)));
    let probabilities: Vec<f32> = chosen.iter().flatten().map(|&(_, p)| p).collect();
    let lines: Vec<String> = chosen
        .iter()
        .map(|line| line.iter().map(|&(c, _)| char::from(c)).collect())
        .collect();
    Reading {
        checks_hold: mrz::any_valid(std::slice::from_ref(&lines)),
        lines,
        mean: probabilities.iter().sum::<f32>() / probabilities.len().max(1) as f32,
        facts_sure,
    }
}

/// Where a check digit fails and exactly one of the cells it covers (the
/// digit included) is one the model was unsure of, that cell's next
/// likeliest symbol of its class, if it makes the check hold and breaks no
/// other. A check repaired through any of several unsure cells would hold
/// by chance one time in ten each: with two or more the field is left to
/// fail.
fn repair_checks(
    layout: &Layout,
    grid: &[&Vec<[f32; 37]>],
    chosen: &mut [Vec<(u8, f32)>],
) -> Vec<(usize, usize)> {
    let mut repaired = Vec::new();
    let zone = |chosen: &[Vec<(u8, f32)>]| {
        Zone::new(
            chosen
                .iter()
                .map(|line| line.iter().map(|&(c, _)| c).collect())
                .collect(),
        )
    };
    let holding = |chosen: &[Vec<(u8, f32)>]| {
        let zone = zone(chosen);
        layout
            .checks
            .iter()
            .filter(|check| zone.check(layout, check.name) == Some(true))
            .count()
    };
    for check in layout.checks {
        if zone(chosen).check(layout, check.name) != Some(false) {
            continue;
        }
        let unsure: Vec<(usize, usize)> = check
            .covers
            .iter()
            .chain([&check.digit])
            .flat_map(|span| (span.start..span.end).map(move |column| (span.line, column)))
            .filter(|&(line, column)| chosen[line][column].1 < SURE)
            .collect();
        let [(line, column)] = unsure[..] else {
            continue;
        };
        let Some(alternative) = runner_up(
            &grid[line][column],
            layout.class_at(line, column),
            chosen[line][column].0,
        ) else {
            continue;
        };
        let mut trial = chosen.to_vec();
        trial[line][column] = alternative;
        if zone(&trial).check(layout, check.name) == Some(true) && holding(&trial) > holding(chosen)
        {
            chosen[line][column] = alternative;
            repaired.push((line, column));
        }
    }
    repaired
}

/// A cell read with at least this probability is taken as read by the
/// check-digit repair.
const SURE: f32 = 0.9;

/// The likeliest symbol `keep` allows, with its probability.
fn likeliest(p: &[f32; 37], keep: impl Fn(u8) -> bool) -> Option<(u8, f32)> {
    SYMBOLS
        .iter()
        .zip(p)
        .filter(|&(&symbol, _)| keep(symbol))
        .map(|(&symbol, &p)| (symbol, p))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The likeliest symbol of `class` other than `current`.
fn runner_up(p: &[f32; 37], class: Class, current: u8) -> Option<(u8, f32)> {
    likeliest(p, |symbol| symbol != current && fits(symbol, class))
}

fn fits(symbol: u8, class: Class) -> bool {
    match class {
        Class::Digits => symbol == b'<' || symbol.is_ascii_digit(),
        Class::Letters => symbol == b'<' || symbol.is_ascii_uppercase(),
        Class::Alnum => true,
    }
}

/// The likeliest symbol a position of `class` may hold. A filler may stand
/// anywhere (an empty field is fillers).
fn best(p: &[f32; 37], class: Class) -> (u8, f32) {
    likeliest(p, |symbol| fits(symbol, class)).unwrap_or((b'<', 0.0))
}

/// The likeliest letter proper.
fn best_letter(p: &[f32; 37]) -> (u8, f32) {
    likeliest(p, |symbol| symbol.is_ascii_uppercase()).unwrap_or((b'A', 0.0))
}

/// Where a names field's decoding stands after a cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NameState {
    Surname,
    /// One filler after a part of the surname.
    SurnameGap,
    /// The `<<` between surname and given names.
    Separator,
    GivenName,
    /// One filler after a given name.
    GivenGap,
    /// The fillers that pad the field to its end.
    Padding,
}

impl NameState {
    const ALL: [NameState; 6] = [
        NameState::Surname,
        NameState::SurnameGap,
        NameState::Separator,
        NameState::GivenName,
        NameState::GivenGap,
        NameState::Padding,
    ];

    /// The state after a letter (`true`) or a filler, if the names allow it.
    fn next(self, letter: bool) -> Option<NameState> {
        use NameState::*;
        match (self, letter) {
            (Surname | SurnameGap, true) => Some(Surname),
            (Surname, false) => Some(SurnameGap),
            (SurnameGap, false) => Some(Separator),
            (Separator | GivenName | GivenGap, true) => Some(GivenName),
            (GivenName, false) => Some(GivenGap),
            (Separator | GivenGap | Padding, false) => Some(Padding),
            (Padding, true) => None,
        }
    }
}

/// Decodes a names field as names are written: parts of the surname one
/// filler apart, `<<`, given names one filler apart, then fillers to the
/// end; the likeliest such text (Viterbi over the cells' letter and filler
/// probabilities). A filler read a little more like a K inside the padding
/// is still a filler.
fn names_field(cells: &[[f32; 37]]) -> Vec<(u8, f32)> {
    let options: Vec<[(u8, f32); 2]> = cells
        .iter()
        .map(|p| [best_letter(p), (b'<', p[0])])
        .collect();
    let log = |p: f32| p.max(1e-6).ln();
    let states = NameState::ALL.len();
    let index = |s: NameState| NameState::ALL.iter().position(|&t| t == s).unwrap_or(0);
    let mut score = vec![f32::NEG_INFINITY; states];
    let mut back: Vec<Vec<(usize, usize)>> = Vec::with_capacity(options.len());
    // The field starts with a letter of the surname.
    score[index(NameState::Surname)] = options.first().map_or(0.0, |o| log(o[0].1));
    back.push(vec![(0, 0); states]);
    for option in options.iter().skip(1) {
        let mut next = vec![f32::NEG_INFINITY; states];
        let mut from = vec![(0, 0); states];
        for state in NameState::ALL {
            let here = score[index(state)];
            if here == f32::NEG_INFINITY {
                continue;
            }
            for (choice, &(_, p)) in option.iter().enumerate() {
                if let Some(to) = state.next(choice == 0) {
                    let total = here + log(p);
                    if total > next[index(to)] {
                        next[index(to)] = total;
                        from[index(to)] = (index(state), choice);
                    }
                }
            }
        }
        score = next;
        back.push(from);
    }
    let Some((mut state, _)) = score.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)) else {
        return Vec::new();
    };
    let mut decoded = vec![(b'<', 0.0); options.len()];
    for position in (1..options.len()).rev() {
        let (previous, choice) = back[position][state];
        decoded[position] = options[position][choice];
        state = previous;
    }
    if let Some(first) = options.first() {
        decoded[0] = first[0];
    }
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell the model is sure of.
    fn sure(symbol: u8) -> [f32; 37] {
        let mut p = [0.001; 37];
        p[SYMBOLS.iter().position(|&s| s == symbol).unwrap()] = 0.964;
        p
    }

    /// A cell torn between a filler and a letter, leaning to the letter.
    fn torn(letter: u8) -> [f32; 37] {
        let mut p = [0.0; 37];
        p[0] = 0.45;
        p[SYMBOLS.iter().position(|&s| s == letter).unwrap()] = 0.55;
        p
    }

    fn text(decoded: &[(u8, f32)]) -> String {
        decoded.iter().map(|&(c, _)| char::from(c)).collect()
    }

    #[test]
    fn fillers_in_the_padding_stay_fillers() {
        // SMITH<<ANNA<<<<<<: past the `<<` that ends the names, fillers
        // that lean to K and X stay fillers, which a cell-by-cell reading
        // would not keep.
        let mut cells: Vec<[f32; 37]> = b"SMITH<<ANNA<<".iter().map(|&c| sure(c)).collect();
        cells.extend([torn(b'K'), sure(b'<'), torn(b'X'), sure(b'<')]);
        assert_eq!(text(&names_field(&cells)), "SMITH<<ANNA<<<<<<");
    }

    #[test]
    fn names_keep_their_own_k_and_single_fillers() {
        let mut cells: Vec<[f32; 37]> = b"KOK<<ANNA<MARIA<<".iter().map(|&c| sure(c)).collect();
        cells.extend([torn(b'K'), sure(b'<')]);
        assert_eq!(text(&names_field(&cells)), "KOK<<ANNA<MARIA<<<<");
    }
}
