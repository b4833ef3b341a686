//! What every exported analyzer is behind its pointer: the analyzer, an input area of
//! [`MAX_BATCH`] samples and a result area of `N` `f64` slots, all allocated at once.

use crate::MAX_BATCH;

/// An analyzer `A` with its input and result areas.
pub struct Handle<A, const N: usize> {
    analyzer: A,
    input: Box<[f32]>,
    result: [f64; N],
}

impl<A, const N: usize> Handle<A, N> {
    /// Boxes `analyzer` with zeroed areas and gives up ownership: the pointer is freed by
    /// [`Handle::free`].
    pub fn into_raw(analyzer: A) -> *mut Self {
        Box::into_raw(Box::new(Self {
            analyzer,
            input: vec![0.0; MAX_BATCH].into_boxed_slice(),
            result: [0.0; N],
        }))
    }

    /// Drops the handle at `handle` (null is ignored).
    ///
    /// # Safety
    /// `handle` is null or came from [`Handle::into_raw`] and was not freed yet.
    pub unsafe fn free(handle: *mut Self) {
        if !handle.is_null() {
            // SAFETY: per the contract, `handle` is a live pointer from `Box::into_raw`.
            drop(unsafe { Box::from_raw(handle) });
        }
    }

    /// The handle behind `handle`, or `None` for null.
    ///
    /// # Safety
    /// `handle` is null or a live pointer from [`Handle::into_raw`], not used elsewhere
    /// during the returned borrow.
    pub unsafe fn get<'a>(handle: *mut Self) -> Option<&'a mut Self> {
        // SAFETY: per the contract.
        unsafe { handle.as_mut() }
    }

    /// The analyzer.
    pub fn analyzer(&mut self) -> &mut A {
        &mut self.analyzer
    }

    /// Address of the input area ([`MAX_BATCH`] samples).
    pub fn input_ptr(&mut self) -> *mut f32 {
        self.input.as_mut_ptr()
    }

    /// Address of the result area (`N` slots).
    pub fn result_ptr(&self) -> *const f64 {
        self.result.as_ptr()
    }

    /// The result slots.
    pub fn result(&self) -> &[f64; N] {
        &self.result
    }

    /// Runs `f` on the first `len` input samples (cut to [`MAX_BATCH`]) and the result
    /// area; returns what `f` returns.
    pub fn process<R>(
        &mut self,
        len: u32,
        f: impl FnOnce(&mut A, &[f32], &mut [f64; N]) -> R,
    ) -> R {
        let len = (len as usize).min(MAX_BATCH);
        f(&mut self.analyzer, &self.input[..len], &mut self.result)
    }

    /// Copies `samples` (at most [`MAX_BATCH`]) into the input area, as a caller in
    /// JavaScript would; returns how many were copied.
    pub fn write_input(&mut self, samples: &[f32]) -> u32 {
        let n = samples.len().min(MAX_BATCH);
        self.input[..n].copy_from_slice(&samples[..n]);
        n as u32
    }
}

/// Exports the three functions every analyzer has, under the names given: `free`
/// (null is ignored), `input` (address of the input area) and `result` (address of the
/// result area), the latter two null for a null handle. `$what` names the analyzer in
/// their docs.
macro_rules! handle_exports {
    ($handle:ty, $what:literal, free: $free:ident, input: $input:ident, result: $result:ident) => {
        #[doc = concat!("Frees a ", $what, " (null is ignored).")]
        ///
        /// # Safety
        #[doc = concat!("`handle` is null or a live ", $what, ", not freed yet.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $free(handle: *mut $handle) {
            // SAFETY: forwarded contract.
            unsafe { <$handle>::free(handle) }
        }

        #[doc = concat!("Address of the ", $what, "'s input area (`vx_max_batch()` samples); null for null.")]
        ///
        /// # Safety
        #[doc = concat!("`handle` is null or a live ", $what, ".")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $input(handle: *mut $handle) -> *mut f32 {
            // SAFETY: forwarded contract.
            unsafe { <$handle>::get(handle) }.map_or(std::ptr::null_mut(), |h| h.input_ptr())
        }

        #[doc = concat!("Address of the ", $what, "'s result area (`RESULT_SLOTS` `f64`s); null for null.")]
        ///
        /// # Safety
        #[doc = concat!("`handle` is null or a live ", $what, ".")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $result(handle: *mut $handle) -> *const f64 {
            // SAFETY: forwarded contract.
            unsafe { <$handle>::get(handle) }.map_or(std::ptr::null(), |h| h.result_ptr())
        }
    };
}

pub(crate) use handle_exports;
