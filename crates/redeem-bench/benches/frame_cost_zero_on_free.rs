//! The frame-cost harness of `frame_cost.rs` with the app's global allocator,
//! [`redeem::zero_on_free::ZeroOnFree`], installed as the app's binary installs it: the
//! same workloads, so that the difference from `frame_cost` is what zeroing freed (and
//! moved) memory costs a frame.
//!
//! ```text
//! frame_cost_zero_on_free WORKLOAD [FRAMES]
//! ```

#[global_allocator]
static ALLOCATOR: redeem::zero_on_free::ZeroOnFree = redeem::zero_on_free::ZeroOnFree;

#[path = "frame_cost.rs"]
mod frame_cost;

fn main() {
    frame_cost::main();
}
