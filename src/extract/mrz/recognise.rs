//! Reads a zone's crop with the cell classifier: each of the crop's lines
//! cut into cells and classified once, each format taking the run of a
//! line's cells that best fits its positions, each cell named within what
//! its position may hold, names decoded so that a filler stays a filler,
//! and the zone taken only when the other readings its checks would pass
//! are unlikely.

use super::GrayImage;
use super::cells::{self, Grid, Line};
use super::model::{Model, SYMBOLS};
use crate::mrz::{self, Check, CheckName, Class, LAYOUTS, Layout, Span, Zone};

/// One format's reading of the crop and how sure the model was of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub lines: Vec<String>,
    /// The mean probability of its cells' chosen symbols.
    pub mean: f32,
    /// The issuing state and nationality are known codes read sure, the
    /// document type's letter is surely the format's, and the other
    /// readings of the number, the dates and the check digits that the
    /// checks would pass too have odds under 1 in 100 (the optional data's
    /// only where its check failed as read and was made to hold; a visa's,
    /// which no check covers, is written as the model reads it).
    pub facts_sure: bool,
    /// Every check digit of the format holds on the cells as read.
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
    let found = cells::lines(crop, cells::INK);
    let mut readings = read_lines(crop, model, found.clone());
    // Faint print under uneven light can fall short of the ink threshold
    // in a whole line: where nothing was taken, the lines are looked for
    // again at a lighter one (and read again only if they differ).
    if !readings.iter().any(Reading::taken) {
        let faint = cells::lines(crop, cells::FAINT_INK);
        if faint != found {
            readings.extend(read_lines(crop, model, faint));
        }
    }
    // Glare lays white over part of the print and leaves its strokes too
    // little contrast for either threshold; the crop evened by its local
    // spread still shows them. On `xtask tune-mrz 777` (1,000 zones) this
    // third look took 553 zones against 539, none wrong.
    if !readings.iter().any(Reading::taken) {
        let evened = cells::evened(crop);
        let found = cells::lines(&evened, cells::INK);
        readings.extend(read_lines(&evened, model, found));
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

/// The readings of `found`'s lines, one a format and run of lines.
fn read_lines(crop: &GrayImage, model: &Model, mut found: Vec<Line>) -> Vec<Reading> {
    // A zone ends its crop; a band that took in a page of text above it
    // must not cost a reading of every line.
    found.drain(..found.len().saturating_sub(MAX_LINES));
    let widths = LAYOUTS.iter().map(|layout| layout.width);
    let counts = widths.clone().min().unwrap_or(30)..=widths.max().unwrap_or(44);
    let grids = cells::grids(crop, &found, counts);
    // Each line classified once, whichever formats try it.
    let mut classified: Vec<Option<Classified>> = vec![None; found.len()];
    let mut readings = Vec::new();
    for layout in LAYOUTS {
        // The lowest run of lines first: a zone ends its page.
        for start in (0..=found.len().saturating_sub(layout.lines)).rev() {
            let Some(window) = found.get(start..start + layout.lines) else {
                continue;
            };
            if !similar(window, &grids[start..start + layout.lines]) {
                continue;
            }
            for (index, &line) in (start..).zip(window) {
                classified[index].get_or_insert_with(|| {
                    let grid = grids[index];
                    let cells = cells::cells(crop, line, grid);
                    Classified {
                        grid,
                        cells: model.probabilities(&cells),
                    }
                });
            }
            let lines: Option<Vec<&Classified>> = classified[start..start + layout.lines]
                .iter()
                .map(Option::as_ref)
                .collect();
            if let Some(grid) = lines.and_then(|lines| placed(layout, &lines)) {
                readings.push(decode(layout, &grid));
            }
        }
    }
    readings
}

/// A line cut into cells and each cell's probabilities.
#[derive(Clone)]
struct Classified {
    grid: Grid,
    cells: Vec<[f32; 37]>,
}

/// The lowest lines of a crop read: a zone's three and as many again.
const MAX_LINES: usize = 6;

/// Which run of each line's cells is that line of `layout`, if the lines
/// can be its: each line's span holds no more characters than the format's
/// lines (and a little tint), and one line at least holds nearly as many
/// (a visa of 36 characters a line is not one of 44 whose ends glare
/// washed out). Every other line's run starts within half a pitch of the
/// first line's, as a zone's lines do, the likeliest such (a line of
/// names alone has nothing else to hold it in place); the first line's
/// start is the one whose runs together the model finds likeliest to hold
/// what their positions may (a document type, a name's letters, digits in
/// dates). A first line of names hardly tells where it starts, faint or
/// in a font kept out of training, but the line of numbers under it
/// does (weighing the first line alone, zones of the tuning draws were
/// read a character or two off, or not at all). The cells run past each
/// line's span, so a span that took in a tint or lost an end to glare is
/// put right here.
fn placed<'a>(layout: &Layout, lines: &[&'a Classified]) -> Option<Vec<&'a [[f32; 37]]>> {
    let fits = lines.iter().all(|line| line.grid.fits(layout.width))
        && lines.iter().any(|line| line.grid.fills(layout.width));
    if !fits {
        return None;
    }
    let likelihood = |row: usize, run: &[[f32; 37]]| -> f32 {
        (0..)
            .zip(run)
            .map(|(column, p)| best_at(layout, row, column, p).1.max(1e-6).ln())
            .sum()
    };
    let likeliest = |row: usize, cells: &[[f32; 37]], keep: &dyn Fn(usize) -> bool| {
        (0..=cells.len().checked_sub(layout.width)?)
            .filter(|&offset| keep(offset))
            .max_by(|&a, &b| {
                let run = |offset: usize| &cells[offset..offset + layout.width];
                likelihood(row, run(a)).total_cmp(&likelihood(row, run(b)))
            })
    };
    // Each start of the first line is weighed with the other lines' cells
    // that start with it: a line of names alone hardly tells where it
    // starts, but the line of numbers under it does (its dates and check
    // digits are digits).
    let runs_from = |first: usize, aligned_only: bool| -> Option<(f32, Vec<usize>)> {
        let first_line = lines.first()?;
        let margin = first_line.grid.start_of(first);
        let mut offsets = vec![first];
        for (row, line) in lines.iter().enumerate().skip(1) {
            let Classified { grid, cells } = line;
            let aligned =
                |offset: usize| (grid.start_of(offset) - margin).abs() <= grid.pitch() / 2.0;
            let offset = match aligned_only {
                true => likeliest(row, cells, &aligned)?,
                false => likeliest(row, cells, &|_| true)?,
            };
            offsets.push(offset);
        }
        let score = (0..)
            .zip(lines)
            .zip(&offsets)
            .map(|((row, line), &offset)| {
                likelihood(row, &line.cells[offset..offset + layout.width])
            })
            .sum();
        Some((score, offsets))
    };
    // Lines that no start of the first line lines up with (a line found
    // askew) are each placed where they read likeliest.
    let first_line = lines.first()?;
    let starts = 0..=first_line.cells.len().checked_sub(layout.width)?;
    let likeliest_runs = |aligned_only: bool| {
        starts
            .clone()
            .filter_map(|first| runs_from(first, aligned_only))
            .max_by(|a, b| a.0.total_cmp(&b.0))
    };
    let (_, offsets) = likeliest_runs(true).or_else(|| likeliest_runs(false))?;
    // A zone whose document type letter the model hardly sees is another
    // format's (a visa's checks hold on a passport's second line).
    if document_type(layout, &first_line.cells[offsets[0]]) < 0.5 {
        return None;
    }
    let placed = lines
        .iter()
        .zip(offsets)
        .map(|(line, offset)| &line.cells[offset..offset + layout.width])
        .collect();
    Some(placed)
}

