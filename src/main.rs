//! The `dossier` command line: parses arguments, calls the library, maps the
//! outcome to an exit code (0 ready, 1 not ready, 2 usage or I/O error).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use dossier::Redaction;
use dossier::batch::{Row, Shard, Summary};
use dossier::cache::Cache;
use dossier::mrz::Mrz;
use dossier::prepare::{PrepareError, PrepareOptions, Profile};
use dossier::report::Pictures;
use dossier::report::{self, Inspection, Verdict};
use dossier::rules::{PURPOSES, Purpose, RULES};
use dossier::{Analysed, Limits, Run, Stated, bundle_name};

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Checks a client's folder of scans and PDFs for a Kazakhstan temporary residence permit (work, family, study and the other purposes its data lists) before filing."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// No progress on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also a line a file read, with its time.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check a bundle folder and write report.json, report.md and report.html.
    Check {
        /// The client's folder of scans and PDFs.
        bundle: PathBuf,
        /// Filing date (YYYY-MM-DD), over the bundle's dossier.toml; default: today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = filing_date)]
        as_of: Option<NaiveDate>,
        /// Where to write the reports; default: ./dossier-report/<bundle name>/.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also print the report to stdout in this format (default: a summary).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Reports for third parties: passport numbers, IINs, machine-readable
        /// zones and birth dates masked.
        #[arg(long)]
        redact: bool,
        #[command(flatten)]
        facts: FactArgs,
        #[command(flatten)]
        cache: CacheArgs,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Check a bundle and write its filing pack: one PDF a document in the
    /// checklist's order, manifest.json, and the reports. A bundle that is
    /// not ready is refused (exit 1) unless --force.
    Prepare {
        /// The client's folder of scans and PDFs.
        bundle: PathBuf,
        /// Filing date (YYYY-MM-DD), over the bundle's dossier.toml; default: today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = filing_date)]
        as_of: Option<NaiveDate>,
        /// Where to write the pack; default: ./dossier-pack/<bundle name>/.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write a pack of a bundle that is not ready, every page stamped
        /// DRAFT, NOT READY.
        #[arg(long)]
        force: bool,
        /// Where it is filed: egov (default: dossier's own conservative
        /// limits), service-centre, or a path to your own profile (.toml).
        #[arg(long, value_name = "NAME|FILE", default_value = "egov")]
        profile: String,
        /// A pack and reports for third parties: passport numbers, IINs,
        /// machine-readable zones and birth dates masked in the text and
        /// blacked out on the pages. Not for filing.
        #[arg(long)]
        redact: bool,
        #[command(flatten)]
        facts: FactArgs,
        #[command(flatten)]
        cache: CacheArgs,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Check every subfolder of ROOT as a bundle; write each one's reports
    /// and summary.csv / summary.json.
    Batch {
        /// A folder whose immediate subfolders are client bundles.
        root: PathBuf,
        /// Filing date (YYYY-MM-DD), over the bundle's dossier.toml; default: today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = filing_date)]
        as_of: Option<NaiveDate>,
        /// Where to write the reports and the summary; default: ./dossier-report/.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Worker threads (default: the number of cores).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Check only the bundles of shard K of N (by a hash of the name), to
        /// spread ROOT over the machines of a job array.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// Also write each ready bundle's filing pack, to OUT/<bundle>/pack/,
        /// as soon as it is checked.
        #[arg(long)]
        prepare: bool,
        /// The profile of --prepare's packs (see `dossier prepare`).
        #[arg(
            long,
            value_name = "NAME|FILE",
            default_value = "egov",
            requires = "prepare"
        )]
        profile: String,
        #[command(flatten)]
        facts: FactArgs,
        #[command(flatten)]
        cache: CacheArgs,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Merge the summary.json of several batch runs (the shards of one run).
    Summary {
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Where to write the merged summary; default: ./dossier-report/.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Show what the pipeline sees in one file (each document of an archive).
    Inspect {
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Date that settles two-digit MRZ years; default: today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = filing_date)]
        as_of: Option<NaiveDate>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Read the machine-readable zone of passport and ID scans, and say how
    /// many read with every check digit valid and how long each took.
    Mrz {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object a file (without timings) instead of text.
        #[arg(long)]
        json: bool,
        /// Date that settles two-digit MRZ years; default: today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = filing_date)]
        as_of: Option<NaiveDate>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// List the rules with their codes, severities and fixes.
    Rules {
        /// Print the Markdown tables the README holds.
        #[arg(long)]
        markdown: bool,
        /// Only this purpose's documents, term and deadlines (work, family,
        /// study, …); default: every purpose's.
        #[arg(long, value_name = "PURPOSE")]
        purpose: Option<String>,
    },
    /// Explain one rule.
    Explain { code: String },
}

/// The facts of a case its papers cannot show, over each bundle's own
/// `dossier.toml`.
#[derive(clap::Args)]
struct FactArgs {
    /// A fact of the case, as dossier.toml states it (purpose=family,
    /// applicant_owns_dwelling=true, entry_date=2026-09-01); repeat for
    /// more. Overrides the bundle's dossier.toml.
    #[arg(long = "fact", value_name = "KEY=VALUE")]
    facts: Vec<String>,
}

impl FactArgs {
    /// The facts the flags state, `--as-of` the filing date among them.
    fn stated(&self, as_of: Option<NaiveDate>) -> anyhow::Result<Stated> {
        let mut stated = Stated::from_flags(&self.facts).context("--fact")?;
        match (stated.filing_date, as_of) {
            (Some(fact), Some(flag)) if fact != flag => {
                anyhow::bail!("--as-of {flag} and --fact filing_date={fact} disagree")
            }
            (None, Some(flag)) => stated.filing_date = Some(flag),
            _ => {}
        }
        Ok(stated)
    }
}

/// Where OCR results are kept between runs.
#[derive(clap::Args)]
struct CacheArgs {
    /// Cache folder; default: $XDG_CACHE_HOME/dossier or ~/.cache/dossier.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Read every file afresh and keep nothing.
    #[arg(long)]
    no_cache: bool,
}

impl CacheArgs {
    fn open(&self) -> Option<Cache> {
        if self.no_cache {
            return None;
        }
        self.cache
            .clone()
            .or_else(Cache::default_dir)
            .map(Cache::open)
    }
}

/// What reading a bundle may cost before a file is refused as a finding.
#[derive(clap::Args)]
#[command(next_help_heading = "Limits (a file past one is an unreadable-file finding)")]
struct LimitArgs {
    /// Bytes a bundle's archives may unpack to, all together [default: 512 MiB].
    #[arg(long, value_name = "BYTES")]
    max_unpacked_bytes: Option<u64>,
    /// Entries one archive may hold [default: 1000].
    #[arg(long, value_name = "N")]
    max_archive_entries: Option<usize>,
    /// Times its packed size an entry past 4 MiB may unpack to [default: 200].
    #[arg(long, value_name = "N")]
    max_compression_ratio: Option<u64>,
    /// Pixels one page image may hold [default: 100000000].
    #[arg(long, value_name = "N")]
    max_page_pixels: Option<u64>,
    /// Pages one file may hold [default: 300].
    #[arg(long, value_name = "N")]
    max_pages: Option<usize>,
    /// CPU seconds reading one file may take, OCR included [default: 120].
    #[arg(long, value_name = "SECONDS")]
    max_file_seconds: Option<u32>,
    /// CPU seconds OCR may spend on one page [default: 20].
    #[arg(long, value_name = "SECONDS")]
    max_page_seconds: Option<u32>,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        let default = Limits::default();
        Limits {
            max_unpacked_bytes: self
                .max_unpacked_bytes
                .unwrap_or(default.max_unpacked_bytes),
            max_entries: self.max_archive_entries.unwrap_or(default.max_entries),
            max_ratio: self.max_compression_ratio.unwrap_or(default.max_ratio),
            max_page_pixels: self.max_page_pixels.unwrap_or(default.max_page_pixels),
            max_pages: self.max_pages.unwrap_or(default.max_pages),
            max_file_seconds: self.max_file_seconds.unwrap_or(default.max_file_seconds),
            max_page_seconds: self.max_page_seconds.unwrap_or(default.max_page_seconds),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Md,
    Html,
}

mod progress;

use progress::{Reporter, Verbosity};

fn main() -> ExitCode {
    ensure_single_threaded_openmp();
    // A panic while reading a file becomes that file's finding; one line on
    // stderr (not a backtrace over the progress bar) says where it was.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("dossier: internal error, reported as the file's finding: {info}");
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dossier: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// libgomp reads `OMP_THREAD_LIMIT` once, when libtesseract is loaded, so it
/// cannot be set from inside the process: without it each OCR call runs one
/// OpenMP thread per core on top of rayon's and pages read 2.7× slower
/// (shared/STACK.md). Re-exec once with it set; a failed exec just goes on.
fn ensure_single_threaded_openmp() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let _ = std::process::Command::new(exe)
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .exec();
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    match cli.command {
        Command::Check {
            bundle,
            as_of,
            out,
            format,
            redact,
            facts,
            cache,
            limits,
        } => {
            let facts = facts.stated(as_of)?;
            let reporter = Reporter::new(verbosity, 1, false);
            let cache = cache.open();
            let run = Run {
                as_of: as_of.unwrap_or_else(today),
                facts: &facts,
                cache: cache.as_ref(),
                limits: &limits.limits(),
                progress: &reporter,
            };
            let code = check(&bundle, run, out, (format, redact));
            reporter.finish();
            code
        }
        Command::Prepare {
            bundle,
            as_of,
            out,
            force,
            profile,
            redact,
            facts,
            cache,
            limits,
        } => {
            let facts = facts.stated(as_of)?;
            let reporter = Reporter::new(verbosity, 1, false);
            let cache = cache.open();
            let limits = limits.limits();
            let run = Run {
                as_of: as_of.unwrap_or_else(today),
                facts: &facts,
                cache: cache.as_ref(),
                limits: &limits,
                progress: &reporter,
            };
            let code = Profile::load(&profile)
                .map_err(anyhow::Error::from)
                .and_then(|profile| {
                    let options = PrepareOptions {
                        out: out.unwrap_or_else(|| {
                            Path::new("dossier-pack").join(bundle_name(&bundle))
                        }),
                        force,
                        profile,
                        redact,
                    };
                    prepare(&bundle, run, options)
                });
            reporter.finish();
            code
        }
        Command::Batch {
            root,
            as_of,
            out,
            jobs,
            shard,
            prepare,
            profile,
            facts,
            cache,
            limits,
        } => {
            let facts = facts.stated(as_of)?;
            let packs = match prepare {
                true => Some(Profile::load(&profile)?),
                false => None,
            };
            batch(
                &root,
                as_of.unwrap_or_else(today),
                out,
                Parallelism { jobs, shard },
                (cache.open().as_ref(), &limits.limits(), &facts),
                packs,
                verbosity,
            )
        }
        Command::Summary { dirs, out } => merge_summaries(&dirs, out),
        Command::Inspect {
            file,
            json,
            as_of,
            limits,
        } => inspect(&file, json, as_of, &limits.limits()),
        Command::Mrz {
            files,
            json,
            as_of,
            limits,
        } => mrz(&files, json, as_of, &limits.limits()),
        Command::Rules { markdown, purpose } => {
            let purposes = match purpose {
                Some(name) => vec![known_purpose(&name)?],
                None => PURPOSES.iter().collect(),
            };
            let text = if markdown {
                rules_markdown(&purposes)
            } else {
                rules_text(&purposes)
            };
            io::stdout().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code } => {
            let Some(rule) = dossier::rules::rule(&code) else {
                bail!("{code}: no such rule; `dossier rules` lists them");
            };
            let mut text = format!(
                "{} ({})\n\n{}\n\nWhat it says: {}\nHow to fix: {}\nBasis: {}\n",
                rule.code,
                rule.severity.as_str(),
                rule.explanation,
                rule.summary,
                rule.hint,
                rule.basis
            );
            // The rules whose checks are data print the data.
            for purpose in PURPOSES.iter() {
                match rule.code {
                    "missing-document" => text.push_str(&requirements_text(purpose)),
                    "missed-deadline" => text.push_str(&deadlines_text(purpose)),
                    "permit-term-limited" => text.push_str(&term_text(purpose)),
                    _ => {}
                }
            }
            io::stdout().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(
    bundle: &Path,
    run: Run,
    out: Option<PathBuf>,
    (format, redact): (Option<Format>, bool),
) -> anyhow::Result<ExitCode> {
    let out = out.unwrap_or_else(|| Path::new("dossier-report").join(bundle_name(bundle)));
    refuse_inside(&out, bundle)?;
    prepare_out(&out)?;
    let (report, pictures) = shown(bundle, dossier::check(bundle, run)?, run.limits, redact);
    let [json, markdown, html] = write_reports(&report, &pictures, &out)?;
    let shown = match format {
        Some(Format::Json) => json,
        Some(Format::Md) => markdown,
        Some(Format::Html) => html,
        None => summary(&report, Some(&out)),
    };
    io::stdout().write_all(shown.as_bytes())?;
    Ok(match report.verdict {
        Verdict::Ready => ExitCode::SUCCESS,
        Verdict::NotReady => ExitCode::from(1),
    })
}

/// `dossier prepare`: the check, then the pack and the reports in it; a
/// bundle that is not ready refused unless forced, a file over the
/// profile's limit named.
fn prepare(bundle: &Path, run: Run, options: PrepareOptions) -> anyhow::Result<ExitCode> {
    refuse_inside(&options.out, bundle)?;
    let checked = dossier::check(bundle, run)?;
    let pack = match dossier::prepare::prepare(bundle, &checked, run.limits, &options) {
        Ok(pack) => pack,
        Err(refused @ PrepareError::NotReady { .. }) => {
            eprintln!("dossier: {refused}");
            let report = match options.redact {
                true => Redaction::of(&checked).report(&checked),
                false => checked,
            };
            io::stdout().write_all(summary(&report, None).as_bytes())?;
            return Ok(ExitCode::from(1));
        }
        Err(err) => return Err(err.into()),
    };
    let (report, pictures) = shown(bundle, checked, run.limits, options.redact);
    write_reports(&report, &pictures, &pack.dir)?;
    let mut text = summary(&report, Some(&pack.dir));
    text.push_str(&format!(
        "Pack{}: {}\n",
        if pack.draft {
            " (DRAFT, NOT READY)"
        } else {
            ""
        },
        pack.dir.display()
    ));
    for file in &pack.files {
        text.push_str(&format!("  {file}\n"));
    }
    for over in &pack.oversized {
        text.push_str(&format!("  over the limit: {over}\n"));
    }
    io::stdout().write_all(text.as_bytes())?;
    Ok(match report.verdict {
        Verdict::Ready if pack.oversized.is_empty() => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    })
}

/// The report as written and printed, and the pictures of the pages its
/// HTML shows: for third parties, both redacted.
fn shown(
    bundle: &Path,
    checked: report::Report,
    limits: &Limits,
    redact: bool,
) -> (report::Report, Pictures) {
    let redaction = redact.then(|| Redaction::of(&checked));
    let redacted = redaction
        .as_ref()
        .map(|redaction| redaction.report(&checked));
    let shown = redacted.as_ref().unwrap_or(&checked);
    let pictures =
        dossier::prepare::pictures(bundle, (&checked, shown), limits, redaction.as_ref());
    (redacted.unwrap_or(checked), pictures)
}

/// Writes a bundle's report.json, report.md and report.html into `out`.
fn write_reports(
    report: &report::Report,
    pictures: &Pictures,
    out: &Path,
) -> anyhow::Result<[String; 3]> {
    let reports = [
        report.to_json(),
        report::to_markdown(report),
        report::to_html(report, pictures),
    ];
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the report folder", out.display()))?;
    for (name, text) in dossier::prepare::REPORTS.iter().zip(&reports) {
        let path = out.join(name);
        write_replacing(&path, text)
            .with_context(|| format!("{}: cannot write the report", path.display()))?;
    }
    Ok(reports)
}

/// Writes a file whole or not at all, and never through what is there: the
/// text goes to a new file beside it (created exclusively, so not through a
/// link planted under that name) and is renamed over the old entry, which
/// replaces a symbolic link rather than the file it points to.
fn write_replacing(path: &Path, text: &str) -> io::Result<()> {
    use std::io::Write as _;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Makes the report folder and proves it writable, before any reading: a
/// batch of hundreds of bundles must not end in an error about its output.
fn prepare_out(out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the report folder", out.display()))?;
    write_replacing(&out.join(".dossier-probe"), "")
        .and_then(|()| std::fs::remove_file(out.join(".dossier-probe")))
        .with_context(|| format!("{}: the report folder is not writable", out.display()))
}

/// `dossier batch`: every bundle under ROOT (of this shard), in parallel,
/// each report written as `check` writes it, then the summary.
/// How a batch is spread: threads here, shards over machines.
struct Parallelism {
    jobs: Option<usize>,
    shard: Option<Shard>,
}

fn batch(
    root: &Path,
    as_of: NaiveDate,
    out: Option<PathBuf>,
    Parallelism { jobs, shard }: Parallelism,
    (cache, limits, facts): (Option<&Cache>, &Limits, &Stated),
    packs: Option<Profile>,
    verbosity: Verbosity,
) -> anyhow::Result<ExitCode> {
    let out = out.unwrap_or_else(|| PathBuf::from("dossier-report"));
    refuse_inside(&out, root)?;
    prepare_out(&out)?;
    let bundles: Vec<PathBuf> = dossier::batch::bundles(root)?
        .into_iter()
        .filter(|bundle| shard.is_none_or(|shard| shard.holds(&bundle_name(bundle))))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()?;
    let reporter = Reporter::new(verbosity, bundles.len(), true);
    let run = Run {
        as_of,
        facts,
        cache,
        limits,
        progress: &reporter,
    };
    // Each bundle's reports are written, and the summary rewritten, as soon
    // as it is checked: a run killed at hour three keeps what it finished.
    write_summary_files(&Summary::new(as_of, Vec::new()), &out)?;
    let rows = std::sync::Mutex::new(Vec::new());
    let write_failure = std::sync::Mutex::new(None);
    let done = |bundle: &Path, report: Result<report::Report, dossier::Error>, seconds| {
        let row = match report.map_err(anyhow::Error::from).and_then(|report| {
            // A batch's reports show no page pictures: drawing every page
            // again would cost a batch more than its reports are worth.
            write_reports(&report, &Pictures::default(), &out.join(&report.bundle))?;
            if let Some(profile) = packs.as_ref().filter(|_| report.verdict == Verdict::Ready) {
                write_pack(bundle, &report, limits, profile, &out)?;
            }
            Ok(Row::new(&report, seconds))
        }) {
            Ok(row) => row,
            Err(err) => {
                // A bundle that cannot be read or written is a one-line
                // error and a row that says why; the others go on.
                eprintln!("dossier: {err:#}");
                Row::failed(bundle_name(bundle), format!("{err:#}"), seconds)
            }
        };
        let mut rows = rows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        rows.push(row);
        let summary = Summary::new(as_of, rows.clone());
        if let Err(err) = write_summary_files(&summary, &out) {
            write_failure
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .get_or_insert(err);
        }
    };
    pool.install(|| dossier::check_all(&bundles, run, done));
    reporter.finish();
    if let Some(err) = write_failure
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
    {
        return Err(err);
    }
    let summary = Summary::new(as_of, rows.into_inner().unwrap_or_else(|p| p.into_inner()));
    let failed = summary.rows.iter().any(|row| row.error.is_some());
    let code = print_summary(&summary)?;
    Ok(if failed { ExitCode::from(2) } else { code })
}

/// A ready bundle's pack, in the worker that checked it, beside its
/// reports; a file over the profile's limit said on stderr.
fn write_pack(
    bundle: &Path,
    report: &report::Report,
    limits: &Limits,
    profile: &Profile,
    out: &Path,
) -> anyhow::Result<()> {
    let options = PrepareOptions {
        out: out.join(&report.bundle).join("pack"),
        force: false,
        profile: profile.clone(),
        redact: false,
    };
    let pack = dossier::prepare::prepare(bundle, report, limits, &options)?;
    for over in &pack.oversized {
        eprintln!("dossier: {}: over the limit: {over}", report.bundle);
    }
    Ok(())
}

/// `dossier summary`: the shards' summaries as one.
fn merge_summaries(dirs: &[PathBuf], out: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let summaries = dirs
        .iter()
        .map(|dir| {
            let path = dir.join("summary.json");
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read the summary", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not a dossier summary", path.display()))
        })
        .collect::<anyhow::Result<Vec<Summary>>>()?;
    let out = out.unwrap_or_else(|| PathBuf::from("dossier-report"));
    write_summary(&Summary::merge(summaries)?, &out)
}

/// Writes summary.json and summary.csv into `out`, prints the table, and
/// gives the exit code: 0 when every bundle is ready.
fn write_summary(summary: &Summary, out: &Path) -> anyhow::Result<ExitCode> {
    write_summary_files(summary, out)?;
    print_summary(summary)
}

/// summary.json and summary.csv in `out`.
fn write_summary_files(summary: &Summary, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the report folder", out.display()))?;
    let json = serde_json::to_string_pretty(summary)? + "\n";
    for (name, text) in [("summary.json", json), ("summary.csv", summary.to_csv())] {
        let path = out.join(name);
        write_replacing(&path, &text)
            .with_context(|| format!("{}: cannot write the summary", path.display()))?;
    }
    Ok(())
}

/// Prints the summary's table; the exit code says whether all are ready.
fn print_summary(summary: &Summary) -> anyhow::Result<ExitCode> {
    io::stdout().write_all(summary.to_table().as_bytes())?;
    Ok(if summary.all_ready() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The report folder must not be inside the bundle: the input is never written to.
fn refuse_inside(out: &Path, bundle: &Path) -> anyhow::Result<()> {
    let bundle = bundle
        .canonicalize()
        .with_context(|| format!("{}: cannot open the bundle", bundle.display()))?;
    if dossier::lies_within(out, &bundle)? {
        bail!(
            "{}: the output folder would be inside the bundle, which is never written to; pass --out DIR",
            out.display()
        );
    }
    Ok(())
}

/// A few lines for the terminal: the verdict and what blocks it.
fn summary(report: &report::Report, out: Option<&Path>) -> String {
    let verdict = match report.verdict {
        Verdict::Ready => "READY",
        Verdict::NotReady => "NOT READY",
    };
    let mut text = format!(
        "{}: {verdict} ({} errors, {} warnings) as of {}\n",
        report.bundle, report.summary.errors, report.summary.warnings, report.as_of
    );
    for finding in &report.findings {
        text.push_str(&format!(
            "  {:<7} {:<28} {}\n",
            finding.severity.as_str(),
            finding.code,
            finding.message
        ));
    }
    if let Some(term) = &report.permit_term {
        text.push_str(&format!(
            "Permit term: {} to {} (limited by {})\n",
            term.start,
            term.end,
            term.limit_name()
        ));
    }
    if let Some(out) = out {
        text.push_str(&format!(
            "Reports: {} (and report.html, report.json)\n",
            out.join("report.md").display()
        ));
    }
    text
}

fn inspect(
    file: &Path,
    json: bool,
    as_of: Option<NaiveDate>,
    limits: &Limits,
) -> anyhow::Result<ExitCode> {
    if !file.is_file() {
        bail!("{}: no such file", file.display());
    }
    let as_of = as_of.unwrap_or_else(today);
    let mut text = String::new();
    for analysed in dossier::inspect(file, as_of, limits)? {
        text.push_str(&match (&analysed, json) {
            (Analysed::Unreadable(unreadable), true) => {
                serde_json::to_string_pretty(unreadable)? + "\n"
            }
            (Analysed::Unreadable(unreadable), false) => {
                format!("{}: unreadable: {}\n", unreadable.path, unreadable.reason)
            }
            (Analysed::Document(document), true) => {
                serde_json::to_string_pretty(&Inspection::new(document, as_of))? + "\n"
            }
            (Analysed::Document(document), false) => {
                inspection_text(&Inspection::new(document, as_of))
            }
        });
    }
    io::stdout().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn inspection_text(inspection: &Inspection) -> String {
    let document = &inspection.document;
    let mut text = format!(
        "{}\n  kind:       {} (confidence {:.2})\n  language:   {} (confidence {:.2})\n",
        dossier::fields::document_name(&document.path, document.part, &document.continued_in),
        document.kind,
        document.kind_confidence,
        document
            .language
            .map_or("unknown", |language| language.code()),
        document.language_confidence.unwrap_or(0.0),
    );
    if let Some(part) = &document.part {
        text.push_str(&format!(
            "  part:       pages {}–{} of a stack of documents\n",
            part.first_page, part.last_page
        ));
    }
    if let Some(archive) = &document.unpacked_from {
        text.push_str(&format!("  unpacked:   from {archive}\n"));
    }
    for evidence in &inspection.evidence {
        text.push_str(&format!(
            "  evidence:   {} «{}» +{} («{}»)\n",
            evidence.kind, evidence.phrase, evidence.weight, evidence.text
        ));
    }
    for page in &document.pages {
        let confidence = page
            .ocr_confidence
            .map_or(String::new(), |c| format!(", OCR confidence {c:.2}"));
        let corrected = match page.perspective_corrected {
            true => ", photographed on a table: perspective corrected, light evened out",
            false => "",
        };
        text.push_str(&format!(
            "  page {}:     {:?}{confidence}, turned {}°{corrected}\n",
            page.number, page.source, page.rotation
        ));
    }
    for date in &document.dates {
        let role = date.role.map_or("-".to_string(), |role| {
            serde_json::to_string(&role)
                .unwrap_or_default()
                .replace('"', "")
        });
        text.push_str(&format!(
            "  date:       {} {:<15} page {} «{}»\n",
            date.date, role, date.page, date.text
        ));
    }
    if let Some(mrz) = &inspection.mrz {
        text.push_str(&format!("  mrz:        {}\n", mrz_line(mrz)));
    }
    text
}

/// One zone on one line: format, holder, number, dates, and the checks.
fn mrz_line(mrz: &Mrz) -> String {
    let date = |d: Option<NaiveDate>| d.map_or("?".to_string(), |d| d.to_string());
    let corrected = match mrz.corrections.len() {
        0 => String::new(),
        n => format!(", {n} characters corrected"),
    };
    format!(
        "{} {} {} {} / {} no. {} born {} expires {} checks {}{corrected}",
        label(&mrz.format),
        mrz.document_type,
        mrz.issuing_state,
        mrz.surname,
        mrz.given_names,
        mrz.document_number,
        date(mrz.birth_date),
        date(mrz.expiry_date),
        if mrz.checks_valid { "valid" } else { "FAILED" }
    )
}

/// A value's name as the JSON output spells it.
fn label(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

/// One line of `dossier mrz --json`: the file, then its zone or why it could
/// not be read (`mrz: null` when it shows none).
#[derive(serde::Serialize)]
struct MrzReading<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    mrz: Option<&'a Mrz>,
}

/// `dossier mrz`: each file's zone, then how many validated and the time per
/// file, which makes it the evaluation over a folder of specimens too.
fn mrz(
    files: &[PathBuf],
    json: bool,
    as_of: Option<NaiveDate>,
    limits: &Limits,
) -> anyhow::Result<ExitCode> {
    let as_of = as_of.unwrap_or_else(today);
    let mut out = io::stdout().lock();
    let (mut valid, mut total_time) = (0, std::time::Duration::ZERO);
    for file in files {
        let started = std::time::Instant::now();
        let reading = dossier::read_mrz(file, as_of, limits)?;
        let elapsed = started.elapsed();
        total_time += elapsed;
        valid += usize::from(matches!(&reading, Ok(Some(mrz)) if mrz.checks_valid));
        let path = file.display().to_string();
        let line = match (&reading, json) {
            (reading, true) => serde_json::to_string(&MrzReading {
                path: &path,
                mrz: reading.as_ref().ok().and_then(Option::as_ref),
                error: reading.as_ref().err().map(String::as_str),
            })?,
            (Ok(Some(mrz)), false) => format!("{path}: {} ({elapsed:.2?})", mrz_line(mrz)),
            (Ok(None), false) => format!("{path}: no zone found ({elapsed:.2?})"),
            (Err(reason), false) => format!("{path}: unreadable: {reason}"),
        };
        writeln!(out, "{line}")?;
    }
    if !json {
        let per_file = total_time / u32::try_from(files.len()).unwrap_or(u32::MAX).max(1);
        writeln!(
            out,
            "{valid} of {} read with every check digit valid; {per_file:.2?} a file on average",
            files.len()
        )?;
    }
    Ok(if valid == files.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The purpose `name`, or an error listing the purposes there are.
fn known_purpose(name: &str) -> anyhow::Result<&'static Purpose> {
    dossier::rules::purpose(name).ok_or_else(|| {
        let names: Vec<&str> = dossier::rules::purpose_names().collect();
        anyhow::anyhow!(
            "--purpose {name}: no such purpose; one of {}",
            names.join(", ")
        )
    })
}

fn rules_text(purposes: &[&Purpose]) -> String {
    let mut text: String = RULES
        .iter()
        .map(|rule| {
            format!(
                "{:<28} {:<8} {}\n{:<37} fix: {}\n",
                rule.code,
                rule.severity.as_str(),
                rule.summary,
                "",
                rule.hint
            )
        })
        .collect();
    for purpose in purposes {
        text.push_str(&term_text(purpose));
        text.push_str(&requirements_text(purpose));
        text.push_str(&deadlines_text(purpose));
    }
    text
}

/// Who applies for a purpose and the term it gets.
fn term_text(purpose: &Purpose) -> String {
    let term = &purpose.term;
    let limits: Vec<&str> = term.limited_by.iter().map(|kind| kind.as_str()).collect();
    format!(
        "\nPurpose {} ({}). {} applies; the term is {} months at most, no longer than {} ({}: {})\n",
        purpose.name,
        purpose.title,
        purpose.applicant,
        term.max_months,
        limits.join(", "),
        term.status.as_str(),
        term.basis
    )
}

fn requirements_text(purpose: &Purpose) -> String {
    let mut text = format!("Documents the {} purpose requires:\n", purpose.name);
    for requirement in &purpose.requires {
        text.push_str(&format!(
            "  {:<26} {} ({}: {})\n",
            requirement.kinds_text(),
            requirement.condition(),
            requirement.status.as_str(),
            requirement.basis
        ));
    }
    text
}

fn deadlines_text(purpose: &Purpose) -> String {
    let mut text = format!("Deadlines of the {} purpose:\n", purpose.name);
    for deadline in &purpose.deadlines {
        text.push_str(&format!(
            "  {:<26} {}, {} ({}: {})\n",
            deadline.name,
            deadline.limit_text(),
            deadline.severity.as_str(),
            deadline.status.as_str(),
            deadline.basis
        ));
    }
    text
}

/// The rules table as the README holds it, and each purpose's documents
/// and deadlines (a test keeps the two in step).
fn rules_markdown(purposes: &[&Purpose]) -> String {
    let mut text = String::from(
        "| code | severity | what it means | how to fix | basis |\n|---|---|---|---|---|\n",
    );
    for rule in RULES {
        text.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            rule.code,
            rule.severity.as_str(),
            rule.summary,
            rule.hint,
            rule.basis
        ));
    }
    for purpose in purposes {
        let term = &purpose.term;
        text.push_str(&format!(
            "\n#### Purpose `{}`: {}\n\n{} applies (`src/rules/purposes/{}.toml`, after `src/rules/common.toml`). Term: {} months at most, no longer than {} ({}: {}). A fact is stated in the bundle's `dossier.toml` or by `--fact`.\n\n| document | needed | basis | source |\n|---|---|---|---|\n",
            purpose.name,
            purpose.title,
            purpose.applicant,
            purpose.name,
            term.max_months,
            quoted(&term.limited_by, ", "),
            term.status.as_str(),
            term.basis
        ));
        for requirement in &purpose.requires {
            text.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                quoted(&requirement.kinds, " or "),
                requirement.condition(),
                requirement.basis,
                requirement.status.as_str()
            ));
        }
        text.push_str(
            "\n| deadline | limit | severity | basis | source |\n|---|---|---|---|---|\n",
        );
        for deadline in &purpose.deadlines {
            text.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                deadline.name,
                deadline.limit_text(),
                deadline.severity.as_str(),
                deadline.basis,
                deadline.status.as_str()
            ));
        }
    }
    text
}

/// Kinds as Markdown code, `passport`, joined by `separator`.
fn quoted(kinds: &[dossier::classify::DocumentKind], separator: &str) -> String {
    let quoted: Vec<String> = kinds.iter().map(|kind| format!("`{kind}`")).collect();
    quoted.join(separator)
}

/// A date given on the command line, within the years a filing can have:
/// chrono reads years up to ±262,143, where date arithmetic overflows.
fn filing_date(text: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|err| err.to_string())?;
    match chrono::Datelike::year(&date) {
        1900..=2200 => Ok(date),
        year => Err(format!("the year {year} is outside 1900–2200")),
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.downcast_ref::<io::Error>()
        .is_some_and(|err| err.kind() == io::ErrorKind::BrokenPipe)
}
