//! Trains the zone recogniser's cell classifier and evaluates the
//! recogniser on zones drawn with settings kept out of training.
//!
//! `cargo run -p xtask --release -- train-mrz [SEED [ZONES]]` draws zones
//! in the training looks, cuts them into cells with dossier's own code,
//! trains the networks (Adam, cross-entropy, one thread each, so a seed
//! gives the same weights) and writes `src/extract/mrz/zone-model.bin`.
//! `evaluate-mrz` reads zones drawn in held-out looks and the specimen
//! images, and prints what it read.

use std::time::Instant;

use ab_glyph::FontArc;
use chrono::NaiveDate;

use dossier::extract::zone::{self, CELL_INPUTS, Model, Network, SYMBOLS};

use crate::zone_network::Training;

use crate::raster::Rng;
use crate::zone_render::{Background, Look, random_zone, render};

/// Where the trained weights go, from the repository's root.
pub const MODEL_PATH: &str = "src/extract/mrz/zone-model.bin";

/// Training fonts and how often each is drawn: OCR-B about three times in
/// ten (most states print it), and monospace faces that differ from it in
/// weight, slant, width and serifs, so that the model learns the symbols
/// rather than one font's outlines.
const TRAINING_FONTS: [(&str, usize); 25] = [
    ("/usr/share/fonts/opentype/ocr-b/OCRB.otf", 7),
    ("/usr/share/fonts/opentype/ocr-b/OCRBS.otf", 1),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 1),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Oblique.ttf",
        1,
    ),
    ("/usr/share/fonts/opentype/freefont/FreeMono.otf", 1),
    ("/usr/share/fonts/opentype/freefont/FreeMonoBold.otf", 1),
    (
        "/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf",
        1,
    ),
    (
        "/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Bold.otf",
        1,
    ),
    ("/usr/share/fonts/fonts-go/Go-Mono.ttf", 1),
    ("/usr/share/fonts/truetype/hack/Hack-Regular.ttf", 1),
    ("/usr/share/fonts/truetype/inconsolata/Inconsolata.otf", 1),
    (
        "/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf",
        1,
    ),
    ("/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf", 1),
    (
        "/usr/share/fonts/opentype/courier-prime/Courier Prime.otf",
        1,
    ),
    (
        "/usr/share/fonts/opentype/courier-prime/Courier Prime Sans Bold.otf",
        1,
    ),
    (
        "/usr/share/fonts/truetype/anonymous-pro/Anonymous Pro.ttf",
        1,
    ),
    ("/usr/share/fonts/truetype/firacode/FiraCode-Regular.ttf", 1),
    ("/usr/share/fonts/truetype/firacode/FiraCode-Bold.ttf", 1),
    ("/usr/share/fonts/truetype/mononoki/mononoki-Regular.ttf", 1),
    (
        "/usr/share/fonts/opentype/league-mono/LeagueMono-Regular.otf",
        1,
    ),
    (
        "/usr/share/fonts/opentype/league-mono/LeagueMono-NarrowRegular.otf",
        1,
    ),
    (
        "/usr/share/fonts/opentype/league-mono/LeagueMono-WideBold.otf",
        1,
    ),
    ("/usr/share/fonts/truetype/hermit/Hermit-medium.otf", 1),
    ("/usr/share/fonts/truetype/mononoki/mononoki-Bold.ttf", 1),
    ("/usr/share/fonts/opentype/freefont/FreeMonoOblique.otf", 1),
];

/// The training fonts' paths, each as often as it is drawn.
fn training_fonts() -> Vec<&'static str> {
    TRAINING_FONTS
        .iter()
        .flat_map(|&(path, weight)| std::iter::repeat_n(path, weight))
        .collect()
}

/// Fonts the model never sees in training.
const HELD_OUT_FONTS: [&str; 3] = [
    "/usr/share/fonts/opentype/ocr-b/OCRBL.otf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
];

/// The Debian packages that hold the fonts above.
const FONT_PACKAGES: &str = "fonts-ocr-b fonts-dejavu-core fonts-dejavu-extra fonts-freefont-otf fonts-liberation2 fonts-urw-base35 fonts-go fonts-hack fonts-inconsolata fonts-jetbrains-mono fonts-noto-mono fonts-courier-prime fonts-anonymous-pro fonts-firacode fonts-mononoki fonts-league-mono fonts-hermit";

fn load(paths: &[&str]) -> Result<Vec<FontArc>, String> {
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|err| format!("{path}: {err} (apt-get install {FONT_PACKAGES})"))?;
            FontArc::try_from_vec(bytes).map_err(|err| format!("{path}: {err}"))
        })
        .collect()
}

fn uniform(rng: &mut Rng, low: f32, high: f32) -> f32 {
    low + (rng.next() % 10_000) as f32 / 10_000.0 * (high - low)
}