/// Lines of one zone stand alike: heights within a half of each other,
/// and pitches within 3% (their widths need not agree: glare or a faded
/// end can shorten a line as found, and [`placed`] finds its cells past
/// the span).
fn similar(lines: &[Line], grids: &[Grid]) -> bool {
    let (Some(first), Some(pitch)) = (lines.first(), grids.first().map(Grid::pitch)) else {
        return false;
    };
    let height = |l: &Line| (l.bottom - l.top) as f32;
    lines.iter().zip(grids).all(|(line, grid)| {
        (height(line) / height(first) - 1.0).abs() < 0.5 && (grid.pitch() / pitch).ln().abs() < 0.03
    })
}

/// The likeliest text for each line within the format's classes, with the
/// names field decoded as names.
fn decode(layout: &Layout, grid: &[&[[f32; 37]]]) -> Reading {
    let mut chosen: Vec<Vec<(u8, f32)>> = grid
        .iter()
        .enumerate()
        .map(|(line, cells)| {
            cells
                .iter()
                .enumerate()
                .map(|(column, p)| best_at(layout, line, column, p))
                .collect()
        })
        .collect();
    let names = layout.names;
    let decoded = names_field(&grid[names.line][names.start..names.end]);
    chosen[names.line][names.start..names.end].copy_from_slice(&decoded);
    // A state is written as the likeliest known code only when that is
    // sure: a zone of a state missing from the list keeps what it shows.
    // No check covers the sex either, but no rule reads it: it is always
    // one of what it may be.
    let national = national_document(layout, &chosen);
    let mut code = |span: Span, codes: &[&'static str], favoured: Option<&str>, always: bool| {
        let cells = &grid[span.line][span.start..span.end];
        let (code, sure) = likeliest_code(cells, codes, favoured);
        if sure || always {
            let slots = chosen[span.line][span.start..span.end].iter_mut();
            for ((slot, p), symbol) in slots.zip(cells).zip(code.bytes()) {
                *slot = (symbol, probability(p, symbol));
            }
        }
        (code, sure)
    };
    let (issuer, issuer_sure) = code(layout.issuing_state, mrz::known_states(), None, false);
    let issuers_own = (national && issuer_sure).then_some(issuer);
    let (_, nationality_sure) = code(layout.nationality, mrz::known_states(), issuers_own, false);
    code(layout.sex, &SEXES, None, true);
    // Each field's check first: the composite's cells are theirs but for
    // TD1's optional data.
    let (fields, composite): (Vec<&Check>, Vec<&Check>) = layout
        .checks
        .iter()
        .partition(|check| check.name != CheckName::Composite);
    let rewritten: Vec<CheckName> = fields
        .into_iter()
        .chain(composite)
        .filter(|check| likeliest_valid(layout, grid, check, &mut chosen))
        .map(|check| check.name)
        .collect();
    // What a cell might be instead is weighed within what its position may
    // hold: a date's `0` that an unseen font made look like an `O` (not
    // sure as a `0`) has no other digit to be.
    let within: Vec<Vec<[f32; 37]>> = (0..)
        .zip(grid)
        .map(|(line, cells)| {
            (0..)
                .zip(*cells)
                .map(|(column, p)| within_position(layout, line, column, p))
                .collect()
        })
        .collect();
    let within: Vec<&[[f32; 37]]> = within.iter().map(Vec::as_slice).collect();
    let facts_sure = document_type(layout, &grid[0][0]) >= SURE
        && issuer_sure
        && nationality_sure
        && !(rewritten.contains(&CheckName::Composite)
            && composite_has_no_cells_of_its_own(layout))
        && settled(
            layout,
            &within,
            &chosen,
            &confusions(layout, grid),
            &rewritten,
        );
    let probabilities: Vec<f32> = chosen.iter().flatten().map(|&(_, p)| p).collect();
    let lines: Vec<String> = chosen
        .iter()
        .map(|line| line.iter().map(|&(c, _)| char::from(c)).collect())
        .collect();
    // The format's own checks on the cells as read: the parser's repairs
    // (letters made digits, a mixed number's confusions tried) are for
    // Tesseract's text, and a zone they made valid would not be the zone
    // whose cells `settled` judged.
    let own = zone(&chosen);
    let checks_hold = layout
        .checks
        .iter()
        .all(|check| own.check(layout, check.name) == Some(true))
        && mrz::any_valid(std::slice::from_ref(&lines));
    Reading {
        checks_hold,
        lines,
        mean: probabilities.iter().sum::<f32>() / probabilities.len().max(1) as f32,
        facts_sure,
    }
}

/// Whether every cell the composite check covers has a field's own check
/// as well (a passport's: its personal number has one). Such a composite
/// failing as read, made to hold by rewriting its digit, leaves the zone
/// unsure: its digit was misread, or two cells of a field were, cancelling
/// in the field's check but not under the composite's weights (a date's
/// two digits, whose weights differ there), which a rewritten digit would
/// take with the date wrong. On `tune-mrz` 777, 888, 999 and 1111 refusing
/// such zones took 2,373 of 4,000 rather than 2,378, the 5 all read right;
/// refusing every zone whose composite was made to hold took 2,357, the
/// optional data of cards then weighed as it is (see [`settled`]).
fn composite_has_no_cells_of_its_own(layout: &Layout) -> bool {
    let fields = || {
        layout
            .checks
            .iter()
            .filter(|check| check.name != CheckName::Composite)
    };
    let composite = layout
        .checks
        .iter()
        .filter(|check| check.name == CheckName::Composite);
    composite
        .flat_map(|check| check.covers.iter().flat_map(|span| span.cells()))
        .all(|cell| fields().any(|check| cells_of(check).any(|c| c == cell)))
}

