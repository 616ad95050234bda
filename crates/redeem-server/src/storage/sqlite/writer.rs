//! The SQLite writer thread: it owns the only write connection, takes the jobs that queue
//! up, runs them in one `BEGIN IMMEDIATE` transaction and commits once (group commit: one
//! `fsync` for many redeems), then answers each job.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::task::Poll;

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::connection::exec;
use super::writes::SqliteTx;
use crate::storage::{StorageError, WriteJob};

/// Jobs waiting for the writer before senders wait too.
pub(super) const QUEUE_DEPTH: usize = 1024;

/// A queued write job, whatever its output.
pub(super) type Job = Box<dyn QueuedJob>;

/// A write job as the writer thread holds it. It may run more than once (a batch runs
/// again when one of its jobs fails, see [`run_batch`]); only the run whose transaction
/// commits counts, and the requester is answered once, after the commit.
pub(super) trait QueuedJob: Send {
    /// Runs the job in the open transaction; whether it succeeded.
    fn run(&mut self, conn: &mut Connection) -> bool;
    /// Answers the requester: the last run's result, or the commit's error.
    fn deliver(self: Box<Self>, commit_error: Option<String>);
}

/// A write job and where its answer goes.
pub(super) struct Queued<J: WriteJob> {
    /// The job.
    pub(super) job: J,
    /// The last run's result; `None` before the first run and after a panic.
    pub(super) result: Option<Result<J::Output, StorageError>>,
    /// The requester.
    pub(super) reply: oneshot::Sender<Result<J::Output, StorageError>>,
}

