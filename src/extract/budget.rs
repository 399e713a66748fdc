//! What one file may cost to read: its limits and the CPU time it has used.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::{ExtractError, OcrError};
use crate::Limits;

/// One file's reading, held to [`Limits`], over every pass made on it (a
/// second look by OCR spends from the same budget). Time is CPU time,
/// summed over every thread that works on the file: wall time would cut
/// files short in a batch that keeps every core busy with other bundles.
/// A step's OCR is held to a page's time as well.
pub struct FileBudget<'a> {
    pub(crate) limits: &'a Limits,
    spent_nanos: AtomicU64,
}

impl<'a> FileBudget<'a> {
    pub fn new(limits: &'a Limits) -> Self {
        FileBudget {
            limits,
            spent_nanos: AtomicU64::new(0),
        }
    }

    /// Runs one step of the reading (a page, mostly) and charges its CPU
    /// time, unless the file has spent its time already. A step's OCR
    /// stops (between words) once the step has used what was left of the
    /// file's time or a page's; other work in it (decoding a page) runs to
    /// its end, bounded by the pixel limit instead.
    pub(crate) fn step<T>(
        &self,
        work: impl FnOnce() -> Result<T, ExtractError>,
    ) -> Result<T, ExtractError> {
        let allowed = u64::from(self.limits.max_file_seconds) * 1_000_000_000;
        let spent = self.spent_nanos.load(Ordering::Relaxed);
        if spent > allowed {
            return Err(self.file_spent());
        }
        let file_left = Duration::from_nanos(allowed - spent);
        let page = Duration::from_secs(self.limits.max_page_seconds.into());
        let result = {
            let _deadline = StepDeadline::set(thread_cpu_time() + file_left.min(page));
            charging_cpu(&self.spent_nanos, work)
        };
        match result {
            Err(ExtractError::Ocr(OcrError::OutOfTime)) if page < file_left => {
                Err(ExtractError::OverLimit(format!(
                    "OCR of one page took over {} s of CPU time, the limit for a page (--max-page-seconds)",
                    self.limits.max_page_seconds
                )))
            }
            Err(ExtractError::Ocr(OcrError::OutOfTime)) => Err(self.file_spent()),
            result => result,
        }
    }

    fn file_spent(&self) -> ExtractError {
        ExtractError::OverLimit(format!(
            "reading it took over {} s of CPU time, the limit for one file (--max-file-seconds)",
            self.limits.max_file_seconds
        ))
    }
}

thread_local! {
    /// This thread's CPU clock reading at which the step it runs has used
    /// what was left of its file's time.
    static STEP_ENDS: Cell<Option<Duration>> = const { Cell::new(None) };
}

/// This thread's step deadline while a step runs: the earlier of its own
/// and an enclosing step's, the enclosing one's again when it ends, even by
/// a panic (which `isolated` catches, and the thread goes on to other
/// files).
struct StepDeadline(Option<Duration>);

impl StepDeadline {
    fn set(ends: Duration) -> StepDeadline {
        let outer = STEP_ENDS.get();
        STEP_ENDS.set(Some(outer.map_or(ends, |outer| outer.min(ends))));
        StepDeadline(outer)
    }
}

impl Drop for StepDeadline {
    fn drop(&mut self) {
        STEP_ENDS.set(self.0);
    }
}

/// Whether the step running on this thread has used what was left of its
/// file's time: OCR asks between words, so that one page of crafted noise
/// cannot hold a thread past the budget.
pub(super) fn out_of_time() -> bool {
    STEP_ENDS.get().is_some_and(|ends| thread_cpu_time() > ends)
}

/// Runs `work` and adds the CPU time this thread spent on it to `spent`,
/// in nanoseconds.
pub(super) fn charging_cpu<T>(spent: &AtomicU64, work: impl FnOnce() -> T) -> T {
    let started = thread_cpu_time();
    let result = work();
    let used = thread_cpu_time().saturating_sub(started);
    let nanos = u64::try_from(used.as_nanos()).unwrap_or(u64::MAX);
    spent.fetch_add(nanos, Ordering::Relaxed);
    result
}

/// CPU time the calling thread has used.
fn thread_cpu_time() -> Duration {
    cpu_clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time the whole process has used.
pub(super) fn process_cpu_time() -> Duration {
    cpu_clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn cpu_clock(id: libc::clockid_t) -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; both clocks exist on
    // every Linux, and a failure leaves it zero.
    unsafe { libc::clock_gettime(id, &mut now) };
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_past_its_time_starts_no_new_step() {
        let limits = Limits {
            max_file_seconds: 0,
            ..Limits::default()
        };
        let budget = FileBudget::new(&limits);
        // The first step finds nothing spent yet; the work it does uses time.
        let spin = || {
            let started = thread_cpu_time();
            while thread_cpu_time() - started < Duration::from_millis(5) {}
            Ok(1)
        };
        assert_eq!(budget.step(spin).unwrap(), 1);
        let err = budget.step(|| Ok(2)).unwrap_err();
        assert!(err.to_string().contains("--max-file-seconds"), "{err}");
    }

    #[test]
    fn ocr_stopped_by_a_page_limit_names_that_limit() {
        let limits = Limits {
            max_page_seconds: 0,
            ..Limits::default()
        };
        let budget = FileBudget::new(&limits);
        // What OCR does: asks between words, stops once told.
        let ocr = || {
            while !out_of_time() {}
            Err::<(), _>(ExtractError::Ocr(OcrError::OutOfTime))
        };
        let err = budget.step(ocr).unwrap_err();
        assert!(err.to_string().contains("--max-page-seconds"), "{err}");
        assert!(!out_of_time(), "the page's limit ends with its step");
    }

    #[test]
    fn a_step_that_panics_leaves_no_deadline_behind() {
        let limits = Limits {
            max_page_seconds: 0,
            ..Limits::default()
        };
        let budget = FileBudget::new(&limits);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            budget.step(|| -> Result<(), ExtractError> { panic!("a decoder's bug") })
        }));
        assert!(panicked.is_err());
        assert!(
            !out_of_time(),
            "the next file's OCR on this thread is not stopped"
        );
    }
}
