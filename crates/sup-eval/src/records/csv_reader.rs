//! Reading a CSV file record by record, exactly as the `csv` crate's reader
//! reads it (no header row, any number of fields, `,` and `"`, CR, LF or
//! CRLF line ends, empty lines skipped, a UTF-8 byte order mark at the
//! start dropped), only faster on the lines exports are made of.
//!
//! A line with no `"` in it, and no `\r` but one just before its `\n`, is
//! one record whose fields are what lies between its commas: its end is
//! found with `memchr` and its commas eight bytes at a time, here. Any
//! other line (a quoted value, perhaps over several lines) is read by
//! `csv-core`, the `csv` crate's own parser, which reads a byte at a time.
//! Records, positions and line numbers are the `csv` reader's: the
//! property test below compares the two on random files.

use std::io::{self, Read};

/// How many bytes are read from the file at a time (more for a longer
/// line).
const BUFFER: usize = 1 << 16;

/// A row's fields are placed by 32-bit offsets: a row this long (4 GiB)
/// is refused rather than read wrong.
const MAX_ROW: usize = u32::MAX as usize;

/// The error for a row of [`MAX_ROW`] bytes or more.
fn too_long() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "a row is 4 GiB long or more, more than sup reads",
    )
}

/// A UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One record: its fields side by side, each followed by one byte that is
/// not part of it (a line's own comma, when the line was split here), so
/// that a line is copied once and not field by field. The bytes are moved
/// into a `String` once checked to be UTF-8, and back for the next record,
/// so that no record allocates.
#[derive(Debug, Default)]
pub(super) struct Row {
    bytes: Vec<u8>,
    text: String,
    /// Whether the fields are in `text` (checked) rather than `bytes`.
    is_text: bool,
    /// Where each field ends; the next starts one byte later.
    ends: Vec<u32>,
    /// The byte offset the record was read from.
    position: u64,
    /// The line of that offset.
    line: u64,
}

impl Row {
    fn clear(&mut self) {
        if self.is_text {
            self.bytes = std::mem::take(&mut self.text).into_bytes();
            self.is_text = false;
        }
        self.bytes.clear();
        self.ends.clear();
    }

    fn data(&self) -> &[u8] {
        if self.is_text {
            self.text.as_bytes()
        } else {
            &self.bytes
        }
    }

    fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(before) => *self.ends.get(before)? as usize + 1,
            None => 0,
        };
        Some(start..end)
    }

    /// How many fields it has.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i`'s bytes.
    pub(super) fn get(&self, i: usize) -> Option<&[u8]> {
        self.data().get(self.range(i)?)
    }

    /// Every field's bytes, in order.
    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = &[u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Field `i` as text, once [`Row::check_text`] found the record UTF-8.
    pub(super) fn text(&self, i: usize) -> Option<&str> {
        if !self.is_text {
            return None;
        }
        self.text.get(self.range(i)?)
    }

    /// Check the whole record for UTF-8 at once (cheaper than field by
    /// field): `true` if it is, and its fields are then [`Row::text`].
    pub(super) fn check_text(&mut self) -> bool {
        if !self.is_text {
            match String::from_utf8(std::mem::take(&mut self.bytes)) {
                Ok(text) => {
                    self.text = text;
                    self.is_text = true;
                }
                Err(e) => self.bytes = e.into_bytes(),
            }
        }
        self.is_text
    }

    /// The byte offset the record was read from, as the `csv` reader gives
    /// it: where the read started, before any empty line it passed over.
    pub(super) fn position(&self) -> u64 {
        self.position
    }

    /// The 1-based line of [`Row::position`], a `\n` there counting as
    /// passed: with CRLF line ends the read starts at the `\n` of the line
    /// before, which the record is not on.
    pub(super) fn line(&self) -> u64 {
        self.line
    }

    fn push_field(&mut self, field: &[u8]) {
        self.bytes.extend_from_slice(field);
        self.ends
            .push(u32::try_from(self.bytes.len()).unwrap_or(u32::MAX));
        self.bytes.push(b',');
    }
}

