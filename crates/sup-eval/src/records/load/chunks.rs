//! Reading the tables of an export on every core: each table's file (and
//! each chunk of a large CSV file) is read by a loader of its own, with an
//! interner of its own, on whichever thread is free; each result is joined
//! in order (the tables others reference first, [`join_order`], each file's
//! chunks in file order) as soon as those before it are, so that symbols,
//! notes and errors come out exactly as a single-threaded load gives them,
//! whatever the threads' timing. A referenced table, once joined, seeds the
//! memos of the pieces read after it with its ids ([`Loader::seed`]).
//!
//! A chunk of a CSV file starts just after a line end, and its rows are
//! kept only if no `"` came before it in the file: a quoted value could
//! otherwise hold that line end. When a chunk is not clean (a quote before
//! a later chunk, a bad row, a note, an id in two chunks), the file is read
//! again from its start in one piece, so every message is the one the
//! whole file gives.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{load_dir, Found, LoadOptions, Loaded, Loader};
use crate::policy::{ColumnType, CompiledPolicy, Table};
use crate::records::mapping::TableMapping;
use crate::records::memo::{Memo, MEMO_SIZE, SEEDED};
use crate::records::source::CsvRows;
use crate::records::Sym;
use crate::records::{RecordError, RecordNote};
use crate::records::{Records, TableData};

/// A CSV file is cut into chunks of at least this many bytes: below it,
/// a thread's start-up and the merge cost more than they save.
const MIN_CHUNK: u64 = 4 << 20;

/// Nor of more than this many, or the last chunk to be joined would keep
/// one core busy alone for long. Joining a chunk passes once over the
/// strings the main interner holds (`Interner::absorb`); since a large
/// table's ids went into a band of their own, those are few, and more
/// joins cost less than the wait for a large last chunk. Small chunks
/// also free memory that the next chunks read on the same thread reuse:
/// at 10M sessions, 16 MB chunks against 64 MB took 7% fewer page faults
/// and loaded 9% faster, at 4M 6% faster, and 1M's chunks are smaller
/// than either (`docs/performance.md`, "Eighth sitting").
const MAX_CHUNK: u64 = 16 << 20;

thread_local! {
    /// The chunk size [`load_dir_in_chunks`] asks for, on this thread.
    static CHUNK_BYTES: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// As [`load_dir`], with every CSV file of more than `chunk_bytes` bytes
/// read in chunks of about that size, however small: tests compare its
/// result with `load_dir`'s on small exports.
#[doc(hidden)]
pub fn load_dir_in_chunks(
    dir: &Path,
    policy: &CompiledPolicy,
    options: &LoadOptions,
    chunk_bytes: u64,
) -> Result<Loaded, Vec<RecordError>> {
    let before = CHUNK_BYTES.replace(Some(chunk_bytes.max(1)));
    let loaded = load_dir(dir, policy, options);
    CHUNK_BYTES.set(before);
    loaded
}

/// The most texts a piece's interner makes room for in its index at its
/// start: enough for references to 100,000 people; a table of this many
/// four-byte symbols still fits in a core's cache.
const INDEX_ROOM: usize = 1 << 16;

/// How far past a cut the line end it moves to is looked for.
const LOOK_FOR_LINE_END: u64 = 1 << 20;

/// The part of a file one loader reads, and what it saw there.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chunk {
    /// Byte offsets in the file: the first chunk starts at 0 and holds the
    /// header; every other starts just after a line end.
    pub(crate) start: u64,
    pub(crate) end: u64,
    /// Line ends read (for the next chunk's line numbers).
    pub(crate) lines: u64,
    /// Whether a `"` was read.
    pub(crate) quoted: bool,
    /// Every row read, with no error and no note.
    pub(crate) clean: bool,
}

/// A table to read, and where its messages go among the others.
pub(crate) struct Job<'p> {
    table: &'p Table,
    found: Found,
    columns: BTreeSet<String>,
    mapping: &'p TableMapping,
    /// How many notes and errors the load had made before this table:
    /// the table's own go after those.
    notes_at: usize,
    errors_at: usize,
    /// Whether its ids are kept in a band: a table with an `id` column
    /// and no column that references its own rows, whose file has at least
    /// [`BAND_BYTES`] bytes.
    band: bool,
}