/// A look from the training distribution.
fn training_look(rng: &mut Rng) -> Look {
    let pitch = if rng.next().is_multiple_of(3) {
        uniform(rng, 4.5, 8.0)
    } else {
        uniform(rng, 7.0, 22.0)
    };
    Look {
        font: rng.next() as usize,
        pitch,
        weight: [-1, 0, 0, 1, 2][(rng.next() % 5) as usize],
        background: match rng.next() % 3 {
            0 => Background::Plain,
            1 => Background::Guilloche,
            _ => Background::Stripes {
                angle: uniform(rng, 0.0, std::f32::consts::PI),
                spacing: uniform(rng, 10.0, 60.0),
            },
        },
        uneven_light: uniform(rng, 0.0, 0.4),
        glare: if rng.next().is_multiple_of(4) {
            uniform(rng, 0.0, 0.6)
        } else {
            0.0
        },
        rotation_degrees: uniform(rng, -0.5, 0.5),
        bow: uniform(rng, 0.0, 0.25),
        blur: uniform(rng, 0.0, 1.0) * (pitch / 12.0).min(1.0),
        noise: (rng.next() % 14) as u8,
        jpeg: (!rng.next().is_multiple_of(3)).then(|| 30 + (rng.next() % 65) as u8),
        ink: (rng.next() % 90) as u8,
    }
}

/// A look from settings kept out of training: other fonts, another
/// background, stronger bends and light.
fn held_out_look(rng: &mut Rng, pitch: f32) -> Look {
    Look {
        // Any of the fonts the zone is drawn in (the held-out or the
        // training ones), in proportion.
        font: rng.next() as usize,
        pitch,
        weight: [-1, 0, 1][(rng.next() % 3) as usize],
        background: if rng.next().is_multiple_of(2) {
            Background::Rings
        } else {
            Background::Plain
        },
        uneven_light: uniform(rng, 0.1, 0.5),
        glare: if rng.next().is_multiple_of(3) {
            uniform(rng, 0.3, 0.7)
        } else {
            0.0
        },
        rotation_degrees: uniform(rng, -0.6, 0.6),
        bow: uniform(rng, 0.0, 0.3),
        blur: uniform(rng, 0.3, 1.1) * (pitch / 12.0).min(1.0),
        noise: (4 + rng.next() % 12) as u8,
        jpeg: Some(25 + (rng.next() % 50) as u8),
        ink: (rng.next() % 70) as u8,
    }
}

/// Cells of drawn zones with the index of their symbol. A zone whose lines
/// the cutter did not find, or cut at a pitch more than 2% off the one it
/// was drawn at, is counted, not used: such a line's cells stand off its
/// characters, and their labels would teach the model wrong names (90 of
/// 3,219 lines in 1,500 training zones).
fn samples(zones: usize, seed: u64, fonts: &[FontArc]) -> (Vec<([f32; CELL_INPUTS], u8)>, usize) {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let mut missed = 0;
    for index in 0..zones {
        let lines = random_zone(&mut rng, index);
        let look = training_look(&mut rng);
        let crop = render(&lines, fonts, &look, &mut rng);
        match labelled_cells(&crop, &lines, look.pitch, &mut rng) {
            Some(cells) => out.extend(cells),
            None => missed += 1,
        }
    }
    (out, missed)
}

/// Each cell of the zone `lines` drawn at `pitch` in `crop`, labelled; none
/// when a line was not found or not cut at its pitch. Each line's cells are
/// cut up to a tenth of a pitch off where the training grid puts them: the
/// reader's grid, found without knowing the line's length, stands that far
/// off at times, and a model that has seen characters only in the middle
/// of their cells misnames them there.
fn labelled_cells(
    crop: &image::GrayImage,
    lines: &[String],
    pitch: f32,
    rng: &mut Rng,
) -> Option<Vec<([f32; CELL_INPUTS], u8)>> {
    let found = zone::lines(crop, zone::INK);
    if found.len() != lines.len() {
        return None;
    }
    let mut out = Vec::new();
    for (line, text) in found.into_iter().zip(lines) {
        let grid = zone::Grid::fitted(crop, line, text.len());
        if (grid.pitch() / pitch - 1.0).abs() > 0.02 {
            return None;
        }
        let grid = grid.shifted(uniform(rng, -0.1, 0.1));
        for (cell, symbol) in zone::cells(crop, line, grid).into_iter().zip(text.bytes()) {
            let label = SYMBOLS.iter().position(|&s| s == symbol).unwrap_or(0) as u8;
            out.push((cell, label));
        }
    }
    Some(out)
}

/// Zones drawn for training a network unless told: some 910,000 cells.
pub const TRAINING_ZONES: usize = 12_000;