impl<J: WriteJob> QueuedJob for Queued<J> {
    fn run(&mut self, conn: &mut Connection) -> bool {
        self.result = None;
        let result = run_at_once(self.job.run(&mut SqliteTx { conn }));
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn deliver(self: Box<Self>, commit_error: Option<String>) {
        let answer = match (self.result, commit_error) {
            (Some(Ok(_)) | None, Some(error)) => Err(StorageError::CommitFailed(error)),
            (Some(result), _) => result,
            // It panicked: dropping the reply answers the requester with an error.
            (None, None) => return,
        };
        // The requester may have gone away; its effect is committed regardless and a
        // retry with the same Idempotency-Key replays it.
        let _ = self.reply.send(answer);
    }
}

/// The writer thread: takes every job that is waiting (at most `max_batch`), runs them in
/// one `BEGIN IMMEDIATE` transaction, commits once, then answers each. A thread of its
/// own, not a task: its statements and its `fsync` block.
pub(super) fn run_writer(mut conn: Connection, mut jobs: mpsc::Receiver<Job>, max_batch: usize) {
    let mut batch = Vec::with_capacity(max_batch);
    while let Some(first) = jobs.blocking_recv() {
        batch.push(first);
        take_waiting(&mut jobs, &mut batch, max_batch);
        run_batch(&mut conn, &mut batch, &mut jobs, max_batch);
    }
    if let Err((_, error)) = conn.close() {
        tracing::warn!(%error, "closing the SQLite writer connection failed");
    }
}

/// Moves the jobs waiting in the queue into the batch, up to `max_batch`; whether any came.
fn take_waiting(jobs: &mut mpsc::Receiver<Job>, batch: &mut Vec<Job>, max_batch: usize) -> bool {
    let before = batch.len();
    while batch.len() < max_batch {
        match jobs.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    batch.len() > before
}

/// Commits a batch of jobs in one transaction, then answers each. The jobs run one after
/// the other without savepoints, which almost always succeeds; a savepoint for each job
/// would copy every page a job changes to SQLite's statement journal (about 8 % of a
/// redeem's time, docs/BENCHMARKS.md). When a job fails or panics, its writes are mixed
/// with the others', so the whole transaction is rolled back and the batch runs again
/// with a savepoint for each job, where a failing job is rolled back alone.
fn run_batch(
    conn: &mut Connection,
    batch: &mut Vec<Job>,
    jobs: &mut mpsc::Receiver<Job>,
    max_batch: usize,
) {
    let committed = match run_together(conn, batch, jobs, max_batch) {
        Ok(true) => Ok(()),
        Ok(false) => run_in_savepoints(conn, batch),
        Err(error) => Err(error),
    };
    let commit_error = committed.err();
    if let Some(error) = &commit_error {
        tracing::error!(%error, jobs = batch.len(), "a write transaction did not commit");
    } else {
        tracing::trace!(jobs = batch.len(), "committed a batch of writes");
    }
    for job in batch.drain(..) {
        job.deliver(commit_error.clone());
    }
}

/// Runs every job of the batch in one transaction and commits it: `Ok(false)`, rolled
/// back, when a job failed. Jobs queued while the batch ran join it before the commit (up
/// to `max_batch`): they share its `fsync` instead of waiting for the next commit, and the
/// commit's fixed costs are spread over more jobs (+6 % redeems/s, docs/BENCHMARKS.md).
fn run_together(
    conn: &mut Connection,
    batch: &mut Vec<Job>,
    jobs: &mut mpsc::Receiver<Job>,
    max_batch: usize,
) -> Result<bool, String> {
    exec(conn, "BEGIN IMMEDIATE").map_err(|error| error.to_string())?;
    let mut ran = 0;
    loop {
        for job in &mut batch[ran..] {
            if !run_caught(conn, job) {
                rollback(conn);
                return Ok(false);
            }
        }
        ran = batch.len();
        if ran >= max_batch || !take_waiting(jobs, batch, max_batch) {
            break;
        }
    }
    commit(conn).map(|()| true)
}

/// Runs each job of the batch in a savepoint of its own, keeping the writes of those that
/// succeed, and commits.
fn run_in_savepoints(conn: &mut Connection, batch: &mut [Job]) -> Result<(), String> {
    exec(conn, "BEGIN IMMEDIATE").map_err(|error| error.to_string())?;
    for job in batch.iter_mut() {
        let ran = exec(conn, "SAVEPOINT job").and_then(|()| {
            if run_caught(conn, job) {
                exec(conn, "RELEASE job")
            } else {
                exec(conn, "ROLLBACK TO job").and_then(|()| exec(conn, "RELEASE job"))
            }
        });
        if let Err(error) = ran {
            rollback(conn);
            return Err(error.to_string());
        }
    }
    commit(conn)
}

/// Runs one job; a job that panics has failed. The panic's message is not kept: it could
/// quote data the job was handling.
fn run_caught(conn: &mut Connection, job: &mut Job) -> bool {
    std::panic::catch_unwind(AssertUnwindSafe(|| job.run(conn))).unwrap_or_else(|_| {
        tracing::error!("a write job panicked; only its own request failed");
        false
    })
}

fn commit(conn: &Connection) -> Result<(), String> {
    exec(conn, "COMMIT").map_err(|error| {
        rollback(conn);
        error.to_string()
    })
}

fn rollback(conn: &Connection) {
    if let Err(error) = exec(conn, "ROLLBACK") {
        // SQLite may have rolled back already (e.g. after a full disk); nothing is left open.
        tracing::debug!(%error, "rollback after a failed batch");
    }
}

/// Runs a job's future to its end in one poll. Every operation of [`SqliteTx`] completes
/// at once, so a job over it never waits; one that did would be waiting on something the
/// writer thread cannot drive, and fails (rolled back) rather than block the writer.
pub(super) fn run_at_once<T>(
    job: impl Future<Output = Result<T, StorageError>>,
) -> Result<T, StorageError> {
    let mut job = std::pin::pin!(job);
    match job
        .as_mut()
        .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()))
    {
        Poll::Ready(result) => result,
        Poll::Pending => Err(StorageError::Invariant(
            "a SQLite job waited on something other than SQLite",
        )),
    }
}