/// How surely a zone's first cell is one of `layout`'s document type
/// letters rather than another format's or a filler: their share of the
/// probability of every letter a zone may start with and the filler, or
/// none where the model sees them less than [`PLAUSIBLE_CODE`] as well as
/// the cell's likeliest symbol. An `I` at 8 pixels a character in a font
/// kept out of training is given a quarter, against a third each for `Z`
/// and `1`, which start no zone: it is still surely not a visa's `V`, and
/// a passport's `P<` read from its filler (a visa's checks hold on its
/// second line) is surely not a document type.
fn document_type(layout: &Layout, p: &[f32; 37]) -> f32 {
    let starts =
        |symbol: &u8| *symbol == b'<' || LAYOUTS.iter().any(|l| l.first_letters.contains(symbol));
    let ours: f32 = layout
        .first_letters
        .iter()
        .map(|&s| probability(p, s))
        .sum();
    let any: f32 = SYMBOLS
        .iter()
        .filter(|s| starts(s))
        .map(|&s| probability(p, s))
        .sum();
    let (_, surest) = likeliest(p, |_| true).unwrap_or_default();
    if any <= 0.0 || ours < PLAUSIBLE_CODE * surest {
        0.0
    } else {
        ours / any
    }
}

/// What a zone's sex may be: `F`, `M`, `<` (unspecified, as ICAO writes
/// it) or the `X` some states print in its place.
const SEXES: [&str; 4] = ["<", "F", "M", "X"];

/// Whether the zone is a passport's (type `P`) or an identity card's (`I<`,
/// `ID`), whose holder is the issuing state's national, unlike a visa's or
/// a residence permit's (`IR`, `AR`).
fn national_document(layout: &Layout, chosen: &[Vec<(u8, f32)>]) -> bool {
    let visa = matches!(layout.format, mrz::MrzFormat::MrvA | mrz::MrzFormat::MrvB);
    let kind = (chosen[0][0].0, chosen[0][1].0);
    !visa && matches!(kind, (b'P', _) | (b'I', b'<' | b'D'))
}

/// How much likelier a national document's nationality is its issuer's
/// than any one other code, before its cells are seen: as if a fifth of
/// such documents were held by another state's nationals (a stateless
/// person's or a refugee's travel document), spread over the 276 known
/// codes (0.8 against 0.2 / 275: about a thousand). Another nationality
/// must then show a thousand times more clearly to be read sure; the
/// issuer's own is read sure only as any code is, on its cells alone, so
/// that an issuer misread does not carry the nationality with it. Of the
/// 2,000 tuning zones (`xtask tune-mrz` 777 and 888, the one network
/// shipped before), half of them drawn with a nationality not their
/// issuer's, it took none fewer, and no longer took the one whose
/// nationality it read wrong (an identity card of Albania read `GIB` for
/// `ALB`, surely).
const OWN_STATE: f32 = 1000.0;

/// Whether a code's holders are its nationals: not an organisation's (the
/// EU's, the UN's and its agencies', the `X` codes of stateless persons,
/// refugees and others), whose laissez-passer is a passport too.
fn has_nationals(code: &str) -> bool {
    !code.starts_with('X') && !matches!(code, "EUE" | "UNO" | "UNA")
}

/// The code of `codes` likeliest in `cells`, and whether it is sure: it
/// holds [`SURE`] of the probability of all of them, and at
/// least [`PLAUSIBLE_CODE`] of the likeliest symbols' (digits read as the
/// letters they look like, see [`as_code`]; a faded `<<` would
/// otherwise make Germany's `D<<` sure whatever its first cell holds). No
/// check digit covers a state: a misread nationality (`UZ8`, or the
/// thumbnail's `<AZ` for `KAZ`) is caught only by the list of known
/// states. The `favoured` code's odds are taken [`OWN_STATE`] times
/// where another code's share is judged, never where its own is: a prior
/// may make a code unsure, never sure.
fn likeliest_code<'a>(
    cells: &[[f32; 37]],
    codes: &[&'a str],
    favoured: Option<&str>,
) -> (&'a str, bool) {
    let cells: Vec<[f32; 37]> = cells.iter().map(as_code).collect();
    let prior = |code: &str| match favoured {
        Some(own) if own == code && has_nationals(own) => OWN_STATE,
        _ => 1.0,
    };
    let likelihood = |code: &str| -> f32 {
        code.bytes()
            .zip(&cells)
            .map(|(symbol, p)| probability(p, symbol))
            .product()
    };
    // Each code's odds on its cells, and with the prior.
    let (mut total, mut weighted) = (0.0, 0.0);
    let mut best = ("", 0.0, 0.0);
    for &code in codes {
        let odds = likelihood(code);
        let with_prior = odds * prior(code);
        total += odds;
        weighted += with_prior;
        if with_prior > best.2 {
            best = (code, odds, with_prior);
        }
    }
    let surest: f32 = cells
        .iter()
        .map(|p| likeliest(p, |_| true).map_or(0.0, |(_, q)| q))
        .product();
    let (code, odds, with_prior) = best;
    let sure = total > 0.0
        && odds >= SURE * total
        && with_prior >= SURE * weighted
        && odds >= PLAUSIBLE_CODE * surest;
    (code, sure)
}

/// A cell's probabilities with each digit's moved to the letter it is the
/// usual misreading of (`0` to `O`, `8` to `B`): no code holds a digit, so
/// a font that draws `O` like `0` (the model gave `LSO`'s `O` 3%, its `0`
/// 97%, at 20 pixels a character) still reads `LSO`, while a digit that
/// looks like no letter (a `7`) still counts against every code.
fn as_code(p: &[f32; 37]) -> [f32; 37] {
    let mut folded = *p;
    for (index, &symbol) in SYMBOLS.iter().enumerate() {
        let Some(to) =
            mrz::as_letter(symbol).and_then(|letter| SYMBOLS.iter().position(|&s| s == letter))
        else {
            continue;
        };
        folded[to] += folded[index];
        folded[index] = 0.0;
    }
    folded
}

/// How much less likely than the likeliest symbols a code may be and still
/// be read.
const PLAUSIBLE_CODE: f32 = 0.05;

/// The zone of the symbols chosen.
fn zone(chosen: &[Vec<(u8, f32)>]) -> Zone {
    Zone::new(
        chosen
            .iter()
            .map(|line| line.iter().map(|&(c, _)| c).collect())
            .collect(),
    )
}

/// The cells of a check: those it covers and its digit.
fn cells_of(check: &Check) -> impl Iterator<Item = (usize, usize)> + '_ {
    check
        .covers
        .iter()
        .chain([&check.digit])
        .flat_map(|span| span.cells())
}

