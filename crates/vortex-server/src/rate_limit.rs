//! Per-client command rate limiting: a token bucket with continuous refill.
//!
//! Time is always passed in by the caller, so the bucket is deterministic and
//! testable; it never reads the clock itself.

use std::time::Instant;

/// Slack (in tokens) absorbing floating-point rounding in the refill, so that
/// waiting exactly `1 / rate` seconds always yields a whole token.
const EPSILON_TOKENS: f64 = 1e-9;

/// A refused take: the bucket is empty.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("rate limited: retry after {retry_after_s:.3} s")]
pub struct RateLimited {
    /// Seconds until one token is available (≥ 0). `f64::INFINITY` when the
    /// bucket never refills (its rate is zero or invalid).
    pub retry_after_s: f64,
}

/// A token bucket: at most `burst` commands at once, then `rate_per_s`
/// commands per second on average.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    /// Refill rate in tokens per second (finite, ≥ 0).
    rate_per_s: f64,
    /// Capacity in tokens (finite, ≥ 1).
    burst: f64,
    /// Tokens available at `last` (0..=burst).
    tokens: f64,
    /// The latest time seen; refill is computed from here.
    last: Instant,
}

impl TokenBucket {
    /// A full bucket.
    ///
    /// - `rate_per_s`: refill rate in tokens per second; a negative, NaN or
    ///   infinite rate is treated as 0 (the bucket never refills).
    /// - `burst`: capacity in tokens; clamped to at least 1 (NaN and infinity
    ///   also become 1), so one command can always pass eventually.
    /// - `now`: the current time.
    pub fn new(rate_per_s: f64, burst: f64, now: Instant) -> Self {
        let rate_per_s = if rate_per_s.is_finite() && rate_per_s > 0.0 {
            rate_per_s
        } else {
            0.0
        };
        let burst = if burst.is_finite() && burst > 1.0 {
            burst
        } else {
            1.0
        };
        Self {
            rate_per_s,
            burst,
            tokens: burst,
            last: now,
        }
    }

    /// Takes one token if available at `now`.
    ///
    /// Tokens refill continuously at `rate_per_s`, capped at `burst`. A `now`
    /// earlier than a time already seen counts as no elapsed time.
    pub fn try_take(&mut self, now: Instant) -> Result<(), RateLimited> {
        self.refill(now);
        if self.tokens + EPSILON_TOKENS >= 1.0 {
            self.tokens = (self.tokens - 1.0).max(0.0);
            Ok(())
        } else {
            let missing = 1.0 - self.tokens;
            let retry_after_s = if self.rate_per_s > 0.0 {
                missing / self.rate_per_s
            } else {
                f64::INFINITY
            };
            Err(RateLimited { retry_after_s })
        }
    }

    /// Tokens available at `now` (0..=burst), after refilling.
    pub fn available(&mut self, now: Instant) -> f64 {
        self.refill(now);
        self.tokens
    }

    fn refill(&mut self, now: Instant) {
        let elapsed_s = now.saturating_duration_since(self.last).as_secs_f64();
        if now > self.last {
            self.last = now;
        }
        self.tokens = (self.tokens + elapsed_s * self.rate_per_s).min(self.burst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn burst_then_refusal() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(10.0, 5.0, t0);
        for _ in 0..5 {
            assert!(b.try_take(t0).is_ok());
        }
        assert!(b.try_take(t0).is_err());
    }

    #[test]
    fn refills_after_one_over_rate() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(10.0, 1.0, t0);
        assert!(b.try_take(t0).is_ok());
        assert!(b.try_take(t0 + ms(50)).is_err());
        assert!(b.try_take(t0 + ms(100)).is_ok());
        assert!(b.try_take(t0 + ms(100)).is_err());
    }

    #[test]
    fn never_exceeds_burst_after_long_idle() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(100.0, 3.0, t0);
        for _ in 0..3 {
            b.try_take(t0).unwrap();
        }
        let later = t0 + Duration::from_secs(3600);
        assert!((b.available(later) - 3.0).abs() < 1e-12);
        for _ in 0..3 {
            assert!(b.try_take(later).is_ok());
        }
        assert!(b.try_take(later).is_err());
    }

    #[test]
    fn retry_after_is_time_to_next_token() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(4.0, 1.0, t0);
        b.try_take(t0).unwrap();
        let e = b.try_take(t0).unwrap_err();
        assert!((e.retry_after_s - 0.25).abs() < 1e-9, "{e:?}");
        let e = b.try_take(t0 + ms(100)).unwrap_err();
        assert!((e.retry_after_s - 0.15).abs() < 1e-9, "{e:?}");
        assert!(b.try_take(t0 + ms(250)).is_ok());
    }

    #[test]
    fn time_going_backwards_adds_nothing() {
        let t0 = Instant::now();
        let t1 = t0 + ms(1000);
        let mut b = TokenBucket::new(1.0, 1.0, t1);
        b.try_take(t1).unwrap();
        assert!(b.try_take(t0).is_err());
        // The later time is kept: going back then forward again doesn't double-count.
        assert!(b.try_take(t1 + ms(500)).is_err());
        assert!(b.try_take(t1 + ms(1000)).is_ok());
    }

    #[test]
    fn invalid_parameters_do_not_panic() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(f64::NAN, f64::NAN, t0);
        assert!(b.try_take(t0).is_ok());
        let e = b.try_take(t0 + Duration::from_secs(10)).unwrap_err();
        assert!(e.retry_after_s.is_infinite());

        let mut b = TokenBucket::new(-5.0, 0.0, t0);
        assert!(b.try_take(t0).is_ok());
        assert!(b.try_take(t0).is_err());

        let mut b = TokenBucket::new(f64::INFINITY, f64::INFINITY, t0);
        assert!(b.try_take(t0).is_ok());
        assert!(b.try_take(t0).is_err());
    }

    #[test]
    fn message_mentions_delay() {
        let e = RateLimited {
            retry_after_s: 0.25,
        };
        assert_eq!(e.to_string(), "rate limited: retry after 0.250 s");
    }
}