/// Networks in the shipped model, trained from seeds `seed`, `seed + 1`,
/// and so on, their probabilities averaged. Two took 990 zones of 2,000 in
/// the tuning draws (`tune-mrz` 777 and 888, 5–20 pixels a character),
/// the first alone 978, none wrong; averaged, their odds for a twin a
/// check cannot catch hold better (see `UNTOLD` in the recogniser).
const MEMBERS: u64 = 2;

/// Trains the shipped model's networks on `zones` zones each, side by
/// side, a thread each (one core each: on two cores the pair takes as
/// long as one network, about 45 minutes for 12,000 zones), and writes
/// them to [`MODEL_PATH`].
pub fn train(seed: u64, zones: usize) -> Result<String, String> {
    let fonts = load(&training_fonts())?;
    std::fs::create_dir_all(CHECKPOINTS).map_err(|err| format!("{CHECKPOINTS}: {err}"))?;
    let trained: Vec<Result<(Network, String), String>> = std::thread::scope(|scope| {
        let members: Vec<_> = (seed..seed + MEMBERS)
            .map(|member| {
                let fonts = &fonts;
                scope.spawn(move || train_member(member, zones, fonts))
            })
            .collect();
        members
            .into_iter()
            .map(|member| {
                member
                    .join()
                    .unwrap_or_else(|_| Err("a network's training panicked".into()))
            })
            .collect()
    });
    let mut model = Model {
        members: Vec::new(),
    };
    let mut log = String::new();
    for member in trained {
        let (network, member_log) = member?;
        model.members.push(network);
        log.push_str(&member_log);
    }
    std::fs::write(MODEL_PATH, model.to_bytes()).map_err(|err| format!("{MODEL_PATH}: {err}"))?;
    // Only now: a network done while the other was stopped is kept.
    for member in seed..seed + MEMBERS {
        let path = checkpoint(member, zones);
        std::fs::remove_file(&path).map_err(|err| format!("{}: {err}", path.display()))?;
    }
    Ok(log)
}

/// Where each network's training is saved after each epoch, so that a run
/// stopped before its end (a session's end stops it) goes on from there
/// when started again. Removed once the model is written; remove it by
/// hand to start over after changing how zones are drawn.
const CHECKPOINTS: &str = "target/zone-training";

/// The file a network's training is saved in (see [`CHECKPOINTS`]).
fn checkpoint(seed: u64, zones: usize) -> std::path::PathBuf {
    std::path::Path::new(CHECKPOINTS).join(format!("network-{seed}-of-{zones}-zones.bin"))
}

/// One network trained on `zones` zones drawn from `seed`, and its
/// progress log (also printed as it goes).
fn train_member(seed: u64, zones: usize, fonts: &[FontArc]) -> Result<(Network, String), String> {
    let started = Instant::now();
    let mut log = String::new();
    let mut say = |line: String| {
        eprint!("{line}");
        log.push_str(&line);
    };
    let (mut data, missed) = samples(zones, seed, fonts);
    let (check, check_missed) = samples(300, seed + 1_000_000, fonts);
    say(format!(
        "seed {seed}: {} training cells ({missed} of {zones} zones not cut), {} check cells ({check_missed} of 300 not cut), drawn in {:.0} s\n",
        data.len(),
        check.len(),
        started.elapsed().as_secs_f32()
    ));
    let mut rng = Rng::new(seed + 7);
    let mut training = Training::new(&mut rng);
    let path = checkpoint(seed, zones);
    let saved = match std::fs::read(&path) {
        Ok(bytes) => Some(
            bytes
                .split_first()
                .and_then(|(done, rest)| Some((usize::from(*done), Training::from_bytes(rest)?))),
        ),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(format!("{}: {err}", path.display())),
    };
    let resumed_after = match saved {
        Some(Some((done, saved))) => {
            say(format!(
                "seed {seed}: {done} of {EPOCHS} epochs done, going on from {}\n",
                path.display()
            ));
            training = saved;
            done
        }
        Some(None) => {
            say(format!(
                "seed {seed}: {} is not a training of this network's shape: starts over\n",
                path.display()
            ));
            0
        }
        None => 0,
    };
    for epoch in 0..EPOCHS {
        // Every epoch's shuffle is made again, so that the data's order
        // and the generator's state are those of a run never stopped.
        shuffle(&mut data, &mut rng);
        if epoch < resumed_after {
            continue;
        }
        let rate = 0.001 * if epoch >= EPOCHS - 3 { 0.3 } else { 1.0 };
        let loss = training.epoch(&data, rate);
        say(format!(
            "seed {seed}, epoch {epoch}: loss {loss:.4}, check cells {:.3}% right, {:.0} s\n",
            100.0 * right_share(&training.network, &check),
            started.elapsed().as_secs_f32()
        ));
        // Written beside it and renamed, so that a run stopped while
        // writing leaves the epoch before whole.
        let mut saved = vec![(epoch + 1) as u8];
        saved.extend(training.to_bytes());
        let writing = path.with_extension("partial");
        std::fs::write(&writing, saved).map_err(|err| format!("{}: {err}", writing.display()))?;
        std::fs::rename(&writing, &path).map_err(|err| format!("{}: {err}", path.display()))?;
    }
    Ok((training.network, log))
}