/// Whether the zone's checked facts (number, dates, their check digits
/// and the composite's) can be trusted as read, given that its checks
/// hold: the other readings the model finds plausible that make them hold
/// too have odds under [`DOUBTFUL`] against it.
///
/// Each fact cell has the symbols it might be instead (see
/// [`alternatives`]; `within` holds each cell's probabilities within its
/// position's class, `chosen` each symbol read and its probability). A
/// check digit catches one misread symbol of its field unless the two have
/// equal values modulo 10 (the weights 7, 3 and 1 are prime to 10: `1` for
/// `L`, `6` for `G`, a filler for `K`), but two misreads can cancel: so the
/// cells whose narrowest check is one check are taken together (see
/// [`ambiguous`]).
///
/// The optional data (a personal number) is weighed only where its check
/// failed as read and was made to hold (see [`likeliest_valid`]): no rule
/// reads it (the report shows it as the personal number, and `--redact`
/// masks it where it is printed), every fact a composite check covers
/// besides has a check of its own, and a check that held as read vouches
/// for it but for a twin or two misreads that cancel. Weighed where no
/// check covers it (a visa's), it refused 91 of the 204 held-out zones
/// read right but not taken. Weighed under a check that held as read, a TD1 card's `0`s
/// there were doubted as `O`s because its name's `O` was read a sure `0`
/// (see [`confusions`]), and the card refused though every fact was read
/// right. On 4,000 tuning zones (the narrower networks shipped before)
/// this took 2,315 rather than 2,233, none more of them wrong; not
/// weighing it even where its check was made to hold took 2,353, but with
/// the optional data of passports and cards wrong in 13 of those of 2,000
/// zones rather than 5.
fn settled(
    layout: &Layout,
    within: &[&[[f32; 37]]],
    chosen: &[Vec<(u8, f32)>],
    confusions: &[(u8, u8)],
    rewritten: &[CheckName],
) -> bool {
    let facts = fact_cells(layout, chosen);
    let narrowest = |cell: (usize, usize)| {
        layout
            .checks
            .iter()
            .filter(|check| cells_of(check).any(|c| c == cell))
            .min_by_key(|check| cells_of(check).count())
            .map(|check| check.name)
    };
    // A number's cell may also be what this zone's print makes the model
    // name as it.
    let doubted = |(line, column): (usize, usize), may_be_filler: bool, made_to_hold: bool| {
        let class = layout.class_at(line, column);
        let read = chosen[line][column];
        let p = &within[line][column];
        let mut others = alternatives(p, class, read, may_be_filler, made_to_hold);
        if class == Class::Alnum {
            let mistaken = confusions
                .iter()
                .filter(|&&(named, meant)| named == read.0 && (may_be_filler || meant != b'<'));
            for &(_, meant) in mistaken {
                match others.iter_mut().find(|(symbol, _)| *symbol == meant) {
                    Some((_, q)) => *q = q.max(CONFUSED),
                    None => others.push((meant, probability(p, meant).max(CONFUSED))),
                }
            }
        }
        let read_within = probability(p, read.0).max(f32::EPSILON);
        others
            .into_iter()
            .map(|(symbol, q)| (symbol, q / read_within))
            .collect::<Vec<_>>()
    };
    let mut doubts = Vec::new();
    for (cell, may_be_filler) in facts {
        let (read, _) = chosen[cell.0][cell.1];
        let Some(check) = narrowest(cell) else {
            continue;
        };
        // The optional data: a personal number under its own check, or
        // what the composite alone covers (its own digit aside, whose
        // narrowest check is the composite too).
        let composite_digit = || {
            let composite = layout.checks.iter().find(|c| c.name == check);
            composite.is_some_and(|c| c.digit.cells().any(|d| d == cell))
        };
        let optional = match check {
            CheckName::PersonalNumber => true,
            CheckName::Composite => !composite_digit(),
            _ => false,
        };
        let made_to_hold = rewritten.contains(&check);
        if optional && !made_to_hold {
            continue;
        }
        if read == b'<' && !may_be_filler {
            return false;
        }
        let others = doubted(cell, may_be_filler, made_to_hold);
        if !others.is_empty() {
            doubts.push(Doubt {
                check,
                cell,
                others,
            });
        }
    }
    layout.checks.iter().all(|check| {
        let among: Vec<&Doubt> = doubts.iter().filter(|d| d.check == check.name).collect();
        !ambiguous(check, &among, chosen)
    })
}

/// A fact cell that might be read otherwise.
struct Doubt {
    /// The narrowest check covering the cell.
    check: CheckName,
    cell: (usize, usize),
    /// What else it might be, each with its odds against the symbol read.
    others: Vec<(u8, f32)>,
}

/// Each fact cell of the zone, and whether a filler may stand there as
/// read: a number is written from its field's start and padded with
/// fillers, a date holds none, a check digit may be one (over an empty
/// field; it counts as 0).
fn fact_cells(layout: &Layout, chosen: &[Vec<(u8, f32)>]) -> Vec<((usize, usize), bool)> {
    let padded = |span: Span, column: usize| {
        chosen[span.line][column + 1..span.end]
            .iter()
            .all(|&(c, _)| c == b'<')
    };
    let mut cells = Vec::new();
    for span in [
        Some(layout.number),
        Some(layout.optional),
        layout.optional_second,
    ]
    .into_iter()
    .flatten()
    {
        cells.extend(span.cells().map(|cell| (cell, padded(span, cell.1))));
    }
    for span in [layout.birth, layout.expiry] {
        cells.extend(span.cells().map(|cell| (cell, false)));
    }
    for check in layout.checks {
        cells.extend(check.digit.cells().map(|cell| (cell, true)));
    }
    cells
}

/// What a cell read `read` (with its probability) might be instead,
/// within its class (a filler only where one may stand): a symbol its
/// check cannot tell from it holding [`UNTOLD`] of its probability or
/// more, and any symbol holding [`PLAUSIBLE`] where the cell was not read
/// sure or stands in a number, where letters and digits may both stand (a
/// sure `7` for a `1` and a sure `O` for a `0` cancelled out in one
/// number's check, in a font kept out of training). Where the check failed
/// as read and was made to hold (see [`likeliest_valid`]), any symbol
/// holding [`CANDIDATE`]: a cell rewritten to a symbol the model found
/// unlikely leaves the truth among readings no likelier than the one
/// chosen, however sure the rest (on `tune-mrz 888` a number's `2` was
/// rewritten `Z`, its `I` read a sure `1`, and the zone taken wrong).
fn alternatives(
    p: &[f32; 37],
    class: Class,
    (read, sure): (u8, f32),
    may_be_filler: bool,
    made_to_hold: bool,
) -> Vec<(u8, f32)> {
    SYMBOLS
        .iter()
        .zip(p)
        .filter(|&(&symbol, &q)| {
            symbol != read
                && (may_be_filler || symbol != b'<')
                && fits(symbol, class)
                && (q >= UNTOLD && residue(symbol) == residue(read)
                    || made_to_hold && q >= CANDIDATE
                    || (sure < SURE || class == Class::Alnum) && q >= PLAUSIBLE)
        })
        .map(|(&symbol, &q)| (symbol, q))
        .collect()
}

/// The probability a cell holds `symbol`; none for a byte that is not
/// one of the zone's symbols.
fn probability(p: &[f32; 37], symbol: u8) -> f32 {
    SYMBOLS
        .iter()
        .position(|&s| s == symbol)
        .map_or(0.0, |index| p[index])
}

/// A check's cells with their weights: 7, 3, 1 over what it covers, and
/// its digit 9 (-1 modulo 10: the sum must equal it).
fn weighted(check: &Check) -> impl Iterator<Item = ((usize, usize), u32)> + '_ {
    check
        .covers
        .iter()
        .flat_map(|span| span.cells())
        .zip([7, 3, 1].into_iter().cycle())
        .chain(check.digit.cells().map(|cell| (cell, 9)))
}

