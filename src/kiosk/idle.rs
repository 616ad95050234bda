//! [`IdleTimer`]: when nobody has touched the screen for a while, warn; when nobody answers
//! the warning, it is time to sign out. Runs on egui time, so tests can advance it.

/// Where the idle timer is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IdleState {
    /// Someone is using the screen.
    Active,
    /// The "Are you still there?" countdown is on.
    Warning {
        /// Seconds left before the sign-out.
        remaining_s: f64,
    },
    /// The countdown ran out.
    Expired,
}

/// Measures the time since the last real input.
#[derive(Clone, Debug, PartialEq)]
pub struct IdleTimer {
    idle_s: f64,
    warning_s: f64,
    last_input_at: f64,
    countdown_ends_at: Option<f64>,
}

impl IdleTimer {
    /// A timer that warns after `idle_s` seconds without input and expires `warning_s`
    /// seconds later; it starts counting at `now`.
    pub fn new(idle_s: u32, warning_s: u32, now: f64) -> Self {
        Self {
            idle_s: f64::from(idle_s),
            warning_s: f64::from(warning_s),
            last_input_at: now,
            countdown_ends_at: None,
        }
    }

    /// Real input arrived at `now`. During the warning only [`IdleTimer::extend`] counts,
    /// so that a stray touch does not hide the question unanswered.
    pub fn touch(&mut self, now: f64) {
        if self.countdown_ends_at.is_none() {
            self.last_input_at = now;
        }
    }

    /// "I'm still here": the warning goes away and the idle time starts again.
    pub fn extend(&mut self, now: f64) {
        self.countdown_ends_at = None;
        self.last_input_at = now;
    }

    /// Where things stand at `now`; starts the countdown when the idle time is up.
    pub fn update(&mut self, now: f64) -> IdleState {
        if self.countdown_ends_at.is_none() && now - self.last_input_at >= self.idle_s {
            self.countdown_ends_at = Some(now + self.warning_s);
        }
        match self.countdown_ends_at {
            None => IdleState::Active,
            Some(end) if now >= end => IdleState::Expired,
            Some(end) => IdleState::Warning {
                remaining_s: end - now,
            },
        }
    }

    /// Seconds from `now` until the screen must change next: the start of the warning, or
    /// the next tick of its countdown. Nothing needs painting before then.
    pub fn next_change_in(&self, now: f64) -> f64 {
        let wait = match self.countdown_ends_at {
            None => self.last_input_at + self.idle_s - now,
            Some(end) => {
                let remaining = end - now;
                // The countdown shows whole seconds, rounded up: it changes when the
                // remaining time crosses the next integer below it.
                let fraction = remaining - (remaining.ceil() - 1.0);
                fraction.min(remaining)
            }
        };
        wait.max(0.0)
    }
}

/// Whole seconds to show for `remaining_s` (3.2 s left reads "4").
pub fn seconds_shown(remaining_s: f64) -> u32 {
    let seconds = remaining_s.ceil().max(0.0);
    // The countdown is at most a few minutes long: far inside u32.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a countdown of seconds: small and never negative"
    )]
    let seconds = seconds as u32;
    seconds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_comes_after_the_idle_time_and_expires_after_the_countdown() {
        let mut timer = IdleTimer::new(60, 30, 100.0);
        assert_eq!(timer.update(159.0), IdleState::Active);
        assert_eq!(timer.next_change_in(159.0), 1.0);
        assert_eq!(
            timer.update(160.0),
            IdleState::Warning { remaining_s: 30.0 }
        );
        assert_eq!(
            timer.update(175.5),
            IdleState::Warning { remaining_s: 14.5 }
        );
        assert!((timer.next_change_in(175.5) - 0.5).abs() < 1e-9);
        assert_eq!(timer.update(190.0), IdleState::Expired);
    }

    #[test]
    fn input_postpones_the_warning_but_does_not_answer_it() {
        let mut timer = IdleTimer::new(60, 30, 0.0);
        timer.touch(50.0);
        assert_eq!(timer.update(100.0), IdleState::Active);
        assert_eq!(
            timer.update(110.0),
            IdleState::Warning { remaining_s: 30.0 }
        );
        timer.touch(115.0);
        assert_eq!(
            timer.update(116.0),
            IdleState::Warning { remaining_s: 24.0 }
        );
        timer.extend(117.0);
        assert_eq!(timer.update(170.0), IdleState::Active);
        assert_eq!(
            timer.update(177.0),
            IdleState::Warning { remaining_s: 30.0 }
        );
    }

    #[test]
    fn the_countdown_shows_whole_seconds_rounded_up() {
        assert_eq!(seconds_shown(30.0), 30);
        assert_eq!(seconds_shown(29.01), 30);
        assert_eq!(seconds_shown(0.2), 1);
        assert_eq!(seconds_shown(-1.0), 0);
    }
}
