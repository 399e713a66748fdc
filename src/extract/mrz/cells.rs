//! A zone's crop cut into character cells.
//!
//! Every character of a machine-readable zone stands in a cell of one
//! pitch, at which the ink of a line repeats. Reading cuts a line into
//! cells at that pitch past both ends of its span ([`Grid::found`]) and
//! lets the reader choose which run of them is the line; training, which
//! knows the text, cuts its rendered zones into as many cells as the line
//! holds characters ([`Grid::fitted`]). Both cut each cell with the same
//! code, so the model sees cells as it will in use.

use std::f32::consts::TAU;
use std::ops::RangeInclusive;

use super::GrayImage;
use crate::extract::image::bilinear;

/// A cell's size once resampled, in pixels: OCR-B's glyphs stand about 1.4
/// times as tall as the pitch is wide.
pub const CELL_WIDTH: usize = 16;
pub const CELL_HEIGHT: usize = 24;
pub const CELL_INPUTS: usize = CELL_WIDTH * CELL_HEIGHT;

/// One text line found in a crop, in the crop's pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Line {
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
}

impl Line {
    fn height(&self) -> u32 {
        self.bottom - self.top
    }

    fn width(&self) -> u32 {
        self.right - self.left
    }
}

/// A crop's ink: darker than `percent` of the mean of its neighbourhood (a
/// line's height each way), so uneven light and light tints under the
/// print drop out.
struct Ink {
    width: usize,
    height: usize,
    bits: Vec<bool>,
}

impl Ink {
    fn of(image: &GrayImage, percent: u64) -> Ink {
        Ink {
            width: image.width() as usize,
            height: image.height() as usize,
            bits: darker_than_around(image, (image.height() as usize / 3).max(3), percent),
        }
    }

    fn at(&self, x: usize, y: usize) -> bool {
        self.bits[y * self.width + x]
    }
}

/// Which pixels are darker than `percent` of the mean grey of the square
/// `radius` pixels each way around them, row by row.
pub(super) fn darker_than_around(image: &GrayImage, radius: usize, percent: u64) -> Vec<bool> {
    let sums = Integral::of(image, |grey| grey);
    sums.map(image, |x, y, grey| {
        let (sum, area) = sums.around(x, y, radius);
        u64::from(grey) * area * 100 < sum * percent
    })
}

/// An image's values summed over every rectangle from its top left corner,
/// so that a square's sum is four lookups.
struct Integral {
    width: usize,
    height: usize,
    sums: Vec<u64>,
}

impl Integral {
    /// The sums of `value` of each pixel's grey.
    fn of(image: &GrayImage, value: impl Fn(u64) -> u64) -> Integral {
        let (width, height) = (image.width() as usize, image.height() as usize);
        let stride = width + 1;
        let mut sums = vec![0u64; stride * (height + 1)];
        for (y, row) in image.as_raw().chunks_exact(width.max(1)).enumerate() {
            let mut along = 0u64;
            for (x, &grey) in row.iter().enumerate() {
                along += value(u64::from(grey));
                sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1] + along;
            }
        }
        Integral {
            width,
            height,
            sums,
        }
    }

    /// What `f` makes of each pixel of `image` (this one's), given its
    /// column, row and grey, row by row.
    fn map<T>(&self, image: &GrayImage, f: impl Fn(usize, usize, u8) -> T) -> Vec<T> {
        let mut out = Vec::with_capacity(self.width * self.height);
        for (y, row) in image.as_raw().chunks_exact(self.width.max(1)).enumerate() {
            out.extend(row.iter().enumerate().map(|(x, &grey)| f(x, y, grey)));
        }
        out
    }

    /// The sum over the square `radius` pixels each way around pixel
    /// (`x`, `y`) within the image, and the square's area.
    #[inline]
    fn around(&self, x: usize, y: usize, radius: usize) -> (u64, u64) {
        let (x0, x1) = (x.saturating_sub(radius), (x + radius + 1).min(self.width));
        let (y0, y1) = (y.saturating_sub(radius), (y + radius + 1).min(self.height));
        let at = |x: usize, y: usize| self.sums[y * (self.width + 1) + x];
        let sum = at(x1, y1) + at(x0, y0) - at(x1, y0) - at(x0, y1);
        (sum, ((x1 - x0) * (y1 - y0)) as u64)
    }
}

