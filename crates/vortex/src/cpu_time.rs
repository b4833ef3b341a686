//! CPU time used by this process and its children (user + system), for benchmarks.

use std::time::Duration;

fn rusage(who: libc::c_int) -> Duration {
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let ru = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut ru);
        ru
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// User + system CPU time of this process so far.
pub fn this_process() -> Duration {
    rusage(libc::RUSAGE_SELF)
}

/// User + system CPU time of waited-for child processes so far.
pub fn children() -> Duration {
    rusage(libc::RUSAGE_CHILDREN)
}
