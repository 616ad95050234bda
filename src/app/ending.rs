//! Ending well. Closing the window, and a signal from outside (SIGTERM from a service
//! manager or a log-out, SIGINT, SIGHUP; see [`EndRequest`]), take one path: the
//! preferences are saved, an open session is revoked on the server and every account
//! value and secret is wiped, then the window closes. The revocation is waited for a
//! few seconds at most, so that a dead server cannot keep the app from ending.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::RedeemApp;

/// Longest wait for the server to confirm the revocation, seconds.
const REVOKE_WAIT_S: f64 = 3.0;

/// A request to end the app, made from outside the window: the thread that hears a
/// signal sets it and asks egui for a frame, and the app's next frame ends the app as
/// closing the window would.
#[derive(Clone, Debug, Default)]
pub struct EndRequest(Arc<AtomicBool>);

impl EndRequest {
    /// Asks the app to end.
    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once the app was asked to end.
    pub fn is_requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The app is ending.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ending {
    /// egui time the ending began.
    since: f64,
    /// The window was told to close.
    close_sent: bool,
}

impl RedeemApp {
    /// The app, ended by `request` (which a signal listener sets) as well.
    #[must_use]
    pub fn with_end_request(mut self, request: EndRequest) -> Self {
        self.end_request = request;
        self
    }

    /// True once the app has begun to end (the window is closing).
    pub fn is_ending(&self) -> bool {
        self.ending.is_some()
    }

    /// Begins the ending when asked (the window's close button, or an [`EndRequest`]), and
    /// closes the window once the session's revocation is done or has taken too long.
    pub(super) fn end_if_asked(&mut self, ctx: &egui::Context, now: f64) {
        // A kiosk's window refuses to close (kiosk.rs); only a signal or staff end it.
        let close_requested =
            !self.is_kiosk_mode() && ctx.input(|input| input.viewport().close_requested());
        if self.ending.is_none() && (self.end_request.is_requested() || close_requested) {
            self.begin_ending(ctx, now, close_requested);
        }
        let revoked = self.sign_out_call.is_none()
            && self.sign_in_call.is_none()
            && !self.kiosk_is_revoking();
        let Some(ending) = &mut self.ending else {
            return;
        };
        if ending.close_sent {
            return;
        }
        if revoked || now - ending.since >= REVOKE_WAIT_S {
            ending.close_sent = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            // A frame when the wait is over, should the server never answer.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                REVOKE_WAIT_S - (now - ending.since),
            ));
        }
    }

    fn begin_ending(&mut self, ctx: &egui::Context, now: f64, close_requested: bool) {
        let signed_in = self.session.is_some() || self.sign_in_call.is_some();
        if close_requested && signed_in {
            // Not yet: the session is revoked first, and the window closes after.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
        self.ending = Some(Ending {
            since: now,
            // A window that may close now closes by itself.
            close_sent: close_requested && !signed_in,
        });
        self.preferences_dirty = true;
        #[cfg(not(target_arch = "wasm32"))]
        if self.kiosk.is_some() {
            self.kiosk_end(ctx);
            return;
        }
        // A sign-in in flight is revoked when its answer comes (sign_in.rs).
        if self.session.is_some() {
            self.sign_out(ctx);
        }
    }

    fn kiosk_is_revoking(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return self
            .kiosk
            .as_ref()
            .is_some_and(super::kiosk::KioskMode::is_revoking);
        #[cfg(target_arch = "wasm32")]
        return false;
    }
}