/// The crop with each pixel's grey set by how far it stands below or above
/// its surroundings' mean (a line's height each way), in their standard
/// deviations (at least [`LEAST_SPREAD`] greys): glare lays white over the
/// print and leaves its strokes a fraction of their contrast, which a
/// threshold on the mean alone loses, but they still stand out of their
/// surroundings' spread.
pub fn evened(crop: &GrayImage) -> GrayImage {
    let radius = (crop.height() as usize / 3).max(3);
    let sums = Integral::of(crop, |grey| grey);
    let squares = Integral::of(crop, |grey| grey * grey);
    let greys = sums.map(crop, |x, y, grey| {
        let (sum, area) = sums.around(x, y, radius);
        let (square, _) = squares.around(x, y, radius);
        let mean = sum as f64 / area as f64;
        let spread = (square as f64 / area as f64 - mean * mean).max(0.0).sqrt();
        let standing = (f64::from(grey) - mean) / spread.max(LEAST_SPREAD);
        (160.0 + 60.0 * standing).clamp(0.0, 255.0) as u8
    });
    GrayImage::from_raw(crop.width(), crop.height(), greys).expect("one grey a pixel")
}

/// The least spread of greys [`evened`] divides by, so that paper's noise
/// is not made into strokes. From 3 to 10 greys, and the gain 30 or 60
/// greys a deviation, gave the same readings of the tuning draws within
/// three zones of 1,000.
const LEAST_SPREAD: f64 = 6.0;

/// Ink is darker than 85% of its surroundings' mean grey: 90% (see
/// [`FAINT_INK`]) finds more faint lines but takes in more of a ring
/// background, and read first it took 141 of 200 held-out zones at 20
/// pixels a character down to 130.
pub const INK: u64 = 85;

/// The lighter threshold for a crop where [`INK`] found no zone.
pub const FAINT_INK: u64 = 90;

/// The crop's text lines (ink darker than `ink` percent of its
/// surroundings), top to bottom: runs of rows with ink across a
/// good part of the crop, each with the span of its characters. Lines much
/// shorter than the longest are dropped (a stray word above the zone).
pub fn lines(crop: &GrayImage, ink: u64) -> Vec<Line> {
    let ink = Ink::of(crop, ink);
    let rows: Vec<usize> = (0..ink.height)
        .map(|y| (0..ink.width).filter(|&x| ink.at(x, y)).count())
        .collect();
    let mut found = Vec::new();
    for (top, bottom) in row_runs(&rows) {
        if bottom - top >= 3 {
            found.extend(span(&ink, top, bottom));
        }
    }
    let longest = found.iter().map(Line::width).max().unwrap_or(0);
    found.retain(|line| line.width() * 10 >= longest * 6);
    found
}

/// The runs of rows with ink (an eighth of the busiest row's at least),
/// each split where it holds two lines run together: a background's rings
/// or a small zone's tight spacing can leave ink in every row between two
/// lines, but the rows between them still hold under a quarter of what the
/// lines' own rows hold.
fn row_runs(rows: &[usize]) -> Vec<(usize, usize)> {
    let busiest = rows.iter().copied().max().unwrap_or(0);
    let inked = |count: usize| count * 8 > busiest && count > 2;
    let mut runs = Vec::new();
    let mut y = 0;
    while y < rows.len() {
        if !inked(rows[y]) {
            y += 1;
            continue;
        }
        let top = y;
        while y < rows.len() && inked(rows[y]) {
            y += 1;
        }
        runs.extend(split_at_valleys(rows, busiest, top, y));
    }
    runs
}

/// `top..bottom` cut at the emptiest row between each two of its cores
/// (rows holding two fifths of the busiest row's ink) where that row holds
/// under a quarter of the lesser core's peak.
fn split_at_valleys(
    rows: &[usize],
    busiest: usize,
    top: usize,
    bottom: usize,
) -> Vec<(usize, usize)> {
    let mut cores: Vec<(usize, usize, usize)> = Vec::new();
    for (y, &count) in rows.iter().enumerate().take(bottom).skip(top) {
        if count * 5 < busiest * 2 {
            continue;
        }
        match cores.last_mut() {
            Some((_, end, peak)) if *end == y => {
                *end = y + 1;
                *peak = (*peak).max(count);
            }
            _ => cores.push((y, y + 1, count)),
        }
    }
    let mut pieces = Vec::new();
    let mut start = top;
    for pair in cores.windows(2) {
        let ((_, end, first), (next, _, second)) = (pair[0], pair[1]);
        // Cores are apart (touching rows join one core): end < next.
        let valley = (end..next).min_by_key(|&y| (rows[y], y)).unwrap_or(end);
        if rows[valley] * 4 < first.min(second) {
            pieces.push((start, valley));
            start = valley + 1;
        }
    }
    pieces.push((start, bottom));
    pieces
}