/// Records from a CSV byte stream.
pub(super) struct CsvReader<R> {
    inner: R,
    /// Bytes read but not yet consumed: `buf[start..end]`.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// Bytes consumed before `buf[start]`: the reader's position.
    consumed: u64,
    /// The file has no more bytes.
    eof: bool,
    /// Whether the start of the stream was looked at for a byte order mark.
    started: bool,
    /// How many `\n` were consumed, and whether a `"` was.
    newlines: u64,
    quoted: bool,
    /// For the lines split here not to be `csv-core`'s business, it reads
    /// only records it is handed from their start; `primed`: it has read
    /// once, so that it would not drop a byte order mark mid-file.
    core: csv_core::Reader,
    primed: bool,
    /// What `csv-core` writes: a record's bytes, and where its fields end.
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> CsvReader<R> {
    pub(super) fn new(inner: R) -> Self {
        CsvReader {
            inner,
            buf: vec![0; BUFFER],
            start: 0,
            end: 0,
            consumed: 0,
            eof: false,
            started: false,
            newlines: 0,
            quoted: false,
            core: csv_core::Reader::new(),
            primed: false,
            out: vec![0; 1 << 10],
            ends: vec![0; 64],
        }
    }

    /// The byte offset the next record is read from: after the last one's
    /// line end, or (CRLF) at the `\n` after its `\r`, as with the `csv`
    /// reader.
    pub(super) fn position(&self) -> u64 {
        self.consumed
    }

    /// How many line ends were read: all of a file's, once it is read.
    pub(super) fn lines_read(&self) -> u64 {
        self.newlines
    }

    /// Whether a `"` was read: a file is read in chunks only where no quote
    /// before a chunk's start can have left a value open across it.
    pub(super) fn quoted(&self) -> bool {
        self.quoted
    }

    /// The line of [`CsvReader::position`], as [`Row::line`] gives a
    /// record's.
    pub(super) fn line_ahead(&mut self) -> u64 {
        if self.start == self.end {
            // A read that fails shows again when the next row is read.
            let _ = self.fill();
        }
        self.newlines + 1 + u64::from(self.pending().first() == Some(&b'\n'))
    }

    /// The unconsumed bytes.
    fn pending(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or(&[])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        self.start += n;
        self.consumed += n as u64;
    }

    /// Read more of the stream after what is pending (`false` at its end).
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            // A line longer than the buffer.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self
                .inner
                .read(self.buf.get_mut(self.end..).unwrap_or(&mut []))
            {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next record into `row` (cleared first), with its position at
    /// where this read started, as the `csv` reader gives it; `false` at
    /// the end of the stream.
    pub(super) fn read_row(&mut self, row: &mut Row) -> io::Result<bool> {
        row.clear();
        row.position = self.consumed;
        row.line = self.line_ahead();
        if !self.started {
            while self.pending().len() < BOM.len() && self.fill()? {}
            if self.pending().starts_with(BOM) {
                self.consume(BOM.len());
            }
            self.started = true;
        }
        loop {
            let found = memchr::memchr(b'\n', self.pending());
            if found.is_none() && self.fill()? {
                continue;
            }
            let pending = self.buf.get(self.start..self.end).unwrap_or(&[]);
            let (line, used) = match found {
                Some(line_end) => {
                    let line = pending.get(..line_end).unwrap_or(&[]);
                    // An empty line is no record (nor is the `\n` of a CRLF
                    // whose `\r` ended the last record).
                    if line.is_empty() || line == b"\r" {
                        self.consume(line_end + 1);
                        self.newlines += 1;
                        continue;
                    }
                    match line.strip_suffix(b"\r") {
                        // The `\r` ends the record; the `\n` is passed over
                        // when the next one is read, as the `csv` reader does.
                        Some(body) => (body, line_end),
                        None => (line, line_end + 1),
                    }
                }
                // The last line, with no line end.
                None if pending.is_empty() => return Ok(false),
                None if pending == b"\r" => {
                    self.consume(1);
                    return Ok(false);
                }
                None => (
                    pending.strip_suffix(b"\r").unwrap_or(pending),
                    pending.len(),
                ),
            };
            if line.len() >= MAX_ROW {
                return Err(too_long());
            }
            row.bytes.extend_from_slice(line);
            if !split(row) {
                row.clear();
                return self.read_by_core(row);
            }
            let passed = self.pending().get(used.wrapping_sub(1)) == Some(&b'\n');
            self.consume(used);
            self.newlines += u64::from(passed);
            return Ok(true);
        }
    }

    /// The record that starts at the first pending byte, read by
    /// `csv-core`, however many lines it takes.
    fn read_by_core(&mut self, row: &mut Row) -> io::Result<bool> {
        use csv_core::ReadRecordResult;
        if !self.primed {
            // An empty line: read to no effect but that the parser now
            // has read, and so takes no byte order mark off a record.
            let _ = self.core.read_record(b"\n", &mut [0], &mut [0]);
            self.primed = true;
        }
        let (mut written, mut fields) = (0, 0);
        loop {
            let (result, read, wrote, ended) = {
                let input = self.buf.get(self.start..self.end).unwrap_or(&[]);
                self.core.read_record(
                    input,
                    self.out.get_mut(written..).unwrap_or(&mut []),
                    self.ends.get_mut(fields..).unwrap_or(&mut []),
                )
            };
            let eaten = self.buf.get(self.start..self.start + read).unwrap_or(&[]);
            self.newlines += memchr::memchr_iter(b'\n', eaten).count() as u64;
            self.quoted |= memchr::memchr(b'"', eaten).is_some();
            self.consume(read);
            written += wrote;
            fields += ended;
            match result {
                ReadRecordResult::InputEmpty => {
                    // No more input: an empty one tells the parser so.
                    if self.start == self.end && !self.fill()? {
                        continue;
                    }
                }
                ReadRecordResult::OutputFull => {
                    let more = self.out.len().max(1) * 2;
                    self.out.resize(more, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let more = self.ends.len().max(1) * 2;
                    self.ends.resize(more, 0);
                }
                ReadRecordResult::Record => {
                    if written + fields >= MAX_ROW {
                        return Err(too_long());
                    }
                    let mut from = 0;
                    for &to in self.ends.get(..fields).unwrap_or(&[]) {
                        row.push_field(self.out.get(from..to).unwrap_or(&[]));
                        from = to;
                    }
                    return Ok(true);
                }
                ReadRecordResult::End => return Ok(false),
            }
        }
    }
}

/// Where the fields of the line in `row` end, when it has no `"` and no
/// `\r`: at its commas and at its end; `false` otherwise. The commas are
/// found eight bytes at a time, as one number: a byte-at-a-time loop is no
/// faster than `csv-core` itself.
#[inline]
fn split(row: &mut Row) -> bool {
    let Row { bytes, ends, .. } = row;
    if memchr::memchr2(b'"', b'\r', bytes).is_some() {
        return false;
    }
    let mut words = bytes.chunks_exact(8);
    let mut at = 0u32;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let mut found = bytes_equal(u64::from_le_bytes(eight), b',');
        while found != 0 {
            ends.push(at + found.trailing_zeros() / 8);
            found &= found - 1;
        }
        at += 8;
    }
    for &b in words.remainder() {
        if b == b',' {
            ends.push(at);
        }
        at += 1;
    }
    ends.push(u32::try_from(bytes.len()).unwrap_or(u32::MAX));
    true
}

/// The high bit of each byte of `word` that is `byte`, and no other bit.
#[inline]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    // A byte of `x` is zero exactly when neither its low seven bits, added
    // to 0x7f, nor its own high bit set its high bit.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that gives at most `step` bytes a read, to cut lines and
    /// quoted values at every place.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            let (now, rest) = self.bytes.split_at(n);
            buf[..n].copy_from_slice(now);
            self.bytes = rest;
            Ok(n)
        }
    }

    /// Every record with the byte offset it was read from, the reader's
    /// offset after it, and the lines of the two (one more than the `\n`
    /// at or before each), by `csv` and by [`CsvReader`].
    type Read3 = Vec<(Vec<Vec<u8>>, u64, u64, u64, u64)>;

    fn line_of(bytes: &[u8], offset: u64) -> u64 {
        let upto = bytes.len().min(offset as usize + 1);
        1 + bytes[..upto].iter().filter(|b| **b == b'\n').count() as u64
    }

    fn by_csv(bytes: &[u8]) -> Read3 {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let at = record.position().map_or(0, csv::Position::byte);
            let after = reader.position().byte();
            out.push((
                record.iter().map(<[u8]>::to_vec).collect(),
                at,
                after,
                line_of(bytes, at),
                line_of(bytes, after),
            ));
        }
        out
    }

    fn by_ours(bytes: &[u8], step: usize) -> Read3 {
        let mut reader = CsvReader::new(Trickle { bytes, step });
        let mut row = Row::default();
        let mut out = Vec::new();
        while reader.read_row(&mut row).unwrap() {
            // Text or not, the fields read the same.
            let fields: Vec<Vec<u8>> = row.iter().map(<[u8]>::to_vec).collect();
            if row.check_text() {
                let texts: Vec<Vec<u8>> = (0..row.len())
                    .map(|i| row.text(i).unwrap().as_bytes().to_vec())
                    .collect();
                assert_eq!(texts, fields);
            }
            let ahead = reader.line_ahead();
            out.push((fields, row.position(), reader.position(), row.line(), ahead));
        }
        // At the end it stays at the end, with every line end and quote
        // counted.
        assert!(!reader.read_row(&mut row).unwrap());
        let ends = bytes.iter().filter(|b| **b == b'\n').count() as u64;
        assert_eq!(reader.lines_read(), ends);
        assert_eq!(reader.quoted(), bytes.contains(&b'"'));
        out
    }

    #[test]
    fn reads_what_the_csv_crate_reads() {
        let files: [&[u8]; 14] = [
            b"",
            b"\n\n",
            b"a,b\nc,d\n",
            b"a,b\r\nc,d\r\n",
            b"a,b\rc,d\r",
            b"a,b\nc,d",
            b"a,b\r\n\r\n\nc,,\n,\n",
            b"\xEF\xBB\xBFa,b\nc\n",
            b"a,\"b,\nc\"\nd,e\n",
            b"a,\"b\"\"c\"\r\nd\r\n",
            b"a\"b,c\nd,\"e\"f,g\n",
            b"x,\"open\nrest,of\nfile",
            b"a,b\n\xEF\xBB\xBF\"q\",c\n",
            b"  \n\t,\n",
        ];
        for file in files {
            for step in [1, 2, 3, 7, 64, 1 << 20] {
                assert_eq!(
                    by_ours(file, step),
                    by_csv(file),
                    "{file:?} in steps of {step}"
                );
            }
        }
    }

    #[test]
    fn bytes_equal_marks_exactly_the_bytes_equal() {
        for byte in [0u8, b',', b'"', 0x7f, 0x80, 0xff] {
            for k in 0..8 {
                for other in [0u8, 1, b',' ^ 1, 0x7f, 0x80, 0xfe, 0xff] {
                    if other == byte {
                        continue;
                    }
                    let mut bytes = [other; 8];
                    bytes[k] = byte;
                    let got = bytes_equal(u64::from_le_bytes(bytes), byte);
                    assert_eq!(got, 0x80 << (8 * k), "{byte} at {k} among {other}");
                }
            }
        }
    }

    #[test]
    fn a_line_longer_than_the_buffer() {
        let mut file = vec![b'x'; 3 * BUFFER];
        file.extend_from_slice(b",y\nz\n");
        assert_eq!(by_ours(&file, 1 << 20), by_csv(&file));
    }

    proptest! {
        #[test]
        fn random_files_read_as_the_csv_crate_reads_them(
            bytes in proptest::collection::vec(
                prop_oneof![
                    Just(b'a'), Just(b'b'), Just(b','), Just(b'"'), Just(b'\r'),
                    Just(b'\n'), Just(b' '), Just(0xEF), Just(0xBB), Just(0xBF),
                ],
                0..200,
            ),
            step in 1usize..40,
        ) {
            prop_assert_eq!(by_ours(&bytes, step), by_csv(&bytes));
        }
    }
}