/// The state of joining pieces in file order: what each table's loader
/// said, kept apart until every table is joined, and the chunks of the
/// table being joined.
struct Joining<'a> {
    /// By job, in table order.
    said: Vec<Said>,
    /// The first chunk's loader with the table so far, and the line ends
    /// before the next chunk.
    table: Option<(Done<'a>, u64)>,
    /// A chunk could not stand for its part of the file: the file is read
    /// again whole after its last chunk.
    failed: bool,
    /// The tables whose ids seed the memos of pieces read from now on,
    /// and those that may: tables other tables reference, small enough.
    seeds: Seeds,
    to_seed: BTreeSet<String>,
    /// The band of the table being joined in chunks, if its ids are kept
    /// apart.
    band: Option<crate::records::interner::Band>,
}

/// What one table's loader said: tables are joined in [`join_order`], and
/// their messages put back in table order once all are.
#[derive(Default)]
struct Said {
    notes: Vec<RecordNote>,
    errors: Vec<RecordError>,
    skipped: Vec<RecordError>,
    skipped_rows: usize,
}

/// What one loader read: its messages, its interner and its table.
struct Done<'a> {
    loader: Loader<'a>,
    table: Option<TableData>,
    /// Whether the table's symbols are already the main interner's.
    renumbered: bool,
}

/// The rows of the chunk of `path` (named `file` in messages, `size`
/// bytes long) from `start` to `end`, which is not its first: its header
/// is read from `whole`, a reader at the file's start.
#[expect(
    clippy::result_large_err,
    reason = "once per chunk; boxing would only move the allocation"
)]
pub(super) fn open_chunk<R: Read>(
    path: &Path,
    file: &str,
    whole: R,
    size: u64,
    start: u64,
    end: u64,
) -> Result<(CsvRows<impl Read>, Vec<String>, String), RecordError> {
    let (_, header) = CsvRows::open(file, whole, size)?;
    let rows = File::open(path)
        .and_then(|mut f| f.seek(SeekFrom::Start(start)).map(|_| f))
        .map_err(|e| RecordError::Unreadable {
            file: file.to_string(),
            message: e.to_string(),
        })?;
    let rows = BufReader::with_capacity(1 << 16, rows).take(end.saturating_sub(start));
    let source = CsvRows::resume(file, rows, end.saturating_sub(start), header.len());
    Ok((source, header, file.to_string()))
}

/// Where to cut a file of `size` bytes into about `pieces` chunks: the
/// offsets just after the first line end at or past each even cut, after
/// the header's line end; `[0, size]` when there is no such line end.
fn cuts(path: &Path, size: u64, pieces: u64) -> Vec<u64> {
    let mut cuts = vec![0];
    let Ok(file) = File::open(path) else {
        return vec![0, size];
    };
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut line = Vec::new();
    let header_end = match reader
        .by_ref()
        .take(LOOK_FOR_LINE_END)
        .read_until(b'\n', &mut line)
    {
        Ok(n) if line.ends_with(b"\n") => n as u64,
        _ => return vec![0, size],
    };
    for k in 1..pieces {
        let at = (size / pieces).saturating_mul(k).max(header_end);
        line.clear();
        let found = reader.seek(SeekFrom::Start(at)).and_then(|_| {
            reader
                .by_ref()
                .take(LOOK_FOR_LINE_END)
                .read_until(b'\n', &mut line)
        });
        if let Ok(n) = found {
            let cut = at + n as u64;
            if line.ends_with(b"\n") && cut < size && cuts.last().is_some_and(|last| *last < cut) {
                cuts.push(cut);
            }
        }
    }
    cuts.push(size);
    cuts
}