/// A symbol's value in a check digit's sum, modulo 10.
fn residue(symbol: u8) -> u32 {
    mrz::symbol_value(char::from(symbol)).unwrap_or(0) % 10
}

/// Whether other choices of the cells' alternatives than the reading
/// (one at least changed) make the check hold as the reading does, with
/// odds together above [`DOUBTFUL`]: the chance, as the model puts it,
/// that the check holds on a misreading rather than the reading. A choice's
/// odds are the product of its changed cells' odds. Each alternative
/// changes the check's weighted sum (or, at the check digit, what it must
/// equal: a weight of 9, which is -1 modulo 10) by a residue modulo 10,
/// so the odds are summed a residue at a time. A twin of the symbol read
/// (equal value modulo 10) in a field makes the check hold whatever its
/// odds; at the check digit itself (a filler for `0`) it changes nothing
/// and is not counted.
fn ambiguous(check: &Check, doubts: &[&Doubt], chosen: &[Vec<(u8, f32)>]) -> bool {
    // odds[sum][changed]
    let mut odds = [[0.0f32; 2]; 10];
    odds[0][0] = 1.0;
    for (cell, weight) in weighted(check) {
        let Some(Doubt { others, .. }) = doubts.iter().find(|doubt| doubt.cell == cell) else {
            continue;
        };
        let read = residue(chosen[cell.0][cell.1].0);
        let mut shifts = Vec::new();
        for &(other, q) in others {
            match (weight * (10 + residue(other) - read) % 10) as usize {
                0 if weight == 9 => {}
                0 => return true,
                shift => shifts.push((shift, q)),
            }
        }
        let mut next = odds;
        for (sum, row) in odds.iter().enumerate() {
            let before = row[0] + row[1];
            for &(shift, q) in &shifts {
                next[(sum + shift) % 10][1] += before * q;
            }
        }
        odds = next;
    }
    odds[0][1] > DOUBTFUL
}

/// The odds of a misreading that its check would pass, against the
/// reading, above which the reading is not taken.
const DOUBTFUL: f32 = 0.01;

/// The least probability given to what the zone's print makes the model
/// name as a cell's symbol (see [`confusions`]).
const CONFUSED: f32 = 0.3;

/// The least probability of a twin its check cannot tell from a cell's
/// reading that makes the reading doubtful. A twin is not weighed by its
/// odds as other readings are: the model's odds for twins are not to be
/// trusted, and `xtask tune-mrz` prints how far (cells read sure where a
/// digit stands or was read, in zones of the training fonts in held-out
/// looks, every pitch in turn). For the two wider networks shipped, of the
/// cells whose twin the model gave 0.2–1%, 17 in 673 were misread as it
/// (seeds 777 and 888), and 10 in 1,026 of those given 0.05–0.2%; for
/// the narrower two before them 8 in 844 and 7 in 1,285, and for the one
/// network before those 18 in 807 at 0.05–0.2% (seed 777). At 0.01, where
/// the tuning zones (2,000) took 33 more and none wrong, the evaluation's
/// zones took 2 of 2,000 with their number wrong (a `6` read `G`, its
/// twin; and two `0`s read `O`, which cancelled in the check, in a zone a
/// twin elsewhere had kept from being taken), so it stays where it was set
/// for one network.
const UNTOLD: f32 = 0.002;

/// The least probability of another symbol that makes a cell not read
/// sure doubtful.
const PLAUSIBLE: f32 = 0.01;

/// The least probability, within what its position may hold, of a symbol
/// a cell is rewritten to where its check fails as read.
const CANDIDATE: f32 = 0.001;

/// Where `check` fails on the cells as chosen, its cells rewritten as the
/// likeliest reading (the product of each cell's probability within what
/// its position may hold) that makes it hold, and whether they were: the
/// weighted sum modulo 10 carried cell by cell, the likeliest choice for
/// each residue kept. The composite check rewrites only the cells no
/// field's check covers (TD1's optional data). Only the next likeliest
/// symbol of a check's one unsure cell was tried before, and a field with
/// two misread cells failed: on `tune-mrz` seeds 777, 888, 999 and 1111
/// (4,000 zones, 5 to 20 pixels a character) 2,233 zones are taken
/// against 2,183, and the one taken wrong (seed 1111: two `8`s of a
/// number read as sure `B`s, which cancel) was taken before as well.
fn likeliest_valid(
    layout: &Layout,
    grid: &[&[[f32; 37]]],
    check: &Check,
    chosen: &mut [Vec<(u8, f32)>],
) -> bool {
    if zone(chosen).check(layout, check.name) != Some(false) {
        return false;
    }
    let narrower = |cell: (usize, usize)| {
        layout.checks.iter().any(|other| {
            other.name != check.name
                && cells_of(other).count() < cells_of(check).count()
                && cells_of(other).any(|c| c == cell)
        })
    };
    let (fixed, cells): (Vec<_>, Vec<_>) = weighted(check).partition(|&(cell, _)| narrower(cell));
    let start = fixed
        .iter()
        .map(|&((line, column), weight)| (weight * residue(chosen[line][column].0)) as usize)
        .sum::<usize>()
        % 10;
    // best[residue] = (log probability, symbols so far)
    let mut best: Vec<Option<(f32, Vec<u8>)>> = vec![None; 10];
    best[start] = Some((0.0, Vec::new()));
    for &((line, column), weight) in &cells {
        let p = within_position(layout, line, column, &grid[line][column]);
        let read = chosen[line][column].0;
        let candidates: Vec<(u8, f32)> = SYMBOLS
            .iter()
            .zip(p)
            .filter(|&(&symbol, q)| q >= CANDIDATE || symbol == read)
            .map(|(&symbol, q)| (symbol, q.max(f32::MIN_POSITIVE).ln()))
            .collect();
        let mut next: Vec<Option<(f32, Vec<u8>)>> = vec![None; 10];
        for (sum, entry) in best.iter().enumerate() {
            let Some((score, symbols)) = entry else {
                continue;
            };
            for &(symbol, log_p) in &candidates {
                let to = (sum + (weight * residue(symbol)) as usize) % 10;
                let total = score + log_p;
                if next[to].as_ref().is_none_or(|(s, _)| total > *s) {
                    let mut symbols = symbols.clone();
                    symbols.push(symbol);
                    next[to] = Some((total, symbols));
                }
            }
        }
        best = next;
    }
    let Some((_, symbols)) = best[0].take() else {
        return false;
    };
    for (&((line, column), _), symbol) in cells.iter().zip(symbols) {
        chosen[line][column] = (symbol, probability(&grid[line][column], symbol));
    }
    true
}

