//! How the command line shows a run's progress (a module of the binary, not
//! the library): a bar on a terminal, log lines otherwise, nothing with -q.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use dossier::report::Verdict;
use indicatif::{ProgressBar, ProgressStyle};

/// How much the user asked to hear.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Reports on stderr, so stdout stays the report or the summary.
pub struct Reporter {
    bar: Option<ProgressBar>,
    verbosity: Verbosity,
    /// Whether finished bundles get a log line when there is no bar: yes in
    /// a batch, where they are the news; no for a single `check`.
    log_bundles: bool,
    bundles: usize,
    done: AtomicUsize,
    pages: AtomicUsize,
}

impl Reporter {
    pub fn new(verbosity: Verbosity, bundles: usize, log_bundles: bool) -> Reporter {
        let bar = (verbosity != Verbosity::Quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {pos}/{len} files, ETA {eta} {wide_msg}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar.set_prefix(format!("0/{bundles} bundles, 0 pages"));
            bar
        });
        Reporter {
            bar,
            verbosity,
            log_bundles,
            bundles,
            done: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
        }
    }

    /// Shows the bundles checked and the pages read so far.
    fn count_done(&self, bar: &ProgressBar) {
        bar.set_prefix(format!(
            "{}/{} bundles, {} pages",
            self.done.load(Ordering::Relaxed),
            self.bundles,
            self.pages.load(Ordering::Relaxed)
        ));
    }

    /// A line above the bar, or on its own.
    fn line(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    /// Clears the bar; with -v, says where the CPU time went.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.verbosity == Verbosity::Verbose {
            let cpu = dossier::extract::ocr::cpu_time();
            let (ocr, total) = (cpu.ocr.as_secs_f64(), cpu.total.as_secs_f64());
            let rest = (total - ocr).max(0.0);
            let share = if total > 0.0 {
                rest / total * 100.0
            } else {
                0.0
            };
            eprintln!(
                "CPU time: {total:.2} s, of which OCR {ocr:.2} s and the rest of the pipeline {rest:.2} s ({share:.1}%)"
            );
        }
    }
}

impl dossier::Progress for Reporter {
    fn found(&self, _bundle: &str, files: usize) {
        if let Some(bar) = &self.bar {
            bar.inc_length(files as u64);
        }
    }

    fn read(&self, bundle: &str, path: &str, pages: usize, seconds: f64) {
        self.pages.fetch_add(pages, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(format!("{bundle}/{path}"));
            self.count_done(bar);
        }
        if self.verbosity == Verbosity::Verbose {
            self.line(format!("{bundle}/{path}: {pages} page(s), {seconds:.2} s"));
        }
    }

    fn checked(&self, bundle: &str, verdict: Option<Verdict>, seconds: f64) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = &self.bar {
            self.count_done(bar);
        }
        let verdict = match verdict {
            Some(Verdict::Ready) => "ready",
            Some(Verdict::NotReady) => "not ready",
            None => "failed",
        };
        let wanted = match self.verbosity {
            Verbosity::Quiet => false,
            Verbosity::Normal => self.log_bundles && self.bar.is_none(),
            Verbosity::Verbose => true,
        };
        if wanted {
            self.line(format!(
                "[{done}/{}] {bundle}: {verdict} ({seconds:.1} s)",
                self.bundles
            ));
        }
    }
}