/// Epochs a network is trained for; the last three at a third of the rate.
const EPOCHS: usize = 10;
// A checkpoint counts the epochs done in a byte.
const _: () = assert!(EPOCHS <= u8::MAX as usize);

/// The share of `cells` the network reads as labelled.
fn right_share(network: &Network, cells: &[([f32; CELL_INPUTS], u8)]) -> f32 {
    let right: usize = cells
        .chunks(1024)
        .map(|batch| {
            let inputs: Vec<_> = batch.iter().map(|(cell, _)| *cell).collect();
            let read = network.probabilities(&inputs);
            let right = |(p, (_, label)): (&[f32; 37], &(_, u8))| argmax(p) == usize::from(*label);
            read.iter().zip(batch).filter(|&pair| right(pair)).count()
        })
        .sum();
    right as f32 / cells.len().max(1) as f32
}

fn argmax(p: &[f32]) -> usize {
    p.iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i)
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// The day a zone's two-digit years are read against.
const REFERENCE: NaiveDate = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date");

/// What a taken zone is trusted for: the number, the dates, the nationality.
type Facts = (String, Option<NaiveDate>, Option<NaiveDate>, String);

fn facts_of(mrz: &dossier::mrz::Mrz) -> Facts {
    (
        mrz.document_number.clone(),
        mrz.birth_date,
        mrz.expiry_date,
        mrz.nationality.clone(),
    )
}

/// Zones per format and pitch in the held-out evaluation.
const EVALUATION_ZONES: usize = 40;

/// What the recogniser made of the zones drawn at one pitch.
#[derive(Default)]
struct Tally {
    zones: usize,
    /// Taken (checks hold, facts read sure) and right.
    taken_right: usize,
    /// Taken, and a fact the zone is trusted for (number, dates,
    /// nationality) wrong: the outcome that must not happen.
    taken_wrong: usize,
    /// Not taken, though the likeliest reading was the zone exactly: the
    /// rule for taking, not the model, refused it.
    right_refused: usize,
    /// No reading at all: no run of lines the format's could be.
    unread: usize,
    names_exact: usize,
    chars_right: usize,
    chars: usize,
    /// Lines with a character wrong, and with more than a fifth wrong (a
    /// line cut wrongly).
    lines_wrong: usize,
    lines_garbled: usize,
    lines: usize,
    seconds: f32,
    /// `dossier`'s whole reader (the recogniser, then Tesseract) on the
    /// same crops, where measured.
    whole: Option<Whole>,
}

/// What `dossier`'s whole reader made of the zones: valid with every
/// trusted fact right, valid with one wrong, valid with names exact, and
/// its time.
#[derive(Default, Clone, Copy)]
struct Whole {
    right: usize,
    wrong: usize,
    names_exact: usize,
    seconds: f32,
}

impl Tally {
    fn add(&mut self, truth: &[String], reading: Option<&zone::Reading>, seconds: f32) {
        let read: &[String] = reading.map_or(&[], |r| &r.lines);
        let facts = |lines: &[String]| {
            dossier::mrz::find_mrz(lines, REFERENCE)
                .filter(|m| m.checks_valid)
                .map(|m| facts_of(&m))
        };
        self.zones += 1;
        self.seconds += seconds;
        let taken = reading.is_some_and(zone::Reading::taken);
        if taken && let Some(read_facts) = facts(read) {
            match Some(read_facts) == facts(truth) {
                true => self.taken_right += 1,
                false => self.taken_wrong += 1,
            }
        }
        self.right_refused += usize::from(!taken && read == truth);
        self.unread += usize::from(reading.is_none());
        self.names_exact +=
            usize::from(read.len() == truth.len() && names_of(read) == names_of(truth));
        for (index, line) in truth.iter().enumerate() {
            let right = read.get(index).map_or(0, |r| {
                r.bytes().zip(line.bytes()).filter(|(a, b)| a == b).count()
            });
            self.chars_right += right;
            self.chars += line.len();
            self.lines += 1;
            self.lines_wrong += usize::from(right < line.len());
            self.lines_garbled += usize::from((line.len() - right) * 5 > line.len());
        }
    }

    /// Adds the whole reader's result on one zone (see [`read_whole`]).
    fn add_whole(&mut self, zone: Whole) {
        let whole = self.whole.get_or_insert_with(Whole::default);
        whole.right += zone.right;
        whole.wrong += zone.wrong;
        whole.names_exact += zone.names_exact;
        whole.seconds += zone.seconds;
    }