/// How a piece reads its table's own ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ids {
    /// Interned, each looked up: the way a file read again is read, for
    /// the messages a whole read gives.
    Look,
    /// Interned without a look ([`crate::records::Interner::intern_id`]):
    /// a duplicate shows when the piece is joined, and the file is then
    /// read again.
    Defer,
    /// Kept apart, for the table's band (`interner/bands.rs`): a duplicate,
    /// or an id that is another string of the load, shows when the band is
    /// added, and the file is then read again.
    Apart,
}

/// The smallest file whose table's ids are kept in a band: below it a
/// table's ids cost its join little.
const BAND_BYTES: u64 = 8 << 20;

thread_local! {
    /// The band size [`load_dir_with_bands`] asks for, on this thread.
    static BAND_BYTES_ASKED: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// As [`load_dir`] (or, with `chunk_bytes`, [`load_dir_in_chunks`]), with
/// the ids of every table whose file has at least `band_bytes` bytes kept
/// in a band, however small: tests compare its result with `load_dir`'s on
/// small exports.
#[doc(hidden)]
pub fn load_dir_with_bands(
    dir: &Path,
    policy: &CompiledPolicy,
    options: &LoadOptions,
    (band_bytes, chunk_bytes): (u64, Option<u64>),
) -> Result<Loaded, Vec<RecordError>> {
    let before = BAND_BYTES_ASKED.replace(Some(band_bytes));
    let loaded = match chunk_bytes {
        Some(bytes) => load_dir_in_chunks(dir, policy, options, bytes),
        None => load_dir(dir, policy, options),
    };
    BAND_BYTES_ASKED.set(before);
    loaded
}

/// What every thread's loader shares: the policy, the options and the
/// columns kept only for a report.
#[derive(Clone, Copy)]
struct Shared<'s, 'a> {
    policy: &'a CompiledPolicy,
    options: &'a LoadOptions,
    kept_only: &'s BTreeMap<String, BTreeSet<String>>,
}

impl<'a> Shared<'_, 'a> {
    /// Read `job`'s table (or the chunk of it) with a loader of its own,
    /// its ids read as `ids` says.
    fn read_one(
        self,
        job: &Job,
        chunk: Option<Chunk>,
        (bytes, seeds): (u64, Seeds),
        ids: Ids,
    ) -> Done<'a> {
        // Room for the piece's strings at once: its index would otherwise
        // be rewritten as it doubles, a dozen times for a large piece.
        let mut records = Records::new(&self.policy.header.timezone);
        let strings = usize::try_from(bytes / BYTES_PER_STRING).unwrap_or(0);
        records.interner.reserve(strings);
        // Its index holds the texts of its references and codes, which a
        // piece of a large export's sessions reads for each of 100,000
        // people; growing to that would read each again at every doubling.
        records.interner.reserve_index(strings.min(INDEX_ROOM));
        match ids {
            Ids::Look => {}
            Ids::Defer => records.interner.defer_ids(),
            Ids::Apart => records.interner.keep_ids_apart(),
        }
        let mut loader = Loader {
            policy: self.policy,
            options: self.options,
            records,
            notes: Vec::new(),
            errors: Vec::new(),
            skipped: Vec::new(),
            skipped_rows: 0,
            kept_only: self.kept_only.clone(),
            chunk,
            seeds,
        };
        let table = loader.read_file(
            job.table,
            &job.found,
            &job.columns,
            job.mapping,
            false,
            |loader, plans, file| loader.new_table(job.table, file, plans),
        );
        loader.records.interner.prepare_absorb();
        Done {
            loader,
            table,
            renumbered: false,
        }
    }
}