/// The longest gap within a line's span, in line heights: the space
/// between two characters is well under one, but thin print loses whole
/// characters to the ink threshold, a run of fillers most of all, and a
/// span cut short at such a gap gives the line a fraction of its pitch.
/// Allowing three (from one), of 200 zones a pitch (`xtask tune-mrz
/// 777`: training fonts in held-out looks) lines cut wrong at 8 and 20
/// pixels a character went to 9.3% and 2.3% from 11.4% and 5.2%, zones
/// with no reading to 102 of 1,000 from 143, and characters right at 8
/// pixels to 91.0% from 88.1%.
const SPAN_GAP: usize = 3;

/// The columns of a band of rows that hold its characters: the longest run
/// of inked columns whose gaps stay under [`SPAN_GAP`] line heights
/// (margins and page edges are wider).
fn span(ink: &Ink, top: usize, bottom: usize) -> Option<Line> {
    let height = bottom - top;
    let inked: Vec<bool> = (0..ink.width)
        .map(|x| (top..bottom).any(|y| ink.at(x, y)))
        .collect();
    let mut best: Option<(usize, usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    for (x, _) in inked.iter().enumerate().filter(|&(_, &on)| on) {
        run = match run {
            Some((start, end)) if x - end <= SPAN_GAP * height => Some((start, x)),
            _ => Some((x, x)),
        };
        if let Some((start, end)) = run
            && best.is_none_or(|(s, e)| end - start > e - s)
        {
            best = Some((start, end));
        }
    }
    let (left, right) = best?;
    (right - left > 4 * height).then_some(Line {
        top: top as u32,
        bottom: bottom as u32,
        left: left as u32,
        right: right as u32 + 1,
    })
}

/// The cells of a line: where the first starts, the pitch, and how many.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    origin: f32,
    pitch: f32,
    count: usize,
    /// The line's span in pitches: about as many as it holds characters.
    spanned: f32,
}

impl Grid {
    #[cfg(test)]
    pub(super) fn new(origin: f32, pitch: f32, count: usize, spanned: f32) -> Grid {
        Grid {
            origin,
            pitch,
            count,
            spanned,
        }
    }

    /// The line's cells found from its columns' `ink` alone, for reading a
    /// line whose format is not known: the pitch is the period at which the
    /// ink repeats most strongly among those that would give the line's
    /// span `counts` characters (give or take; see `PITCH_RANGE`), the
    /// phase puts the cells about the characters, and the cells run
    /// `SLACK` pitches past both ends of the span, and on to
    /// `counts.end()` cells at least, within the crop: a span that
    /// took in a tint beside the line or lost an end to glare still holds
    /// every character, and the reader chooses which run of cells is the
    /// line.
    fn found(crop: &GrayImage, line: Line, ink: &[f32], counts: RangeInclusive<usize>) -> Grid {
        let width = line.width() as f32;
        let (shortest, longest) = (
            width / (*counts.end() as f32 * PITCH_RANGE.0),
            width / (*counts.start() as f32 * PITCH_RANGE.1),
        );
        let coarse = geometric(shortest, longest, 1.01);
        let (pitch, _) = strongest(ink, line, coarse);
        Grid::near(crop, line, ink, pitch, counts)
    }

    /// The line's cells at the pitch within 1% of `pitch` at which its ink
    /// repeats most strongly, run past its span as [`Grid::found`] runs
    /// them.
    fn near(
        crop: &GrayImage,
        line: Line,
        ink: &[f32],
        pitch: f32,
        counts: RangeInclusive<usize>,
    ) -> Grid {
        let width = line.width() as f32;
        let (pitch, phase) = strongest(ink, line, geometric(pitch / 1.01, pitch * 1.01, 1.001));
        let span = width / pitch;
        let slack = SLACK.max((*counts.end() as f32 - span).ceil());
        let middle = phase.rem_euclid(TAU) / TAU * pitch;
        // The first cell wholly right of where the slack reaches, and the
        // last wholly left of the other side (within the crop).
        let from = (line.left as f32 - slack * pitch).max(-0.3 * pitch);
        let to = (line.right as f32 + slack * pitch).min(crop.width() as f32 + 0.3 * pitch);
        let first = ((from - middle + pitch / 2.0) / pitch).ceil();
        let origin = middle + first * pitch - pitch / 2.0;
        let count = ((to - origin) / pitch).floor().max(0.0) as usize;
        Grid {
            origin,
            pitch,
            count,
            spanned: span,
        }
    }