    fn row(&self, label: &str) -> String {
        let share = |n: usize, of: usize| 100.0 * n as f32 / of.max(1) as f32;
        let whole = self.whole.as_ref().map_or_else(
            || "– | – | – | –".to_string(),
            |whole| {
                format!(
                    "{} | {} | {} | {:.0}",
                    whole.right,
                    whole.wrong,
                    whole.names_exact,
                    1000.0 * whole.seconds / self.zones.max(1) as f32
                )
            },
        );
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {:.2}% | {:.1}% | {:.1}% | {:.0} | {whole} |\n",
            self.zones,
            self.taken_right,
            self.taken_wrong,
            self.right_refused,
            self.unread,
            self.names_exact,
            share(self.chars_right, self.chars),
            share(self.lines_wrong, self.lines),
            share(self.lines_garbled, self.lines),
            1000.0 * self.seconds / self.zones.max(1) as f32
        )
    }
}

const TABLE_HEAD: &str = "| pitch (px a character) | zones | taken, right | taken, a fact wrong (number, dates, nationality) | read right, not taken | no reading | names exact | characters right | lines with an error | lines cut wrong | ms a zone | dossier: valid, right | dossier: valid, a fact wrong | dossier: valid, names exact | dossier: ms a zone |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

/// Whether a look has a degradation.
type Spoils = fn(&Look) -> bool;

/// A look's blur as it would be at 12 pixels a character: blur is drawn
/// in proportion to the pitch below that, and the rows would otherwise
/// sort zones by pitch.
fn blur_at_twelve(look: &Look) -> f32 {
    look.blur / (look.pitch / 12.0).min(1.0)
}

/// The held-out looks' degradations, each a row of zones it spoils (a zone
/// counts in one row of each pair, and of the three of strokes).
const DEGRADATIONS: [(&str, Spoils); 15] = [
    ("plain paper", |look| look.background == Background::Plain),
    ("rings and a shifting tint", |look| {
        look.background == Background::Rings
    }),
    ("no glare", |look| look.glare == 0.0),
    ("glare, 0.3–0.7 of white", |look| look.glare > 0.0),
    ("light falling off by 10–30%", |look| {
        look.uneven_light < 0.3
    }),
    ("light falling off by 30–50%", |look| {
        look.uneven_light >= 0.3
    }),
    (
        "lighter blur (0.3–0.7 px at 12 px a character, less below)",
        |look| blur_at_twelve(look) < 0.7,
    ),
    (
        "heavier blur (0.7–1.1 px at 12 px a character, less below)",
        |look| blur_at_twelve(look) >= 0.7,
    ),
    ("JPEG quality 25–49", |look| {
        look.jpeg.is_some_and(|q| q < 50)
    }),
    ("JPEG quality 50–74", |look| {
        look.jpeg.is_some_and(|q| q >= 50)
    }),
    ("ink darker than 35 of 255", |look| look.ink < 35),
    ("ink 35–69 of 255", |look| look.ink >= 35),
    ("strokes thinned", |look| look.weight < 0),
    ("strokes as drawn", |look| look.weight == 0),
    ("strokes thickened", |look| look.weight > 0),
];

/// The pitches zones are drawn at for evaluation, in pixels a character.
const PITCHES: [f32; 5] = [5.0, 6.0, 8.0, 12.0, 20.0];

