//! Bytes of memory per closed appeal with a typical history (issue #2: at most 1 KiB).
//!
//! A counting allocator measures what the desk holds after closing N appeals, minus what
//! the inputs' temporary values leave behind (nothing: they are dropped).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use aryz::{Desk, DeskConfig};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: delegates to the system allocator and only counts sizes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Live heap bytes per closed appeal on a desk holding `n` of them.
fn bytes_per_closed_appeal(n: usize) -> f64 {
    let desk = Desk::new(DeskConfig::shymkent([3; 32]));
    // Warm the taxonomy and the desk's maps so that one-off costs are not counted.
    support::close_typical(&desk, 0);
    let before = LIVE.load(Ordering::Relaxed);
    for i in 1..=n {
        support::close_typical(&desk, i);
    }
    let after = LIVE.load(Ordering::Relaxed);
    let per = (after - before) as f64 / n as f64;
    drop(desk);
    per
}

#[test]
fn a_closed_appeal_with_a_typical_history_takes_at_most_one_kib() {
    let per = bytes_per_closed_appeal(20_000);
    let chars = support::typical_intake(1).description.chars().count();
    println!("bytes per closed appeal (6 events, {chars}-character description): {per:.0}");
    assert!(per <= 1024.0, "{per:.0} bytes per closed appeal");
    assert!(
        per > 200.0,
        "{per:.0}: the description alone is larger; the count is wrong"
    );
}