    /// `count` cells for a line known to hold `count` characters, for
    /// training: the pitch is searched within 6% of what the span suggests,
    /// and of the grids a character or two either way the one holding the
    /// most ink is taken (the span's ends can be wrong by a character).
    pub fn fitted(crop: &GrayImage, line: Line, count: usize) -> Grid {
        let ink = column_ink(crop, line);
        // The span runs from the first glyph's left edge to the last one's
        // right: about count pitches less a glyph's side bearings.
        let guess = line.width() as f32 / (count as f32 - 0.3);
        let steps = (-24..=24).map(|step| guess * (1.0 + step as f32 * 0.0025));
        let (pitch, phase) = strongest(&ink, line, steps);
        let middle = phase.rem_euclid(TAU) / TAU * pitch;
        let first = line.left as f32 + 0.35 * pitch;
        let turns = ((first - middle) / pitch).round();
        let held = |origin: f32| {
            let from = origin.max(0.0) as usize;
            let to = ((origin + count as f32 * pitch).max(0.0) as usize).min(ink.len());
            ink.get(from..to)
                .map_or(0.0, |inside| inside.iter().sum::<f32>())
        };
        let origin = (-2..=2)
            .map(|shift| middle + (turns + shift as f32) * pitch - pitch / 2.0)
            .max_by(|a, b| held(*a).total_cmp(&held(*b)))
            .unwrap_or(middle - pitch / 2.0);
        Grid {
            origin,
            pitch,
            count,
            spanned: line.width() as f32 / pitch,
        }
    }

    /// Whether the line can be one of `width` characters: its span holds
    /// no more than that and up to four pitches of tint or rings beside it.
    pub fn fits(&self, width: usize) -> bool {
        self.spanned <= width as f32 + 4.0
    }

    /// Whether the line's span holds `width` characters, give or take
    /// four: a faded end or a tint.
    pub fn fills(&self, width: usize) -> bool {
        self.spanned >= width as f32 - 4.0
    }

    /// Where cell `index` starts, in the crop's pixels.
    pub fn start_of(&self, index: usize) -> f32 {
        self.origin + index as f32 * self.pitch
    }

    /// The grid moved `pitches` of a pitch right (left when negative).
    pub fn shifted(self, pitches: f32) -> Grid {
        Grid {
            origin: self.origin + pitches * self.pitch,
            ..self
        }
    }

    pub fn pitch(&self) -> f32 {
        self.pitch
    }
}

/// Each line's cells (see [`Grid::found`]), the lines' pitches made one
/// where they can be: a zone's lines share their pitch, and a line whose
/// span glare or thin print cut short gives its own span too short a
/// range of pitches and its ink's second harmonic is found instead. The
/// widest line's pitch is the zone's; a line found at another is cut at
/// that one when its ink repeats there at least [`SHARED_STRENGTH`] as
/// strongly (a line of other print, whose pitch differs, keeps its own).
///
/// On 1,000 zones of the training fonts in held-out looks (`xtask tune-mrz
/// 777`), with the reader's `similar` weighing pitches rather than
/// widths, zones taken at 12 pixels a character went to 161 from 160, and
/// lines more than a fifth wrong at 8 and 12 pixels to 6.6% and 5.5% from
/// 7.0% and 6.4%; glare or faint ends that wash a line out are the rest.
pub fn grids(crop: &GrayImage, lines: &[Line], counts: RangeInclusive<usize>) -> Vec<Grid> {
    let inks: Vec<Vec<f32>> = lines.iter().map(|&line| column_ink(crop, line)).collect();
    let own: Vec<Grid> = lines
        .iter()
        .zip(&inks)
        .map(|(&line, ink)| Grid::found(crop, line, ink, counts.clone()))
        .collect();
    let Some(widest) = (0..lines.len()).max_by_key(|&i| lines[i].width()) else {
        return own;
    };
    let reference = own[widest].pitch;
    lines
        .iter()
        .zip(&inks)
        .zip(own)
        .map(|((&line, ink), grid)| {
            if (grid.pitch / reference - 1.0).abs() < 0.02 {
                return grid;
            }
            let shared = Grid::near(crop, line, ink, reference, counts.clone());
            let strength = |pitch| wave(ink, line, pitch).0;
            if strength(shared.pitch) >= SHARED_STRENGTH * strength(grid.pitch) {
                shared
            } else {
                grid
            }
        })
        .collect()
}