/// Zones of every format drawn in held-out looks with `fonts`, read by the
/// recogniser alone (no Tesseract), a row a pitch.
fn zone_table(
    paths: &[&str],
    fonts: &[FontArc],
    model: &Model,
    seed: u64,
    whole: bool,
) -> Result<String, String> {
    const FORMATS: [&str; 5] = ["TD3 (passport)", "MRV-A", "TD2", "MRV-B", "TD1 (ID card)"];
    let mut rng = Rng::new(seed);
    let mut by_pitch = String::from(TABLE_HEAD);
    let mut by_format: Vec<Tally> = FORMATS.iter().map(|_| Tally::default()).collect();
    // A font drawn more often than others stands in `paths` as often.
    let faces: Vec<&str> = paths.iter().fold(Vec::new(), |mut faces, path| {
        if !faces.contains(path) {
            faces.push(path);
        }
        faces
    });
    let mut by_font: Vec<Tally> = faces.iter().map(|_| Tally::default()).collect();
    let mut by_degradation: Vec<Tally> = DEGRADATIONS.iter().map(|_| Tally::default()).collect();
    let mut confusions: std::collections::BTreeMap<(char, char), usize> = Default::default();
    for pitch in PITCHES {
        let mut tally = Tally::default();
        for index in 0..EVALUATION_ZONES * 5 {
            let truth = random_zone(&mut rng, index);
            let look = held_out_look(&mut rng, pitch);
            let crop = render(&truth, fonts, &look, &mut rng);
            let started = Instant::now();
            let readings = zone::read(&crop, model);
            let seconds = started.elapsed().as_secs_f32();
            let best = readings.first();
            let whole = whole.then(|| read_whole(&crop, &truth)).transpose()?;
            let mut tallies: Vec<&mut Tally> = vec![&mut tally];
            if pitch >= 8.0 {
                tallies.push(&mut by_format[index % 5]);
                let face = paths[look.font % paths.len()];
                if let Some(at) = faces.iter().position(|&f| f == face) {
                    tallies.push(&mut by_font[at]);
                }
                tallies.extend(
                    DEGRADATIONS
                        .iter()
                        .zip(&mut by_degradation)
                        .filter(|((_, spoils), _)| spoils(&look))
                        .map(|(_, tally)| tally),
                );
                confuse(&truth, best, &mut confusions);
            }
            for tally in tallies {
                tally.add(&truth, best, seconds);
                if let Some(zone) = whole {
                    tally.add_whole(zone);
                }
            }
        }
        by_pitch.push_str(&tally.row(&pitch.to_string()));
    }
    let mut table = by_pitch;
    table.push_str("\nThe same at 8 pixels a character and more, by format:\n\n");
    table.push_str(&TABLE_HEAD.replacen("pitch (px a character)", "format", 1));
    for (format, tally) in FORMATS.iter().zip(&by_format) {
        table.push_str(&tally.row(format));
    }
    table.push_str("\nThe same at 8 pixels a character and more, by font:\n\n");
    table.push_str(&TABLE_HEAD.replacen("pitch (px a character)", "font", 1));
    for (path, tally) in faces.iter().zip(&by_font) {
        let name = std::path::Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str());
        table.push_str(&tally.row(name.unwrap_or(path)));
    }
    table.push_str("\nThe same at 8 pixels a character and more, by degradation:\n\n");
    table.push_str(&TABLE_HEAD.replacen("pitch (px a character)", "degradation", 1));
    for ((degradation, _), tally) in DEGRADATIONS.iter().zip(&by_degradation) {
        table.push_str(&tally.row(degradation));
    }
    let mut common: Vec<((char, char), usize)> = confusions.into_iter().collect();
    common.sort_by_key(|&(pair, n)| (std::cmp::Reverse(n), pair));
    let listed: Vec<String> = common
        .iter()
        .take(12)
        .map(|((truth, read), n)| format!("{truth}→{read} {n}"))
        .collect();
    table.push_str(&format!(
        "\nCharacters most often misread there (on lines cut right), true→read: {}\n",
        listed.join(", ")
    ));
    Ok(table)
}

/// `dossier`'s whole reading of an upright crop of the zone `truth` (the
/// recogniser, else Tesseract), the zone kept as `dossier mrz` keeps it,
/// judged once, and the seconds it took.
fn read_whole(crop: &image::GrayImage, truth: &[String]) -> Result<Whole, String> {
    let started = Instant::now();
    let readings = zone::read_whole(crop).map_err(|err| err.to_string())?;
    let mut whole = Whole {
        seconds: started.elapsed().as_secs_f32(),
        ..Whole::default()
    };
    let read = dossier::mrz::best_reading(&readings, REFERENCE).filter(|mrz| mrz.checks_valid);
    let Some(mrz) = read else {
        return Ok(whole);
    };
    let expected = dossier::mrz::find_mrz(truth, REFERENCE);
    match Some(facts_of(&mrz)) == expected.as_ref().map(facts_of) {
        true => whole.right = 1,
        false => whole.wrong = 1,
    }
    let names = |m: &dossier::mrz::Mrz| (m.surname.clone(), m.given_names.clone());
    whole.names_exact = usize::from(expected.is_some_and(|e| names(&e) == names(&mrz)));
    Ok(whole)
}

/// Counts each character misread on lines read with at most a fifth wrong
/// (a line cut wrongly misreads everything, which says nothing of the
/// model).
fn confuse(
    truth: &[String],
    reading: Option<&zone::Reading>,
    counts: &mut std::collections::BTreeMap<(char, char), usize>,
) {
    let read: &[String] = reading.map_or(&[], |r| &r.lines);
    for (line, seen) in truth.iter().zip(read) {
        let pairs: Vec<(u8, u8)> = line
            .bytes()
            .zip(seen.bytes())
            .filter(|(a, b)| a != b)
            .collect();
        if pairs.len() * 5 <= line.len() {
            for (a, b) in pairs {
                *counts.entry((char::from(a), char::from(b))).or_default() += 1;
            }
        }
    }
}