/// What the model named surely where it cannot stand, with what stands
/// there (an `O` where a date's `0` stands, a `0` in a name): in this
/// zone's print it mistakes the one for the other, so where either may
/// stand (a number mixing letters and digits) a cell read as the first
/// might be the second. Three `0`s of a number, read as sure `O`s in a font
/// kept out of training, cancelled out in its check.
fn confusions(layout: &Layout, grid: &[&[[f32; 37]]]) -> Vec<(u8, u8)> {
    let mut confusions = Vec::new();
    for (line, cells) in grid.iter().enumerate() {
        for (column, p) in cells.iter().enumerate() {
            if let Some((named, sure)) = likeliest(p, |_| true)
                && sure >= 0.5
                && !fits(named, layout.class_at(line, column))
            {
                let meant = best_at(layout, line, column, p).0;
                if !confusions.contains(&(named, meant)) {
                    confusions.push((named, meant));
                }
            }
        }
    }
    confusions
}

/// A cell's probabilities given that it holds a symbol its position may
/// hold (see [`may_hold`]).
fn within_position(layout: &Layout, line: usize, column: usize, p: &[f32; 37]) -> [f32; 37] {
    let mut within = [0.0; 37];
    for ((out, &p), &symbol) in within.iter_mut().zip(p).zip(SYMBOLS.iter()) {
        if may_hold(layout, line, column, symbol) {
            *out = p;
        }
    }
    let total: f32 = within.iter().sum();
    if total > 0.0 {
        within.iter_mut().for_each(|p| *p /= total);
    }
    within
}

/// A cell read with at least this probability (before it is weighed
/// within its class) is sure: only its twins are its alternatives.
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

fn fits(symbol: u8, class: Class) -> bool {
    match class {
        Class::Digits => symbol == b'<' || symbol.is_ascii_digit(),
        Class::Letters => symbol == b'<' || symbol.is_ascii_uppercase(),
        Class::Alnum => true,
    }
}

/// The likeliest symbol column `column` of line `row` may hold (see
/// [`may_hold`]).
fn best_at(layout: &Layout, row: usize, column: usize, p: &[f32; 37]) -> (u8, f32) {
    likeliest(p, |symbol| may_hold(layout, row, column, symbol)).unwrap_or((b'<', 0.0))
}