/// How strongly, against its own pitch's, a line's ink must repeat at its
/// zone's pitch to be cut at it: a line of characters of two strokes half
/// a pitch apart (H, N, M, U) repeats at the zone's pitch about 0.4 times
/// as strongly as at half of it. Any share from 0 to a half gave the same
/// readings in the tuning draws.
const SHARED_STRENGTH: f32 = 0.25;

/// How far a line's pitch may stand from its span divided by its count of
/// characters: a span can lose a few characters to glare (the pitch is
/// then longer) or take in a tint beside the line. The range stays under
/// a factor of two, where the ink's second harmonic would compete.
const PITCH_RANGE: (f32, f32) = (1.08, 0.85);

/// Cells cut past each end of a line's span, in pitches.
const SLACK: f32 = 3.0;

/// Pitches from `low` to `high`, each `factor` times the last; none when
/// `low` is not a length (an empty span).
fn geometric(low: f32, high: f32, factor: f32) -> impl Iterator<Item = f32> {
    let start = (low > 0.0 && low.is_finite()).then_some(low);
    std::iter::successors(start, move |&pitch| Some(pitch * factor))
        .take_while(move |&pitch| pitch <= high)
        .take(MAX_PITCHES)
}

/// Pitches tried at most in one search: a factor of two in steps of 1%
/// is 70.
const MAX_PITCHES: usize = 1000;

/// Each column's ink on the line's rows by the local measure (light
/// that falls off across the line would make a fixed threshold count
/// paper), judged with a line's height of context above and below.
fn column_ink(crop: &GrayImage, line: Line) -> Vec<f32> {
    let ink = LineInk::of(crop, line);
    (0..ink.local.width)
        .map(|x| {
            (line.top..line.bottom)
                .filter(|&y| ink.at(x as u32, y))
                .count() as f32
        })
        .collect()
}

/// A line's ink by the local measure, judged with a line's height of
/// context above and below, in the crop's pixels.
struct LineInk {
    local: Ink,
    top: u32,
}

impl LineInk {
    fn of(crop: &GrayImage, line: Line) -> LineInk {
        let context = line.height();
        let top = line.top.saturating_sub(context);
        let bottom = (line.bottom + context).min(crop.height());
        let band = image::imageops::crop_imm(crop, 0, top, crop.width(), bottom - top).to_image();
        LineInk {
            local: Ink::of(&band, INK),
            top,
        }
    }

    /// Whether the crop's pixel (x, y) is ink; none outside the band.
    fn at(&self, x: u32, y: u32) -> bool {
        let (x, y) = (x as usize, y.wrapping_sub(self.top) as usize);
        x < self.local.width && y < self.local.height && self.local.at(x, y)
    }
}

/// How strongly the ink of the line's span adds up as a wave of period
/// `pitch` (the ink's Fourier coefficient there), and the wave's phase.
fn wave(ink: &[f32], line: Line, pitch: f32) -> (f32, f32) {
    let span = ink
        .get(line.left as usize..line.right as usize)
        .unwrap_or_default();
    let (cos, sin) = (line.left..)
        .zip(span)
        .fold((0.0, 0.0), |(c, s), (x, &ink)| {
            let angle = TAU * x as f32 / pitch;
            (c + ink * angle.cos(), s + ink * angle.sin())
        });
    (cos.hypot(sin), sin.atan2(cos))
}

/// Of `pitches`, the one at which the ink of the line's span adds up most
/// strongly as a wave, with the wave's phase there: the characters'
/// middles stand where the phase says.
fn strongest(ink: &[f32], line: Line, pitches: impl Iterator<Item = f32>) -> (f32, f32) {
    pitches
        .map(|pitch| (pitch, wave(ink, line, pitch)))
        .max_by(|a, b| a.1.0.total_cmp(&b.1.0))
        .map_or((1.0, 0.0), |(pitch, (_, phase))| (pitch, phase))
}