/// The seeds of the evaluation's own draws, held-out fonts and training
/// fonts.
const EVALUATION_SEEDS: [u64; 2] = [424_242, 434_343];

/// The training fonts in held-out looks, drawn with `seed`: for weighing a
/// change to the reader on zones the evaluation does not report.
/// `model` names a model file to weigh instead of the shipped one (one
/// that `train-mrz` wrote), so that a candidate is judged before it is
/// built in.
pub fn tune(seed: u64, model: Option<&str>) -> Result<String, String> {
    if EVALUATION_SEEDS.contains(&seed) {
        return Err(format!(
            "{seed} draws the evaluation's own zones: pick another seed"
        ));
    }
    let candidate = model
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|err| format!("{path}: {err}"))?;
            Model::from_bytes(&bytes).ok_or(format!("{path}: not a zone model of this shape"))
        })
        .transpose()?;
    let model = match &candidate {
        Some(model) => model,
        None => Model::shipped().ok_or("no trained model")?,
    };
    let paths = training_fonts();
    let fonts = load(&paths)?;
    let mut report = zone_table(&paths, &fonts, model, seed, false)?;
    report.push_str(&twin_calibration(&fonts, model, seed));
    Ok(report)
}

/// Zones drawn for [`twin_calibration`].
const TWIN_ZONES: usize = 3000;

/// How far the model's probability for a twin of a cell's reading (a
/// symbol of the same value modulo 10, which a check digit cannot tell
/// from it) can be trusted: the measure behind the recogniser's threshold
/// for twins. Of the cells read sure (0.9 or more) where a digit stands or
/// was read, in zones of `fonts` in held-out looks at every pitch in turn,
/// cut as in training, those read right are counted by the probability of
/// their likeliest twin, and those misread as a twin by the probability
/// the model left the truth. Where the model's odds hold, a band's share
/// of misreads is about its probabilities.
fn twin_calibration(fonts: &[FontArc], model: &Model, seed: u64) -> String {
    const BANDS: [f32; 5] = [0.0005, 0.002, 0.01, 0.05, 0.9];
    let band = |q: f32| BANDS.windows(2).position(|w| (w[0]..w[1]).contains(&q));
    let value = |index: usize| dossier::mrz::symbol_value(char::from(SYMBOLS[index])).unwrap_or(0);
    let mut right = [0usize; 4];
    let mut misread = [0usize; 4];
    let mut rng = Rng::new(seed);
    for index in 0..TWIN_ZONES {
        let pitch = PITCHES[index % PITCHES.len()];
        let truth = random_zone(&mut rng, index);
        let look = held_out_look(&mut rng, pitch);
        let crop = render(&truth, fonts, &look, &mut rng);
        let Some(cells) = labelled_cells(&crop, &truth, pitch, &mut rng) else {
            continue;
        };
        let inputs: Vec<_> = cells.iter().map(|(cell, _)| *cell).collect();
        for (p, &(_, label)) in model.probabilities(&inputs).iter().zip(&cells) {
            let (read, label) = (argmax(p), usize::from(label));
            let digit = |index: usize| SYMBOLS[index].is_ascii_digit();
            if p[read] < 0.9 || !(digit(read) || digit(label)) {
                continue;
            }
            let twin = |index: usize| index != read && value(index) % 10 == value(read) % 10;
            if read == label {
                let likeliest = (0..SYMBOLS.len())
                    .filter(|&index| twin(index))
                    .map(|index| p[index])
                    .fold(0.0, f32::max);
                band(likeliest).inspect(|&b| right[b] += 1);
            } else if twin(label) {
                band(p[label]).inspect(|&b| misread[b] += 1);
            }
        }
    }
    let mut table = format!(
        "\nTwins' odds ({TWIN_ZONES} zones, every pitch in turn, cut as in training): cells read sure where a digit stands or was read, by the probability the model gives a twin of the reading (read right: the likeliest twin; misread as a twin: the truth).\n\n| twin's probability | read right | misread as the twin | misreads' share |\n|---|---|---|---|\n"
    );
    for (b, bounds) in BANDS.windows(2).enumerate() {
        let share = 100.0 * misread[b] as f32 / (right[b] + misread[b]).max(1) as f32;
        table.push_str(&format!(
            "| {}–{} | {} | {} | {share:.2}% |\n",
            bounds[0], bounds[1], right[b], misread[b]
        ));
    }
    table
}

