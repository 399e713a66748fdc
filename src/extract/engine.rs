//! One Tesseract engine, over its C API.
//!
//! The `tesseract` crate offers no way to stop a recognition once started,
//! and a crafted page holds Tesseract for minutes: 1,000,000 random specks
//! on a 3000 × 3000 page ran past 100 s in either layout mode. Tesseract's
//! monitor asks a callback between words whether to go on; here that
//! callback is the file's time budget.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::ptr::NonNull;

use tesseract_sys as sys;

use super::image::GrayImage;

/// What the engine read on one image.
pub(super) struct Output {
    pub text: String,
    /// Tesseract's TSV: one row a word, with its box and confidence.
    pub tsv: String,
    /// Mean word confidence, 0..1.
    pub confidence: f32,
}

/// How Tesseract finds the text on the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// Columns, blocks and tables found first: a page.
    Auto,
    /// All of it one block of lines: a crop, or a page whose layout analysis
    /// would cost too much.
    SingleBlock,
}

/// Why a recognition gave nothing.
#[derive(Debug)]
pub(super) enum Failure {
    /// The caller's `stop` said so.
    Stopped,
    /// Tesseract refused; the text says at which call.
    Engine(&'static str),
}

/// A started engine with its models loaded. Dropping it frees them.
pub(super) struct Engine(NonNull<sys::TessBaseAPI>);

// SAFETY: a TessBaseAPI holds no thread-affine state; `&mut self` on every
// call keeps it to one thread at a time.
unsafe impl Send for Engine {}

impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: the handle came from TessBaseAPICreate and is freed once.
        unsafe {
            sys::TessBaseAPIEnd(self.0.as_ptr());
            sys::TessBaseAPIDelete(self.0.as_ptr());
        }
    }
}

impl Engine {
    /// Starts an engine with the models of `languages` (`rus+kaz+eng`) from
    /// the system's tessdata.
    pub fn new(languages: &str) -> Result<Engine, String> {
        let languages = CString::new(languages).map_err(|err| err.to_string())?;
        // SAFETY: no arguments; a null result is handled.
        let handle = NonNull::new(unsafe { sys::TessBaseAPICreate() })
            .ok_or("Tesseract could not allocate an engine")?;
        let engine = Engine(handle);
        // SAFETY: a live handle and a NUL-terminated string; a null data
        // path means the system's.
        let status =
            unsafe { sys::TessBaseAPIInit3(handle.as_ptr(), std::ptr::null(), languages.as_ptr()) };
        match status {
            0 => Ok(engine),
            _ => Err("its models were not found or did not load".into()),
        }
    }

    pub fn set_variable(&mut self, name: &str, value: &str) -> Result<(), String> {
        let (name_c, value_c) = CString::new(name)
            .and_then(|name| Ok((name, CString::new(value)?)))
            .map_err(|err| err.to_string())?;
        // SAFETY: a live handle and two NUL-terminated strings, which
        // Tesseract copies.
        let status = unsafe {
            sys::TessBaseAPISetVariable(self.0.as_ptr(), name_c.as_ptr(), value_c.as_ptr())
        };
        match status {
            1 => Ok(()),
            _ => Err(format!("Tesseract has no setting `{name}`")),
        }
    }

    /// Reads `image` (8-bit grey, 300 DPI). `stop` is asked between words
    /// and after the last: once it says yes, the reading ends and is
    /// [`Failure::Stopped`], never a partial text.
    pub fn read(
        &mut self,
        image: &GrayImage,
        layout: Layout,
        stop: &dyn Fn() -> bool,
    ) -> Result<Output, Failure> {
        let api = self.0.as_ptr();
        let side = |pixels: u32| c_int::try_from(pixels).map_err(|_| Failure::Engine("image size"));
        let (width, height) = (side(image.width())?, side(image.height())?);
        let mode = match layout {
            Layout::Auto => sys::TessPageSegMode_PSM_AUTO,
            Layout::SingleBlock => sys::TessPageSegMode_PSM_SINGLE_BLOCK,
        };
        let monitor = Monitor::new(&stop).ok_or(Failure::Engine("monitor"))?;
        // SAFETY: `image` holds exactly width × height bytes, one a pixel,
        // rows unpadded, and Tesseract copies them; the monitor outlives
        // the call that uses it.
        let status = unsafe {
            sys::TessBaseAPISetPageSegMode(api, mode);
            sys::TessBaseAPISetImage(api, image.as_raw().as_ptr(), width, height, 1, width);
            sys::TessBaseAPISetSourceResolution(api, 300);
            sys::TessBaseAPIRecognize(api, monitor.0.as_ptr())
        };
        if stop() {
            return Err(Failure::Stopped);
        }
        if status != 0 {
            return Err(Failure::Engine("recognition"));
        }
        // SAFETY: a live handle with a finished recognition; each text is
        // copied and freed by `owned`.
        unsafe {
            Ok(Output {
                text: owned(sys::TessBaseAPIGetUTF8Text(api)).ok_or(Failure::Engine("text"))?,
                tsv: owned(sys::TessBaseAPIGetTsvText(api, 0)).ok_or(Failure::Engine("TSV"))?,
                confidence: sys::TessBaseAPIMeanTextConf(api).clamp(0, 100) as f32 / 100.0,
            })
        }
    }
}

/// Tesseract's version, as its library reports it.
pub(crate) fn version() -> String {
    // SAFETY: a static string of the library's.
    unsafe { CStr::from_ptr(sys::TessVersion()) }
        .to_string_lossy()
        .into_owned()
}

/// Copies a string Tesseract allocated and frees it; `None` for null.
///
/// # Safety
/// `text` is null or a NUL-terminated string from Tesseract, not used after.
unsafe fn owned(text: *mut c_char) -> Option<String> {
    if text.is_null() {
        return None;
    }
    // SAFETY: the caller's promise.
    unsafe {
        let copy = CStr::from_ptr(text).to_string_lossy().into_owned();
        sys::TessDeleteText(text);
        Some(copy)
    }
}

/// A progress monitor whose cancel callback asks `stop`.
struct Monitor(NonNull<sys::ETEXT_DESC>);

impl Monitor {
    /// `stop` must outlive the monitor: it is passed by address.
    fn new(stop: &&dyn Fn() -> bool) -> Option<Monitor> {
        // SAFETY: no arguments; a null result is handled.
        let monitor = Monitor(NonNull::new(unsafe { sys::TessMonitorCreate() })?);
        let this = std::ptr::from_ref(stop).cast_mut().cast::<c_void>();
        // SAFETY: a live monitor; `this` points at `stop`, which the
        // caller keeps alive while the monitor is in use.
        unsafe {
            sys::TessMonitorSetCancelFunc(monitor.0.as_ptr(), Some(ask_stop));
            sys::TessMonitorSetCancelThis(monitor.0.as_ptr(), this);
        }
        Some(monitor)
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        // SAFETY: created by TessMonitorCreate, freed once.
        unsafe { sys::TessMonitorDelete(self.0.as_ptr()) }
    }
}

/// The monitor's cancel callback.
///
/// # Safety
/// `this` is the `&&dyn Fn() -> bool` [`Monitor::new`] was given.
unsafe extern "C" fn ask_stop(this: *mut c_void, _words: c_int) -> bool {
    // SAFETY: the caller's promise; `stop` only reads clocks, so it cannot
    // unwind into C.
    let stop = unsafe { &*this.cast::<&dyn Fn() -> bool>() };
    stop()
}
