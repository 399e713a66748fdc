//! What one file may cost to read: its limits and the CPU time it has used.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::ExtractError;
use crate::Limits;

/// One file's reading, held to [`Limits`], over every pass made on it (a
/// second look by OCR spends from the same budget). Time is CPU time,
/// summed over every thread that works on the file: wall time would cut
/// files short in a batch that keeps every core busy with other bundles.
/// A step already started runs to its end: one page's decoding and OCR
/// are bounded by the pixel limit instead.
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
    /// time, unless the file has spent its time already: the steps then
    /// running finish, no new one starts.
    pub(crate) fn step<T>(
        &self,
        work: impl FnOnce() -> Result<T, ExtractError>,
    ) -> Result<T, ExtractError> {
        let allowed = u64::from(self.limits.max_file_seconds) * 1_000_000_000;
        if self.spent_nanos.load(Ordering::Relaxed) > allowed {
            return Err(ExtractError::OverLimit(format!(
                "reading it took over {} s of CPU time, the limit for one file (--max-file-seconds)",
                self.limits.max_file_seconds
            )));
        }
        charging_cpu(&self.spent_nanos, work)
    }
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
}