/// The line cut into the grid's cells, each resampled to [`CELL_WIDTH`] ×
/// [`CELL_HEIGHT`] with a fifth of a pitch of its neighbours either side,
/// ink 1 and paper 0.
pub fn cells(crop: &GrayImage, line: Line, grid: Grid) -> Vec<[f32; CELL_INPUTS]> {
    let Grid {
        origin,
        pitch,
        count,
        ..
    } = grid;
    let (paper, dark) = levels(crop, line);
    let margin = pitch / 5.0;
    let tall = line.height() as f32 * 1.3;
    let middles = middles(crop, line, grid);
    (0..count)
        .map(|index| {
            let left = origin + index as f32 * pitch - margin;
            let top = middles[index] - tall / 2.0;
            let wide = pitch + 2.0 * margin;
            let mut cell = [0.0; CELL_INPUTS];
            for (i, value) in cell.iter_mut().enumerate() {
                let x = left + ((i % CELL_WIDTH) as f32 + 0.5) * wide / CELL_WIDTH as f32;
                let y = top + ((i / CELL_WIDTH) as f32 + 0.5) * tall / CELL_HEIGHT as f32;
                *value = bilinear(crop, x - 0.5, y - 0.5);
            }
            stretch(&mut cell, (paper - dark) * 0.3);
            cell
        })
        .collect()
}

/// A cell's greys made ink 1 and paper 0 by the cell's own levels (its
/// 90th and 5th percentiles), so that a tint or a ring under one stretch of
/// the line and glare over another read alike; a cell whose own contrast
/// is under `least` (a character washed nearly away, or none) is stretched
/// by `least` only, so that noise is not made into strokes.
fn stretch(cell: &mut [f32; CELL_INPUTS], least: f32) {
    let mut sorted = *cell;
    sorted.sort_by(f32::total_cmp);
    let paper = sorted[CELL_INPUTS * 9 / 10];
    let dark = sorted[CELL_INPUTS / 20];
    let contrast = (paper - dark).max(least).max(1.0);
    for value in cell.iter_mut() {
        *value = ((paper - *value) / contrast).clamp(0.0, 1.0);
    }
}

/// Where the line's middle stands at each cell, smoothed over five cells
/// so that a line that climbs or bows is followed: the middle of the
/// inked rows in the cell's columns, half a line above and below the line
/// searched, of the runs of rows mostly inside the line's band (where
/// lines stand close, the next one reaches into the search; taking all the
/// ink there cut a line's first cells across both lines; thin print can
/// break a character into pieces, each inside the band). Ink is judged
/// locally, so light falling off along the line does not leave one end
/// with none. A filler sits at mid-height like a letter's middle.
fn middles(crop: &GrayImage, line: Line, grid: Grid) -> Vec<f32> {
    let Grid {
        origin,
        pitch,
        count,
        ..
    } = grid;
    let ink = LineInk::of(crop, line);
    let half = line.height() / 2;
    let rows = line.top.saturating_sub(half)..line.bottom + half;
    let inside = |(first, last): (u32, u32)| {
        (last + 1)
            .min(line.bottom)
            .saturating_sub(first.max(line.top))
    };
    let fallback = (line.top + line.bottom) as f32 / 2.0;
    let raw: Vec<f32> = (0..count)
        .map(|index| {
            let left = (origin + index as f32 * pitch).max(0.0) as u32;
            let right = (origin + (index + 1) as f32 * pitch).max(0.0) as u32;
            let inked = |y: u32| (left..right).any(|x| ink.at(x, y));
            ink_runs(rows.clone().map(|y| (y, inked(y))))
                .filter(|&run| 2 * inside(run) > run.1 + 1 - run.0)
                .reduce(|above, below| (above.0, below.1))
                .map_or(fallback, |(first, last)| (first + last + 1) as f32 / 2.0)
        })
        .collect();
    (0..count)
        .map(|index| {
            let mut near: Vec<f32> = raw[index.saturating_sub(2)..(index + 3).min(count)].to_vec();
            near.sort_by(f32::total_cmp);
            near[near.len() / 2]
        })
        .collect()
}

/// The runs of consecutive inked rows, the first and last row of each.
fn ink_runs(rows: impl Iterator<Item = (u32, bool)>) -> impl Iterator<Item = (u32, u32)> {
    let mut run: Option<(u32, u32)> = None;
    rows.chain(std::iter::once((u32::MAX, false)))
        .filter_map(move |(y, inked)| {
            if !inked {
                return run.take();
            }
            run = Some((run.map_or(y, |(first, _)| first), y));
            None
        })
}

