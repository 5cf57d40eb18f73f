//! Rules judged on several threads, with the same result as on one: each
//! rule is judged whole by one thread into a [`Sink`] of its own, and the
//! sinks are put back in rule order.
//!
//! The threads share the plan, the indexes and the notes (`Ctx::worker`).
//! An index is built by whichever thread asks for it first; a thread that
//! asks while it is being built waits for it (`OnceLock`), so no index is
//! built twice and none is seen half built.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::context::{Ctx, Period};
use super::{judge, Finding, Judgement, Sink};
use crate::policy::Rule;

/// More threads than this mostly wait for each other: a policy's rules
/// share a few heavy indexes, and the largest rule is judged by one thread.
const MAX_THREADS: usize = 4;

/// The number of threads asked for with [`set_threads`]; 0 for the default.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Judge rules on `n` threads from now on (`SUP_THREADS`; 1 judges every
/// rule on the calling thread), or on the default number if `n` is 0. The
/// findings are the same whatever the number.
pub fn set_threads(n: usize) {
    THREADS.store(n, Ordering::Relaxed);
}

/// The number of threads rules are judged on: as set by [`set_threads`],
/// else as many as the machine has cores, up to four.
pub fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .min(MAX_THREADS),
        n => n,
    }
}

/// What judging one rule gave.
pub(super) struct Judged {
    pub findings: Vec<Finding>,
    pub judged: usize,
    pub judgements: Vec<Judgement>,
    pub elapsed: Duration,
}

/// Judge one rule into a sink of its own.
fn judge_one(ctx: &Ctx, index: usize, rule: &Rule, recording: Option<Period>) -> Judged {
    let started = Instant::now();
    let mut sink = Sink::new(index, rule);
    sink.recording = recording;
    judge(ctx, rule, &mut sink);
    Judged {
        findings: sink.findings,
        judged: sink.judged,
        judgements: sink.judgements,
        elapsed: started.elapsed(),
    }
}

/// Judge every rule, on up to `threads` threads (the calling one among
/// them), and return what each gave in rule order. Each thread takes the
/// next rule not yet taken, so a long rule on one thread does not hold up
/// the rest. If a thread cannot be started, the others judge its share.
pub(super) fn judge_all(
    ctx: &Ctx,
    rules: &[Rule],
    recording: Option<Period>,
    threads: usize,
) -> Vec<Judged> {
    let threads = threads.clamp(1, rules.len().max(1));
    if threads == 1 {
        return rules
            .iter()
            .enumerate()
            .map(|(i, rule)| judge_one(ctx, i, rule, recording))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let take = |ctx: &Ctx| {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(rule) = rules.get(i) else {
                return done;
            };
            done.push((i, judge_one(ctx, i, rule, recording)));
        }
    };
    let mut slots: Vec<Option<Judged>> =
        std::iter::repeat_with(|| None).take(rules.len()).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                let worker = ctx.worker();
                std::thread::Builder::new()
                    .name("sup-judge".to_string())
                    .spawn_scoped(scope, move || take(&worker))
                    .ok()
            })
            .collect();
        let mut all = take(ctx);
        for handle in workers {
            match handle.join() {
                Ok(done) => all.extend(done),
                // A judge panicked (a bug: library code does not panic):
                // let it go on as it would have on one thread.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        for (i, done) in all {
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(done);
            }
        }
    });
    // Every slot is filled (each index is taken once, and whatever a thread
    // takes it judges); should one be empty, judge its rule here.
    slots
        .into_iter()
        .zip(rules)
        .enumerate()
        .map(|(i, (slot, rule))| slot.unwrap_or_else(|| judge_one(ctx, i, rule, recording)))
        .collect()
}