/// Whether column `column` of line `row` may hold `symbol`: one of its
/// class (a filler may stand anywhere else: an empty field is fillers),
/// but no filler where a line starts (each starts with a field's first
/// character), at the zone's start the document type's letter, and in a
/// date a month's tens 0 or 1 and a day's 0 to 3. A run of cells placed
/// one to the right, its first character lost to the margin, would
/// otherwise read as well as the right one.
fn may_hold(layout: &Layout, row: usize, column: usize, symbol: u8) -> bool {
    let date_place = [layout.birth, layout.expiry]
        .into_iter()
        .find(|span| span.line == row && (span.start..span.end).contains(&column))
        .map(|span| column - span.start);
    let fits = fits(symbol, layout.class_at(row, column));
    match (row, column, date_place) {
        (0, 0, _) => layout.first_letters.contains(&symbol),
        (_, 0, _) => symbol != b'<' && fits,
        (_, _, Some(2)) => matches!(symbol, b'0' | b'1' | b'<'),
        (_, _, Some(4)) => matches!(symbol, b'0'..=b'3' | b'<'),
        _ => fits,
    }
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

    /// A cell read `read` with probability `p`, the rest on `other`.
    fn split(read: u8, p: f32, other: u8) -> [f32; 37] {
        let mut cell = [0.0; 37];
        cell[SYMBOLS.iter().position(|&s| s == read).unwrap()] = p;
        cell[SYMBOLS.iter().position(|&s| s == other).unwrap()] = 1.0 - p;
        cell
    }

    #[test]
    fn a_state_is_read_past_a_digit_its_cell_looks_like() {
        // A font whose `O` the model reads as `0` (97% to 3%): no state's
        // code holds a digit, so `LSO` is sure.
        let cells = [sure(b'L'), sure(b'S'), split(b'0', 0.97, b'O')];
        assert_eq!(
            likeliest_code(&cells, mrz::known_states(), None),
            ("LSO", true)
        );
        // A first cell with no letter in it does not make `D<<` sure.
        let faded = [sure(b'7'), sure(b'<'), sure(b'<')];
        assert!(!likeliest_code(&faded, mrz::known_states(), None).1);
    }

    #[test]
    fn a_national_documents_other_nationality_must_be_read_surer() {
        let states = mrz::known_states();
        let unclear = [split(b'G', 0.98, b'A'), split(b'I', 0.98, b'L'), sure(b'B')];
        assert_eq!(likeliest_code(&unclear, states, None), ("GIB", true));
        assert!(!likeliest_code(&unclear, states, Some("ALB")).1);
        let clear = [sure(b'G'), sure(b'I'), sure(b'B')];
        assert_eq!(likeliest_code(&clear, states, Some("ALB")), ("GIB", true));
        // The issuer's own code is read sure on its cells alone: a faded
        // first cell does not make Germany's `D<<` sure, nor an unclear
        // `ALB` sure because the issuer read `ALB`.
        let faded = [sure(b'7'), sure(b'<'), sure(b'<')];
        assert!(!likeliest_code(&faded, states, Some("D<<")).1);
        let torn = [split(b'A', 0.6, b'G'), split(b'L', 0.6, b'I'), sure(b'B')];
        assert_eq!(likeliest_code(&torn, states, Some("ALB")), ("ALB", false));
        // An organisation's laissez-passer favours no nationality.
        assert_eq!(likeliest_code(&unclear, states, Some("UNO")), ("GIB", true));
    }

    fn layout(format: mrz::MrzFormat) -> &'static Layout {
        LAYOUTS
            .iter()
            .find(|layout| layout.format == format)
            .unwrap()
    }

    fn td3() -> &'static Layout {
        layout(mrz::MrzFormat::TD3)
    }

    /// A passport's zone for the ICAO specimen holder with `number`, every
    /// check digit computed.
    fn passport(number: &str) -> [String; 2] {
        let digit = |field: &str| mrz::check_digit(field).unwrap().to_string();
        let (birth, expiry, optional) = ("740812", "120415", "<".repeat(14));
        let fields = [number, birth, expiry, &optional].map(|f| format!("{f}{}", digit(f)));
        let composite = digit(&fields.concat());
        let [number, birth, expiry, optional] = fields;
        [
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<".to_string(),
            format!("{number}UTO{birth}F{expiry}{optional}{composite}"),
        ]
    }

    /// Cells the model is sure of, one a character.
    fn read_sure(lines: &[String]) -> Vec<Vec<[f32; 37]>> {
        lines
            .iter()
            .map(|line| line.bytes().map(sure).collect())
            .collect()
    }

    fn decoded(grid: &[Vec<[f32; 37]>]) -> Reading {
        let grid: Vec<&[[f32; 37]]> = grid.iter().map(Vec::as_slice).collect();
        decode(td3(), &grid)
    }

    /// The passport `L898902C3` decoded with the cells at (line, column)
    /// given as misread; the zone and its reading.
    fn misread(cells: &[((usize, usize), [f32; 37])]) -> ([String; 2], Reading) {
        let zone = passport("L898902C3");
        let mut grid = read_sure(&zone);
        for &((line, column), p) in cells {
            grid[line][column] = p;
        }
        (zone, decoded(&grid))
    }

    #[test]
    fn a_zone_read_sure_is_taken() {
        let zone = passport("L898902C3");
        let reading = decoded(&read_sure(&zone));
        assert_eq!(reading.lines, zone);
        assert!(reading.taken());
    }

    #[test]
    fn unsure_digits_are_settled_when_no_other_reading_holds() {
        // The birth date 740812: its 4 (weight 3) and its 8 (weight 7).
        let zone = passport("L898902C3");
        let mut grid = read_sure(&zone);
        // 4 or 1, 8 or 6: no change or pair of changes keeps the check.
        grid[1][14] = split(b'4', 0.6, b'1');
        grid[1][16] = split(b'8', 0.7, b'6');
        assert!(decoded(&grid).taken());
        // 4 or 9, 8 or 3: both changed, the sum moves by 15 - 35 and the
        // check still holds, so the reading is not settled.
        grid[1][14] = split(b'4', 0.6, b'9');
        grid[1][16] = split(b'8', 0.7, b'3');
        let reading = decoded(&grid);
        assert!(reading.checks_hold && !reading.facts_sure, "{reading:?}");
    }

    #[test]
    fn a_failed_check_is_read_as_the_likeliest_reading_that_holds() {
        // The birth date 740812: its 4 (weight 3) read as a 1 at 60% and
        // its 8 (weight 7) as a 6 at 55%; either changed alone moves the
        // sum, both changed back make the check hold.
        let (zone, reading) = misread(&[
            ((1, 14), split(b'1', 0.6, b'4')),
            ((1, 16), split(b'6', 0.55, b'8')),
        ]);
        assert_eq!(reading.lines, zone);
        assert!(reading.checks_hold);
    }

    #[test]
    fn a_passports_composite_failing_alone_refuses_the_zone() {
        // The birth date 740812 read surely as 850812: its check weighs the
        // two changed digits by 7 and 3 (a sum moved by 10, so it holds),
        // the composite by 3 and 1 (moved by 4), so only the composite
        // fails. Its digit made to hold would take the wrong date.
        let zone = passport("L898902C3");
        let mut misread = zone[1].clone();
        misread.replace_range(13..15, "85");
        let covered = [&misread[0..10], &misread[13..20], &misread[21..43]].concat();
        let needed = b'0' + mrz::check_digit(&covered).unwrap() as u8;
        let mut grid = read_sure(&zone);
        grid[1][13] = sure(b'8');
        grid[1][14] = sure(b'5');
        grid[1][43] = split(zone[1].as_bytes()[43], 0.99, needed);
        let reading = decoded(&grid);
        assert!(reading.checks_hold, "{reading:?}");
        assert!(!reading.facts_sure, "{reading:?}");
    }

    #[test]
    fn a_months_tens_are_never_read_as_a_seven() {
        // The birth month's 0, and the expiry day's 1.
        let (zone, reading) = misread(&[
            ((1, 15), split(b'7', 0.7, b'0')),
            ((1, 25), split(b'7', 0.8, b'1')),
        ]);
        assert_eq!(reading.lines, zone);
        assert!(reading.taken(), "{reading:?}");
    }

    #[test]
    fn a_check_made_to_hold_is_doubted_by_every_cell_it_covers() {
        // The number's 9 (weight 3) read as a sure 4, the truth given
        // 0.5%, and its 0 (weight 1) as a 0 at 85%, a 5 at 15%. The check
        // fails as read; a 5 for the 0 makes it hold (-15 + 5), and so
        // does the truth, at odds of 1 in 35 against: not taken.
        let (_, reading) = misread(&[
            ((1, 4), split(b'4', 0.995, b'9')),
            ((1, 5), split(b'0', 0.85, b'5')),
        ]);
        assert_eq!(&reading.lines[1][..9], "L898452C3");
        assert!(reading.checks_hold && !reading.facts_sure, "{reading:?}");
    }

    #[test]
    fn other_readings_a_check_passes_doubt_a_zone_by_their_odds() {
        // L898902C3's 8s (weights 3 and 7) as 3s move its sum by -15 and
        // -35: together they keep the check.
        let zone = passport("L898902C3");
        let mut grid = read_sure(&zone);
        grid[1][1] = split(b'8', 0.97, b'3');
        grid[1][3] = split(b'8', 0.97, b'3');
        // Odds of 1 in 32 each, 1 in 1,000 together: taken.
        assert!(decoded(&grid).taken());
        // 1 in 4 each, 1 in 16 together: not.
        grid[1][1] = split(b'8', 0.8, b'3');
        grid[1][3] = split(b'8', 0.8, b'3');
        let reading = decoded(&grid);
        assert!(reading.checks_hold && !reading.facts_sure, "{reading:?}");
    }

    #[test]
    fn the_document_type_must_be_surely_this_formats_not_surely_read() {
        let zone = passport("L898902C3");
        let mut grid = read_sure(&zone);
        let mut p = [0.0; 37];
        let mut set =
            |symbol: u8, q: f32| p[SYMBOLS.iter().position(|&s| s == symbol).unwrap()] = q;
        // A P the model gives 30%, but Z and 1, which start no zone, the
        // rest: surely a passport's.
        set(b'P', 0.3);
        set(b'Z', 0.35);
        set(b'1', 0.35);
        grid[0][0] = p;
        assert!(decoded(&grid).taken());
        // The same 30%, but 70% a visa's V: not taken.
        grid[0][0] = split(b'V', 0.7, b'P');
        assert!(!decoded(&grid).taken());
        // Nor where the model hardly sees a P at all.
        grid[0][0] = split(b'Z', 0.99, b'P');
        assert!(!decoded(&grid).taken());
    }

    #[test]
    fn states_and_sex_are_read_as_what_they_may_be() {
        let zone = passport("L898902C3");
        let mut grid = read_sure(&zone);
        // The issuing state's U leaning to a filler, the sex F to an E:
        // `<TO` is no state, and E no sex.
        grid[0][2] = split(b'<', 0.6, b'U');
        grid[1][20] = split(b'E', 0.6, b'F');
        let reading = decoded(&grid);
        assert_eq!(reading.lines, zone);
        assert!(reading.taken());
        // An issuing state or a nationality torn between two states (KAZ
        // and KGZ) is not taken: no check covers it.
        for (line, start) in [(0, 2), (1, 10)] {
            let mut zone = zone.clone();
            zone[line].replace_range(start..start + 3, "KAZ");
            let mut grid = read_sure(&zone);
            grid[line][start + 1] = split(b'A', 0.7, b'G');
            let reading = decoded(&grid);
            assert_eq!(reading.lines, zone);
            assert!(reading.checks_hold && !reading.facts_sure, "{reading:?}");
        }
        // Nor is a state whose cells hold no known code well: `Q<<`, of
        // which Germany's `D<<` is the likeliest code by far.
        let mut grid = read_sure(&zone);
        grid[1][10] = sure(b'Q');
        grid[1][11] = sure(b'<');
        grid[1][12] = sure(b'<');
        assert!(!decoded(&grid).facts_sure);
    }

    #[test]
    fn a_number_cell_its_check_cannot_tell_from_a_twin_is_doubtful() {
        // C (12) and M (22) weigh alike modulo 10.
        let zone = passport("L898902C3");
        let mut grid = read_sure(&zone);
        grid[1][7] = split(b'C', 0.999, b'M');
        assert!(decoded(&grid).taken());
        // Sure, and under the 1% that makes any symbol plausible in a
        // number: the twin alone doubts it.
        grid[1][7] = split(b'C', 0.995, b'M');
        assert!(!decoded(&grid).taken());
    }

    #[test]
    fn a_dates_zero_seen_as_an_o_is_a_sure_zero() {
        let zone = passport("L898902C3");
        let mut grid = read_sure(&zone);
        // The expiry date 120415's 0.
        grid[1][23] = split(b'O', 0.9, b'0');
        let reading = decoded(&grid);
        assert_eq!(reading.lines, zone);
        assert!(reading.taken());
    }

    #[test]
    fn a_zones_own_confusions_make_its_numbers_doubtful() {
        // F50105420: its three 0s all read as O would keep the check.
        let zone = passport("F50105420");
        let mut grid = read_sure(&zone);
        assert!(decoded(&grid).taken());
        // The O of ERIKSSON named a 0 where no digit stands: in this print
        // a 0 and an O look alike to the model.
        grid[0][11] = split(b'0', 0.9, b'O');
        let reading = decoded(&grid);
        assert_eq!(reading.lines, zone);
        assert!(!reading.taken());
        // L898902C3's one 0 read as an O would fail its check: the same
        // doubt leaves it taken.
        let zone = passport("L898902C3");
        let mut grid = read_sure(&zone);
        grid[0][11] = split(b'0', 0.9, b'O');
        assert!(decoded(&grid).taken());
    }

    /// A grid of `count` cells of pitch 10 from x = 0.
    fn grid(count: usize) -> Grid {
        Grid::new(0.0, 10.0, count, count as f32)
    }

    #[test]
    fn the_zone_starts_with_its_document_type_not_a_margins_filler() {
        let zone = passport("L898902C3");
        let first: Vec<[f32; 37]> = zone[0].bytes().map(sure).collect();
        let second: Vec<[f32; 37]> = zone[1].bytes().map(sure).collect();
        // A stray cell read as a filler either side of each line: the
        // first line's letters fit one place either way as well, but no
        // zone starts with a filler.
        let margined = |line: &[[f32; 37]]| {
            let mut cells = vec![sure(b'<')];
            cells.extend(line.iter().copied());
            cells.push(sure(b'<'));
            cells
        };
        let lines = [margined(&first), margined(&second)].map(|cells| Classified {
            grid: grid(46),
            cells,
        });
        let placed = placed(td3(), &[&lines[0], &lines[1]]).unwrap();
        assert_eq!(placed, [&first[..], &second[..]]);
    }

    #[test]
    fn the_line_of_numbers_places_a_first_line_that_could_start_either_way() {
        // The first line's cells each lean a little towards the symbol of
        // the cell right of them: alone, that line reads best one place
        // early, where the second line, read sure, cannot stand.
        let td3 = td3();
        let zone = passport("L898902C3");
        let truth = zone[0].as_bytes();
        let mut first: Vec<[f32; 37]> = (0..=truth.len())
            .map(|index| {
                let here = truth.get(index.wrapping_sub(1)).copied().unwrap_or(b'<');
                let next = truth.get(index).copied().unwrap_or(b'<');
                split(next, 0.55, here)
            })
            .collect();
        first[1] = sure(b'P');
        let window = [
            Classified {
                grid: Grid::new(-10.0, 10.0, 45, 44.0),
                cells: first,
            },
            Classified {
                grid: Grid::new(-10.0, 10.0, 45, 44.0),
                cells: format!("<{}", zone[1]).bytes().map(sure).collect(),
            },
        ];
        let placed = placed(td3, &[&window[0], &window[1]]).unwrap();
        assert!(placed[0] == &window[0].cells[1..]);
        assert!(placed[1] == &window[1].cells[1..]);
    }

    #[test]
    fn a_line_of_names_alone_starts_where_the_first_line_does() {
        // A TD1 card's third line is all letters: read one place to the
        // right (its first letter lost, a filler after its last) it fits
        // as well by class, and its cells say nothing against it; it is
        // held at the first line's margin.
        let td1 = layout(mrz::MrzFormat::TD1);
        let lines = [
            "I<UTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ];
        let mut window = lines.map(|line| {
            let mut cells: Vec<[f32; 37]> = line.bytes().map(sure).collect();
            cells.push(sure(b'<'));
            Classified {
                grid: grid(31),
                cells,
            }
        });
        // The names line's own first cell is faint.
        window[2].cells[0] = split(b'E', 0.5, b'F');
        let placed = placed(td1, &[&window[0], &window[1], &window[2]]).unwrap();
        assert_eq!(placed[2], &window[2].cells[..30]);
    }

    #[test]
    fn a_visa_of_36_is_not_read_as_one_of_44() {
        let line: Vec<[f32; 37]> = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
            .bytes()
            .map(sure)
            .collect();
        let mut cells = line.clone();
        cells.extend([sure(b'<'); 10]);
        let line = Classified {
            grid: Grid::new(0.0, 10.0, cells.len(), 36.0),
            cells,
        };
        let mrv_a = layout(mrz::MrzFormat::MrvA);
        assert!(placed(mrv_a, &[&line, &line]).is_none());
    }

    #[test]
    fn a_visas_optional_data_that_no_check_covers_doubts_nothing() {
        let digit = |field: &str| mrz::check_digit(field).unwrap().to_string();
        let zone = [
            "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<".to_string(),
            format!(
                "L898902C3{}UTO740812{}F120415{}AB12CD34",
                digit("L898902C3"),
                digit("740812"),
                digit("120415")
            ),
        ];
        let mut grid = read_sure(&zone);
        // The optional data's `A` as likely a `4`: a toss no check settles.
        grid[1][28] = split(b'A', 0.55, b'4');
        // And a filler amid it, where a number could hold none.
        grid[1][30] = sure(b'<');
        let grid: Vec<&[[f32; 37]]> = grid.iter().map(Vec::as_slice).collect();
        let reading = decode(layout(mrz::MrzFormat::MrvB), &grid);
        assert_eq!(reading.lines[1], format!("{}<2CD34", &zone[1][..30]));
        assert!(reading.taken(), "{reading:?}");
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