impl<'a> Loader<'a> {
    /// A table to read later with [`Loader::read_tables`], its messages
    /// placed after those made so far.
    pub(crate) fn job<'p>(
        &self,
        table: &'p Table,
        found: Found,
        columns: BTreeSet<String>,
        mapping: &'p TableMapping,
    ) -> Job<'p> {
        Job {
            table,
            found,
            columns,
            mapping,
            notes_at: self.notes.len(),
            errors_at: self.errors.len(),
            band: false,
        }
    }

    /// Read every job's table, on as many threads as there are cores, and
    /// keep them, their messages placed as if each had been read in turn.
    pub(crate) fn read_tables(&mut self, mut jobs: Vec<Job>) {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let sizes: Vec<u64> = jobs
            .iter()
            .map(|job| std::fs::metadata(&job.found.path).map_or(0, |m| m.len()))
            .collect();
        let band_bytes = BAND_BYTES_ASKED.get().unwrap_or(BAND_BYTES);
        for (job, size) in jobs.iter_mut().zip(&sizes) {
            let columns = &job.table.columns;
            let has_ids = columns
                .iter()
                .any(|c| c.name == "id" && c.ty == ColumnType::Id);
            // A table whose rows name each other (staff and their line
            // managers) holds its ids as other strings too: its band would
            // always be refused, and the file read twice.
            let names_itself = columns
                .iter()
                .any(|c| matches!(&c.ty, ColumnType::Ref(t) if *t == job.table.name));
            job.band = has_ids && !names_itself && *size >= band_bytes;
        }
        // Chunks of an eighth of a core's share of the whole: the largest
        // file must not keep one core busy long after the others are done,
        // and pieces are joined in file order, so a piece whose thread the
        // host has paused holds up the ones after it for a short time only.
        let total: u64 = sizes.iter().sum();
        let share = CHUNK_BYTES
            .get()
            .unwrap_or((total / (8 * threads as u64).max(1)).clamp(MIN_CHUNK, MAX_CHUNK));
        let mut pieces: Vec<(usize, Option<Chunk>, u64)> = Vec::new();
        for index in join_order(&jobs) {
            let (Some(job), Some(size)) = (jobs.get(index), sizes.get(index)) else {
                continue;
            };
            let csv = job.found.sheet.is_none()
                && !job.found.is_workbook()
                && job.found.path.extension().is_none_or(|e| e != "jsonl");
            let parts = size.div_ceil(share);
            // Asked for (by a test), chunks are cut even on one core.
            let cut = threads > 1 || CHUNK_BYTES.get().is_some();
            let cuts = if csv && cut && parts > 1 {
                cuts(&job.found.path, *size, parts)
            } else {
                vec![0, *size]
            };
            if cuts.len() <= 2 {
                pieces.push((index, None, *size));
                continue;
            }
            for pair in cuts.windows(2) {
                if let [start, end] = *pair {
                    let chunk = Chunk {
                        start,
                        end,
                        ..Chunk::default()
                    };
                    pieces.push((index, Some(chunk), end - start));
                }
            }
        }
        // Pieces are taken in file order and joined as soon as the ones
        // before them are: the main thread reads too, and joins whatever
        // is ready between pieces, so only the last few are joined after
        // the reading ends.
        let next = AtomicUsize::new(0);
        let kept_only = self.kept_only.clone();
        let shared = Shared {
            policy: self.policy,
            options: self.options,
            kept_only: &kept_only,
        };
        // The seeds as they are when a piece is started: a piece started
        // before a table is joined reads without its ids, to the same end.
        let seeds = std::sync::Mutex::new(Seeds::default());
        let take = || {
            let p = next.fetch_add(1, Ordering::Relaxed);
            let (job, chunk, bytes) = pieces.get(p)?;
            let seeds = seeds.lock().map(|s| s.clone()).unwrap_or_default();
            Some((p, {
                let job = jobs.get(*job)?;
                let ids = if job.band { Ids::Apart } else { Ids::Defer };
                shared.read_one(job, chunk.clone(), (*bytes, seeds), ids)
            }))
        };
        let mut joining = Joining {
            said: jobs.iter().map(|_| Said::default()).collect(),
            table: None,
            failed: false,
            seeds: Seeds::default(),
            to_seed: to_seed(&jobs),
            band: None,
        };
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            for _ in 1..threads.min(pieces.len()) {
                let sender = sender.clone();
                scope.spawn(move || {
                    while let Some(done) = take() {
                        if sender.send(done).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            let mut ready = std::collections::BTreeMap::new();
            let mut joined = 0;
            while joined < pieces.len() {
                while let Ok((p, done)) = receiver.try_recv() {
                    ready.insert(p, done);
                }
                if let Some(done) = ready.remove(&joined) {
                    if let Some((job_index, chunk, _)) = pieces.get(joined) {
                        let last = pieces.get(joined + 1).is_none_or(|n| n.0 != *job_index);
                        if let Some(job) = jobs.get(*job_index) {
                            let size = sizes.get(*job_index).copied().unwrap_or(0);
                            let chunks = chunk.as_ref().map(|_| last);
                            let at = (*job_index, size);
                            self.join(&mut joining, job, done, chunks, (at, shared));
                            if let Ok(mut seeds) = seeds.lock() {
                                if !std::sync::Arc::ptr_eq(&seeds, &joining.seeds) {
                                    *seeds = joining.seeds.clone();
                                }
                            }
                        }
                    }
                    joined += 1;
                } else if let Some((p, done)) = take() {
                    ready.insert(p, done);
                } else {
                    match receiver.recv() {
                        Ok((p, done)) => {
                            ready.insert(p, done);
                        }
                        // A helper stopped short (it panicked): the scope
                        // passes its panic on.
                        Err(_) => break,
                    }
                }
            }
        });
        // Each table's messages after those made before it was read.
        let mut notes = std::mem::take(&mut self.notes).into_iter();
        let mut errors = std::mem::take(&mut self.errors).into_iter();
        let mut placed = (0, 0);
        for (job, said) in jobs.iter().zip(joining.said) {
            let take = (
                job.notes_at.saturating_sub(placed.0),
                job.errors_at.saturating_sub(placed.1),
            );
            self.notes.extend(notes.by_ref().take(take.0));
            self.errors.extend(errors.by_ref().take(take.1));
            placed = (placed.0.max(job.notes_at), placed.1.max(job.errors_at));
            self.notes.extend(said.notes);
            self.errors.extend(said.errors);
            self.skipped.extend(said.skipped);
            self.skipped_rows += said.skipped_rows;
        }
        self.notes.extend(notes);
        self.errors.extend(errors);
    }

    /// Take one piece, the next in join order: a whole table, kept, or a
    /// chunk (`chunks`: whether it is its file's last), joined to the
    /// chunks before it, and the table kept after its last chunk;
    /// `((index, size), shared)`: the job's index, its file's size and how
    /// to read it again.
    fn join(
        &mut self,
        joining: &mut Joining<'a>,
        job: &Job,
        mut done: Done<'a>,
        chunks: Option<bool>,
        ((index, size), shared): ((usize, u64), Shared<'_, 'a>),
    ) {
        let Some(last) = chunks else {
            self.join_whole(joining, job, done, ((index, size), shared));
            return;
        };
        // A chunk stands for its part of the file if every row was read
        // clean, and if no `"` in it can have left the next chunk's start
        // inside a quoted value.
        let (lines, usable, bytes) = done.loader.chunk.as_ref().map_or((0, false, 1), |c| {
            (c.lines, c.clean && (!c.quoted || last), c.end - c.start)
        });
        let kept = done.table.take().filter(|_| usable && !joining.failed);
        // Two rows with one id show once its symbols are the main
        // interner's: the chunk then stands for nothing.
        let kept = match kept {
            Some(mut table) => {
                let mut renumbering = self.records.interner.absorb(&done.loader.records.interner);
                // Its own ids, kept apart, go in the table's band after
                // those of the chunks before it.
                if let Some(own) = done.loader.records.interner.take_own() {
                    let interner = &self.records.interner;
                    let band = joining.band.get_or_insert_with(|| interner.new_band());
                    renumbering.own = Some(band.take(own));
                }
                table.renumber(&renumbering).then_some(table)
            }
            None => None,
        };
        match kept {
            Some(mut table) => {
                match joining.table.take() {
                    None => {
                        // The first chunk's messages are those of the
                        // header: the other chunks' are the same again.
                        done.loader.records = Records::new(&self.policy.header.timezone);
                        // Room for the whole file's rows, estimated from
                        // this chunk's (with a little to spare): growing
                        // by doubling could leave twice the room needed.
                        let rows = table.len() as u64;
                        let more = rows.saturating_mul(size) / bytes.max(1) * 51 / 50;
                        table.reserve(usize::try_from(more.saturating_sub(rows)).unwrap_or(0));
                        done.table = Some(table);
                        done.renumbered = true;
                        joining.table = Some((done, lines));
                    }
                    Some((mut whole, before)) => {
                        if whole
                            .table
                            .as_mut()
                            .is_some_and(|t| t.append(table, before))
                        {
                            joining.table = Some((whole, before + lines));
                        } else {
                            joining.failed = true;
                        }
                    }
                }
            }
            _ => {
                joining.failed = true;
                joining.table = None;
            }
        }
        if last {
            let band = joining.band.take();
            let whole = joining.table.take().filter(|_| !joining.failed);
            joining.failed = false;
            let at = ((index, size), shared);
            match whole {
                Some((whole, _)) if band.is_none_or(|b| self.records.interner.add_band(b)) => {
                    self.keep(joining, index, whole);
                }
                // An id twice, or one that is another string: read again as
                // a whole read is after its band fails.
                Some(_) => self.read_again(joining, job, at),
                // Read it again, in one piece, for the messages that gives.
                None if job.band => {
                    let seeds = (size, joining.seeds.clone());
                    let again = shared.read_one(job, None, seeds, Ids::Apart);
                    self.join_whole(joining, job, again, at);
                }
                None => self.read_again(joining, job, at),
            }
        }
    }

    /// Read `job`'s file again whole, each id looked up, and keep it: the
    /// messages and symbols a whole read gives when a quicker way could not
    /// stand for it.
    fn read_again(
        &mut self,
        joining: &mut Joining<'a>,
        job: &Job,
        ((index, size), shared): ((usize, u64), Shared<'_, 'a>),
    ) {
        let again = shared.read_one(job, None, (size, joining.seeds.clone()), Ids::Look);
        self.keep(joining, index, again);
    }

    /// Take a whole table read in one piece: its symbols numbered now, to
    /// see whether two rows share an id, and its own ids, if kept apart,
    /// put in a band of their own. If two rows share an id, or an id is
    /// another string of the load, the file is read again as a whole read
    /// reads it, each id looked up.
    fn join_whole(
        &mut self,
        joining: &mut Joining<'a>,
        job: &Job,
        mut done: Done<'a>,
        ((index, size), shared): ((usize, u64), Shared<'_, 'a>),
    ) {
        let mut renumbering = self.records.interner.absorb(&done.loader.records.interner);
        // A band only for a table that was read: ids of none would be
        // strings no row holds.
        let own = done.loader.records.interner.take_own();
        let band = own.filter(|_| done.table.is_some()).map(|own| {
            let mut band = self.records.interner.new_band();
            renumbering.own = Some(band.take(own));
            band
        });
        let unique = done.table.as_mut().is_none_or(|t| t.renumber(&renumbering));
        if unique && band.is_none_or(|band| self.records.interner.add_band(band)) {
            done.loader.records.interner = crate::records::Interner::default();
            done.renumbered = true;
            self.keep(joining, index, done);
        } else {
            self.read_again(joining, job, ((index, size), shared));
        }
    }

    /// Keep what one loader read: its table (its symbols renumbered into
    /// the main interner), and its messages as job `index`'s.
    fn keep(&mut self, joining: &mut Joining, index: usize, done: Done) {
        let Done {
            loader,
            table,
            renumbered,
        } = done;
        let renumbering = self.records.interner.absorb(&loader.records.interner);
        if let Some(mut table) = table {
            if !renumbered {
                table.renumber(&renumbering);
            }
            if joining.to_seed.remove(&table.name) {
                self.seed(joining, &table);
            }
            self.records.tables.insert(table.name.clone(), table);
        }
        if let Some(said) = joining.said.get_mut(index) {
            said.notes.extend(loader.notes);
            said.errors.extend(loader.errors);
            said.skipped.extend(loader.skipped);
            said.skipped_rows += loader.skipped_rows;
        }
    }
}

/// At least this many bytes of an export, on average, for each distinct
/// string it holds: one per 74 bytes in the generator's exports, fewer
/// with text; room for too many costs five bytes a slot.
pub(super) const BYTES_PER_STRING: u64 = 64;

/// Each table's ids and their symbols, by table name, for the memos of
/// the columns that reference them ([`Loader::seed`]).
pub(crate) type Seeds = std::sync::Arc<BTreeMap<String, std::sync::Arc<Memo>>>;

/// The most rows a table whose ids seed memos may have: its seed is looked
/// up for every reference, and stays in a cache only while small. At
/// 100,000 staff it is 1.6 MB; a table of sessions is never one.
const SEED_ROWS: usize = MEMO_SIZE;

/// The tables whose ids may seed memos: those another table references,
/// of at most [`SEED_ROWS`] rows (checked once read).
fn to_seed(jobs: &[Job]) -> BTreeSet<String> {
    jobs.iter()
        .flat_map(referenced)
        .map(str::to_string)
        .collect()
}

/// The tables `job`'s table references, other than itself.
fn referenced<'j>(job: &'j Job) -> impl Iterator<Item = &'j str> {
    job.table.columns.iter().filter_map(move |c| match &c.ty {
        ColumnType::Ref(target) if *target != job.table.name => Some(target.as_str()),
        _ => None,
    })
}

