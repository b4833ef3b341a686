//! Why the last constructor or setter failed, as UTF-8 text in linear memory.

use std::cell::RefCell;

thread_local! {
    /// The reason of the last failure on this thread (the browser module has one);
    /// replaced by each failure, never cleared.
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records `message` as the last failure.
pub(crate) fn set(message: impl std::fmt::Display) {
    LAST_ERROR.with_borrow_mut(|last| *last = message.to_string());
}

/// Runs `f` with the last failure's text (empty when nothing failed yet).
pub fn with_last_error<R>(f: impl FnOnce(&str) -> R) -> R {
    LAST_ERROR.with_borrow(|last| f(last))
}

/// Address of the last failure's text (UTF-8, [`vx_last_error_len`] bytes). Valid until
/// the next failure.
#[unsafe(no_mangle)]
pub extern "C" fn vx_last_error() -> *const u8 {
    with_last_error(|text| text.as_ptr())
}

/// Length in bytes of the last failure's text.
#[unsafe(no_mangle)]
pub extern "C" fn vx_last_error_len() -> u32 {
    with_last_error(|text| text.len() as u32)
}