pub fn evaluate() -> Result<String, String> {
    let model = Model::shipped()
        .ok_or("no trained model: run `cargo run -p xtask --release -- train-mrz` first")?;
    let mut report = String::from(
        "Zones drawn in held-out looks (ring backgrounds, light falling off by up to half, glare, blur, JPEG at quality 25–74, bows and turns), all five formats, read by the recogniser alone. A zone is taken when its checks hold, its issuing state and nationality are known codes read sure, and the other readings of its number, dates, optional data and check digits that its checks would pass too have odds under 1 in 100 against it (the optional data is weighed only where its check failed as read and was made to hold; a passport whose composite check alone failed as read is not taken). \"Read right, not taken\": the likeliest reading was the zone exactly, and the rule for taking refused it. \"Lines cut wrong\": more than a fifth of a line's characters wrong. The \"dossier:\" columns (held-out fonts only) read the same crops with `dossier`'s whole zone reader, as `dossier mrz` reads an upright image: the recogniser, then Tesseract's `eng` model where the recogniser takes none; valid with number, dates and nationality right, valid with one of them wrong, valid with names exact.\n\nFonts held out of training (OCR-B oblique, DejaVu Sans Mono Bold, Liberation Mono):\n\n",
    );
    let [held_out_seed, training_seed] = EVALUATION_SEEDS;
    report.push_str(&zone_table(
        &HELD_OUT_FONTS,
        &load(&HELD_OUT_FONTS)?,
        model,
        held_out_seed,
        true,
    )?);
    report.push_str("\nThe training fonts in the same held-out looks:\n\n");
    let paths = training_fonts();
    report.push_str(&zone_table(
        &paths,
        &load(&paths)?,
        model,
        training_seed,
        false,
    )?);
    report.push_str(
        "\nWhole images through `dossier`'s zone reader (locating included, Tesseract where the recogniser is unsure):\n\n| images | count | valid and right | s an image | not read |\n|---|---|---|---|---|\n",
    );
    for folder in ["mrz", "passporteye"] {
        report.push_str(&specimen_images(folder)?);
    }
    report.push_str("\nWhole documents photographed (the documents of `fixtures/mrz`, every format in turn), through `dossier`'s zone reader:\n\n");
    report.push_str(&crate::zone_scenes::evaluate(
        &crate::layout::Fonts::load()?,
        crate::zone_scenes::EVALUATION_SEED,
    )?);
    Ok(report)
}

/// The specimen images under `fixtures/mrz` (generated, each format clean
/// and spoiled) and `fixtures/passporteye` (real ICAO specimens), read
/// whole by `dossier`'s zone reader: valid and right, and time an image.
fn specimen_images(folder: &str) -> Result<String, String> {
    let dir = std::path::Path::new("fixtures").join(folder);
    let table = std::fs::read_to_string(dir.join("expected.tsv"))
        .map_err(|err| format!("{}: {err}", dir.display()))?;
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let (mut right, mut total, mut missed) = (0, 0, Vec::new());
    let started = Instant::now();
    for row in table.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let [file, number, birth, expiry] = cols[..] else {
            continue;
        };
        total += 1;
        let read = dossier::read_mrz(&dir.join(file), as_of, &dossier::Limits::default())
            .map_err(|err| err.to_string())?;
        let good = matches!(read, Ok(Some(ref mrz)) if mrz.checks_valid
            && mrz.document_number == number
            && mrz.birth_date.map(|d| d.to_string()).as_deref() == Some(birth)
            && mrz.expiry_date.map(|d| d.to_string()).as_deref() == Some(expiry));
        if good {
            right += 1;
        } else {
            missed.push(file.to_string());
        }
    }
    Ok(format!(
        "| fixtures/{folder} | {total} | {right} | {:.2} | {} |\n",
        started.elapsed().as_secs_f32() / total.max(1) as f32,
        missed.join(", ")
    ))
}

/// The names field of a zone's lines.
fn names_of(lines: &[String]) -> String {
    match lines.len() {
        3 => lines[2].clone(),
        _ => lines[0].get(5..).unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_cells_are_labelled_only_when_cut_at_the_drawn_pitch() {
        let fonts = load(&[TRAINING_FONTS[0].0]).expect("fonts-ocr-b");
        let mut rng = Rng::new(5);
        let lines = random_zone(&mut rng, 0);
        let look = Look {
            font: 0,
            pitch: 12.0,
            weight: 0,
            background: Background::Plain,
            uneven_light: 0.0,
            glare: 0.0,
            rotation_degrees: 0.0,
            bow: 0.0,
            blur: 0.0,
            noise: 0,
            jpeg: None,
            ink: 0,
        };
        let crop = render(&lines, &fonts, &look, &mut rng);
        let cells = labelled_cells(&crop, &lines, 12.0, &mut rng).expect("a clean zone is cut");
        let labels: Vec<u8> = cells
            .iter()
            .map(|&(_, label)| SYMBOLS[usize::from(label)])
            .collect();
        assert_eq!(labels, lines.concat().into_bytes());
        // Had it been drawn a tenth larger, these cells would stand off
        // its characters.
        assert!(labelled_cells(&crop, &lines, 13.2, &mut rng).is_none());
    }
}
