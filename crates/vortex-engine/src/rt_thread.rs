//! Real-time scheduling for the threads that drive the audio callback.

/// Asks the OS to run the calling thread under `SCHED_FIFO` at `priority` (1..=99) and
/// tightens its timer slack to 1 µs so sleeps wake on time.
///
/// # Errors
/// The reason it was refused (usually: no permission; grant `rtprio` in
/// `/etc/security/limits.conf` or `CAP_SYS_NICE`). The thread then runs at normal
/// priority, which works but is more exposed to other load.
pub fn promote_current_thread(priority: u8) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: plain system calls on the current thread with valid arguments.
        unsafe {
            libc::prctl(libc::PR_SET_TIMERSLACK, 1_000u64, 0u64, 0u64, 0u64);
            let param = libc::sched_param {
                sched_priority: i32::from(priority.clamp(1, 99)),
            };
            let rc = libc::pthread_setschedparam(libc::pthread_self(), libc::SCHED_FIFO, &param);
            if rc == 0 {
                Ok(())
            } else {
                Err(format!(
                    "real-time priority (SCHED_FIFO {priority}) refused: {}",
                    std::io::Error::from_raw_os_error(rc)
                ))
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = priority;
        Err("real-time priority is only implemented on Linux".into())
    }
}

/// Locks the process's current memory (code and data) into RAM, so the audio thread
/// never waits for a page to be read back in: a kernel that reclaims cold pages (DAMON
/// `pageout`, memory pressure) would otherwise drop, say, the code of a convolution
/// level that runs a few times a second. Later allocations are not locked (no
/// `MCL_FUTURE`, which could make them fail at the lock limit).
///
/// # Errors
/// The reason it was refused (usually `RLIMIT_MEMLOCK`; raise `memlock` in
/// `/etc/security/limits.conf` or grant `CAP_IPC_LOCK`).
pub fn lock_memory() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: a plain system call with valid flags.
        let rc = unsafe { libc::mlockall(libc::MCL_CURRENT) };
        if rc == 0 {
            Ok(())
        } else {
            Err(format!(
                "locking memory (mlockall) refused: {}",
                std::io::Error::last_os_error()
            ))
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        Err("locking memory is only implemented on Linux".into())
    }
}

/// A do-nothing thread at a real-time priority that sleeps 1 ms at a time and records
/// how late it wakes: the platform's own scheduling stalls, a baseline for judging late
/// audio periods (a shared VM stalls every thread now and then, audio or not).
pub struct StallDetector {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    worst_ns: std::sync::Arc<std::sync::atomic::AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StallDetector {
    /// Starts the detector at `priority` (1..=99; it runs unpromoted if refused).
    pub fn start(priority: u8) -> Self {
        use std::sync::atomic::Ordering::Relaxed;
        use std::time::{Duration, Instant};
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let worst_ns = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (s, w) = (stop.clone(), worst_ns.clone());
        let thread = std::thread::Builder::new()
            .name("vortex-stall-detector".into())
            .spawn(move || {
                let _ = promote_current_thread(priority);
                while !s.load(Relaxed) {
                    let t = Instant::now();
                    std::thread::sleep(Duration::from_millis(1));
                    let over = t.elapsed().saturating_sub(Duration::from_millis(1));
                    w.fetch_max(over.as_nanos() as u64, Relaxed);
                }
            })
            .ok();
        Self {
            stop,
            worst_ns,
            thread,
        }
    }

    /// Stops the detector and returns the worst oversleep seen, ms.
    pub fn stop(mut self) -> f64 {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.worst_ns.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e6
    }
}