impl Loader<'_> {
    /// Seed the memos of the pieces read from now on with `table`'s ids
    /// and their symbols: a piece of sessions then looks each person up in
    /// the seed, neither learning the 100,000 staff ids again nor handing
    /// them to the join (`Interner::absorb`) to be found again.
    fn seed(&self, joining: &mut Joining, table: &TableData) {
        let interner = &self.records.interner;
        // Marked symbols must stay apart from the piece's own and from an
        // empty cell.
        let fits = u32::try_from(interner.len()).is_ok_and(|n| n < SEEDED - 1);
        if table.len() > SEED_ROWS || !fits {
            return;
        }
        let Some(ids) = table.column_index("id").and_then(|c| table.columns.get(c)) else {
            return;
        };
        let mut memo = Memo::default();
        memo.reserve(table.len());
        for id in ids.values.iter().filter_map(|v| v.sym()) {
            memo.insert(interner.resolve(id), Sym(id.0 | SEEDED));
        }
        let mut seeds = (*joining.seeds).clone();
        seeds.insert(table.name.clone(), std::sync::Arc::new(memo));
        joining.seeds = std::sync::Arc::new(seeds);
    }
}

/// The order in which jobs' tables are joined, which numbers their
/// strings: a table that others reference comes before them, so that its
/// ids are numbered together, in a band of symbols of their own. At
/// 100,000 staff, every session names one of them: with their ids in a
/// band, a person's row is one read of a short array (`RowIndex::Dense`),
/// not a lookup in a hash map of 100,000. Otherwise in table order; among
/// tables that reference each other, the first in table order first.
fn join_order(jobs: &[Job]) -> Vec<usize> {
    let index_of = |name: &str| jobs.iter().position(|j| j.table.name == name);
    let references: Vec<Vec<usize>> = jobs
        .iter()
        .map(|job| referenced(job).filter_map(index_of).collect())
        .collect();
    let mut placed = vec![false; jobs.len()];
    let mut order = Vec::with_capacity(jobs.len());
    while order.len() < jobs.len() {
        let unplaced = |i: &usize| !placed.get(*i).copied().unwrap_or(true);
        let ready = (0..jobs.len()).filter(unplaced).find(|i| {
            references
                .get(*i)
                .is_none_or(|r| r.iter().all(|t| placed.get(*t).copied().unwrap_or(true)))
        });
        let Some(next) = ready.or_else(|| (0..jobs.len()).find(unplaced)) else {
            break;
        };
        if let Some(slot) = placed.get_mut(next) {
            *slot = true;
        }
        order.push(next);
    }
    order
}