/// The line's paper and ink greys: its 90th and 5th percentiles.
fn levels(crop: &GrayImage, line: Line) -> (f32, f32) {
    let mut histogram = [0u32; 256];
    for y in line.top..line.bottom {
        for x in line.left..line.right {
            histogram[usize::from(crop.get_pixel(x, y).0[0])] += 1;
        }
    }
    let total: u32 = histogram.iter().sum();
    let percentile = |share: u32| {
        let mut seen = 0;
        histogram
            .iter()
            .position(|&n| {
                seen += n;
                seen * 100 >= total * share
            })
            .unwrap_or(255) as f32
    };
    (percentile(90), percentile(5))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// Two lines of 30 "characters" (bars 4 wide, 14 tall) at a pitch of 10,
    /// with a margin of 20 and light paper.
    fn zone() -> GrayImage {
        GrayImage::from_fn(340, 80, |x, y| {
            let in_line = (16..30).contains(&y) || (46..60).contains(&y);
            let in_bar = (20..320).contains(&x) && (3..7).contains(&((x - 20) % 10));
            Luma([if in_line && in_bar { 20 } else { 230 }])
        })
    }

    #[test]
    fn finds_both_lines_with_their_ends() {
        let found = lines(&zone(), INK);
        assert_eq!(found.len(), 2, "{found:?}");
        for line in &found {
            assert!(
                line.left.abs_diff(23) <= 1 && line.right.abs_diff(317) <= 1,
                "{line:?}"
            );
        }
    }

    #[test]
    fn two_lines_run_together_are_split_at_the_valley() {
        // Ink in every row from the first line's top to the second's
        // bottom (a ring background), but the rows between hold little.
        let rows = [0, 0, 10, 40, 50, 45, 8, 9, 42, 50, 44, 12, 0];
        assert_eq!(row_runs(&rows), [(2, 6), (7, 12)]);
        // A line whose middle rows hold less than its bars stays whole.
        let rows = [0, 30, 50, 26, 24, 50, 30, 0];
        assert_eq!(row_runs(&rows), [(1, 7)]);
    }

    #[test]
    fn a_cell_reads_alike_on_a_tint_and_on_white() {
        let glyph = |paper: f32, ink: f32| {
            let mut cell = [paper; CELL_INPUTS];
            for value in cell.iter_mut().step_by(3) {
                *value = ink;
            }
            cell
        };
        let (mut on_white, mut on_tint) = (glyph(240.0, 40.0), glyph(170.0, 40.0));
        stretch(&mut on_white, 60.0);
        stretch(&mut on_tint, 60.0);
        assert_eq!(on_white, on_tint);
        assert_eq!(on_white[0], 1.0);
        assert_eq!(on_white[1], 0.0);
        // Paper with a speck is not stretched into a stroke.
        let mut blank = [240.0; CELL_INPUTS];
        blank[..20].fill(230.0);
        stretch(&mut blank, 60.0);
        assert!(blank[0] < 0.2, "{}", blank[0]);
    }

    #[test]
    fn a_faint_line_is_found_at_the_lighter_threshold_only() {
        // The second line printed at 198 on paper of 230: 86% of it.
        let crop = GrayImage::from_fn(340, 80, |x, y| {
            let in_bar = (20..320).contains(&x) && (3..7).contains(&((x - 20) % 10));
            match y {
                16..30 if in_bar => Luma([20]),
                46..60 if in_bar => Luma([198]),
                _ => Luma([230]),
            }
        });
        assert_eq!(lines(&crop, INK).len(), 1);
        assert_eq!(lines(&crop, FAINT_INK).len(), 2);
    }

    #[test]
    fn glare_over_half_the_zone_is_read_through_on_the_evened_crop() {
        // Right of x = 170 glare lays white over both lines: paper 252,
        // bars 226, 93% of their surroundings, lighter than either
        // threshold takes.
        let crop = GrayImage::from_fn(340, 80, |x, y| {
            let in_line = (16..30).contains(&y) || (46..60).contains(&y);
            let in_bar = (20..320).contains(&x) && (3..7).contains(&((x - 20) % 10));
            let glare = x >= 170;
            Luma(match (in_line && in_bar, glare) {
                (true, false) => [20],
                (true, true) => [226],
                (false, false) => [230],
                (false, true) => [252],
            })
        });
        for threshold in [INK, FAINT_INK] {
            let found = lines(&crop, threshold);
            assert!(found.iter().all(|line| line.right < 200), "{found:?}");
        }
        let found = lines(&evened(&crop), INK);
        assert_eq!(found.len(), 2, "{found:?}");
        for line in &found {
            assert!(
                line.left.abs_diff(23) <= 1 && line.right.abs_diff(317) <= 1,
                "{line:?}"
            );
        }
    }

    #[test]
    fn the_grid_found_follows_the_ink_past_a_tint_beside_the_line() {
        // A dark tint just left of the first line joins its span, which
        // then runs 32 pitches for 30 characters.
        let mut crop = zone();
        for x in 0..14 {
            for y in 16..30 {
                crop.put_pixel(x, y, Luma([60]));
            }
        }
        let line = lines(&crop, INK)[0];
        assert!(line.left < 5, "{line:?}");
        let [grid] = grids(&crop, &[line], 30..=44)[..] else {
            panic!("one grid a line");
        };
        assert!((grid.pitch - 10.0).abs() < 0.1, "{grid:?}");
        // The bars stand at 23..27 of each pitch from 20: cells centred on
        // them, and enough of them to hold all 30 wherever the run starts.
        let centre = (grid.origin + grid.pitch / 2.0 - 25.0).rem_euclid(grid.pitch);
        assert!(centre.min(grid.pitch - centre) < 1.0, "{grid:?}");
        assert!(
            grid.count >= 30 && grid.fits(30) && !grid.fits(20),
            "{grid:?}"
        );
    }

    #[test]
    fn a_line_cut_short_is_cut_at_its_zones_pitch() {
        // The first line holds 19 characters from x = 20 (glare took the
        // rest), each two strokes half a pitch apart, as an H; the second
        // holds 30 bars, at a pitch of 10.
        let crop = GrayImage::from_fn(340, 80, |x, y| {
            let column = x.wrapping_sub(20) % 10;
            let first =
                (16..30).contains(&y) && (20..210).contains(&x) && matches!(column, 2 | 3 | 6 | 7);
            let second =
                (46..60).contains(&y) && (20..320).contains(&x) && (3..7).contains(&column);
            Luma([if first || second { 20 } else { 230 }])
        });
        let found = lines(&crop, INK);
        assert_eq!(found.len(), 2, "{found:?}");
        // Alone, the short line's span allows no pitch over 7.5, and its
        // strokes repeat at 5.
        let alone = grids(&crop, &found[..1], 30..=44)[0];
        assert!((alone.pitch - 5.0).abs() < 0.2, "{alone:?}");
        for grid in grids(&crop, &found, 30..=44) {
            assert!((grid.pitch - 10.0).abs() < 0.1, "{grid:?}");
        }
    }

    #[test]
    fn a_cells_middle_is_its_own_lines_where_the_next_stands_close() {
        // Bars at rows 16..30 and, three rows below, 33..47; the left half
        // of the first line printed lighter (150) than the rest (20).
        let crop = GrayImage::from_fn(340, 60, |x, y| {
            let in_bar = (20..320).contains(&x) && (3..7).contains(&((x - 20) % 10));
            match y {
                16..30 if in_bar && x < 170 => Luma([150]),
                16..30 | 33..47 if in_bar => Luma([20]),
                _ => Luma([240]),
            }
        });
        // The band found runs a little higher than the bars: their middle
        // is not the band's.
        let line = Line {
            top: 14,
            bottom: 30,
            left: 23,
            right: 317,
        };
        let grid = Grid::fitted(&crop, line, 30);
        for middle in middles(&crop, line, grid) {
            assert!((middle - 23.0).abs() <= 0.5, "{middle}");
        }
    }

    #[test]
    fn each_cell_holds_one_character_in_its_middle() {
        let crop = zone();
        let line = lines(&crop, INK)[0];
        let cells = cells(&crop, line, Grid::fitted(&crop, line, 30));
        assert_eq!(cells.len(), 30);
        for cell in &cells {
            // The middle column is ink, the cell's edges (a fifth of a pitch
            // of the neighbours and the gap) mostly paper.
            let column = |x: usize| {
                (0..CELL_HEIGHT)
                    .map(|y| cell[y * CELL_WIDTH + x])
                    .sum::<f32>()
            };
            assert!(column(CELL_WIDTH / 2) > column(0) + 5.0, "{cell:?}");
        }
    }
}
