//! Limits that keep a hostile or broken file from taking all memory or time: what may be read
//! at all (only regular files, no bigger than a size limit checked before reading), and how many
//! events, columns and bytes per cell an import accepts. Each refusal names the file, where the
//! limit was crossed, the size found and the limit. Parsing is the importers' job.

use super::error::{LoadError, Location, Problem};
use super::json::{TextMap, TopLevel};
use super::{Input, LoadProgress};
use rayon::prelude::*;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// How much an import may take. [`Limits::default`] suits this machine; tests and callers with
/// other needs set their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Larger files are refused before a byte is read.
    pub max_file_bytes: u64,
    /// A file with more events (JSON array items, CSV data rows) is refused.
    pub max_events: usize,
    /// A CSV header with more columns is refused.
    pub max_columns: usize,
    /// A CSV cell longer than this makes its row an error.
    pub max_cell_bytes: usize,
}

/// Set this environment variable to a number of bytes to change the default file size limit.
pub const MAX_FILE_BYTES_VAR: &str = "CHRONOSCOPE_MAX_FILE_BYTES";

/// Loading takes about 3× a file's size in memory (the text, then events of ~450 bytes for
/// ~150 bytes of JSON each; see docs/performance.md), so a file may use a quarter of the memory
/// available when it is opened: the rest is the margin for the app and everything else running.
const MEMORY_PER_FILE_BYTE: u64 = 4;

/// The limit when the available memory cannot be read (not Linux): 1 GiB.
const FALLBACK_MAX_FILE_BYTES: u64 = 1 << 30;

/// Never below 16 MiB, even on a machine short of memory: a file that small always loads.
const MIN_MAX_FILE_BYTES: u64 = 16 << 20;

/// Twice the 10-million-event budget of the design: a real timeline stays far below, and a
/// file of tiny rows ("1,a" is one event per 4 bytes) cannot turn 100 MB into 25 million
/// events of several hundred bytes each.
pub const DEFAULT_MAX_EVENTS: usize = 20_000_000;

/// Spreadsheets people export have tens of columns; a thousand is room for any of them.
pub const DEFAULT_MAX_COLUMNS: usize = 1_000;

/// A cell of 1 MiB is a book's worth of text: more is a broken file (an unclosed quote that
/// swallowed the rest) or an attack on memory.
pub const DEFAULT_MAX_CELL_BYTES: usize = 1 << 20;

/// A column name is a few words; a longer header cell is data, not a name (and a name is
/// repeated in every row's unknown-field map).
pub const MAX_COLUMN_NAME_CHARS: usize = 200;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: default_max_file_bytes(),
            max_events: DEFAULT_MAX_EVENTS,
            max_columns: DEFAULT_MAX_COLUMNS,
            max_cell_bytes: DEFAULT_MAX_CELL_BYTES,
        }
    }
}

/// [`MAX_FILE_BYTES_VAR`] when set, otherwise a quarter of the available memory.
fn default_max_file_bytes() -> u64 {
    if let Some(bytes) = std::env::var(MAX_FILE_BYTES_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return bytes;
    }
    available_memory_bytes()
        .map_or(FALLBACK_MAX_FILE_BYTES, |m| m / MEMORY_PER_FILE_BYTE)
        .max(MIN_MAX_FILE_BYTES)
}

/// `MemAvailable` from /proc/meminfo (Linux).
fn available_memory_bytes() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// "1.5 GB (1,500,000,000 bytes)", "812 bytes".
pub fn size_text(bytes: u64) -> String {
    let mut digits = bytes.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    let exact = format!("{digits}{grouped} bytes");
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    match UNITS.iter().find(|(size, _)| bytes >= *size) {
        Some((size, unit)) => format!("{:.1} {unit} ({exact})", bytes as f64 / *size as f64),
        None => exact,
    }
}

/// Reads a file whole, refusing anything that is not a regular file (a folder, a named pipe, a
/// device such as `/dev/zero` behind a symlink, a socket) and any file over
/// `limits.max_file_bytes`, before reading it; never reads more than the limit even if the file
/// grows meanwhile.
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, LoadError> {
    read_file_counted(path, limits, &super::progress::UNWATCHED)
}

/// Bytes read between two progress updates and looks at the cancel flag.
const READ_BLOCK: u64 = 8 << 20;

/// [`read_file`], counting bytes into `progress` as they come and stopping early (with no
/// bytes) when it is cancelled; the caller checks the flag.
pub(crate) fn read_file_counted(
    path: &Path,
    limits: &Limits,
    progress: &LoadProgress,
) -> Result<Vec<u8>, LoadError> {
    let name = path.display().to_string();
    let cannot =
        |e: std::io::Error| LoadError::whole_file(&name, format!("cannot read the file: {e}"));
    // `metadata` follows symlinks: a link to /dev/zero is seen as the device it points to.
    let meta = std::fs::metadata(path).map_err(cannot)?;
    refuse_special(&name, &meta)?;
    refuse_oversized(&name, meta.len(), limits)?;
    let file = std::fs::File::open(path).map_err(cannot)?;
    // The path may have been swapped for something else between the two looks.
    let meta = file.metadata().map_err(cannot)?;
    refuse_special(&name, &meta)?;
    refuse_oversized(&name, meta.len(), limits)?;
    progress.set_total_bytes(meta.len());
    // One byte past the limit is enough to know a file grew over it.
    let most = limits.max_file_bytes.saturating_add(1);
    let mut bytes = match read_in_blocks(&file, meta.len(), progress) {
        Ok(bytes) => bytes,
        // Shorter than its size said (a file cut meanwhile, a file system that overstates
        // sizes): read what is there, from the start, as one reader does.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            read_on(&file, Vec::new(), most, progress).map_err(cannot)?
        }
        Err(e) => return Err(cannot(e)),
    };
    if progress.is_cancelled() {
        bytes.clear();
        return Ok(bytes);
    }
    // The file may have grown since its size was read: read on to its end.
    let bytes = read_on(&file, bytes, most, progress).map_err(cannot)?;
    refuse_oversized(&name, bytes.len() as u64, limits)?;
    Ok(bytes)
}

/// Appends to `bytes` what `file` holds after them, in blocks of [`READ_BLOCK`] (counted into
/// `progress`), until its end, `most` bytes in all, or a cancel.
fn read_on(
    file: &std::fs::File,
    mut bytes: Vec<u8>,
    most: u64,
    progress: &LoadProgress,
) -> std::io::Result<Vec<u8>> {
    let mut file = file;
    file.seek(SeekFrom::Start(bytes.len() as u64))?;
    let mut rest = file.take(most.saturating_sub(bytes.len() as u64));
    loop {
        let n = (&mut rest).take(READ_BLOCK).read_to_end(&mut bytes)?;
        progress.add_read_bytes(n as u64);
        if n == 0 || progress.is_cancelled() {
            return Ok(bytes);
        }
    }
}

/// Reads the first `len` bytes of `file` in blocks of [`READ_BLOCK`], on every core when there
/// are several blocks: copying a big file out of the page cache, and the page faults of the
/// fresh buffer, take as long as parsing a fifth of it on one core. Stops early (with zeroes
/// where blocks were not read) when the load is cancelled; the caller checks the flag. A file
/// shorter than `len` is an `UnexpectedEof` error.
fn read_in_blocks(
    file: &std::fs::File,
    len: u64,
    progress: &LoadProgress,
) -> std::io::Result<Vec<u8>> {
    let len =
        usize::try_from(len).map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
    // Zeroed memory from the system: its pages are touched first by the thread that reads
    // into them.
    let mut bytes = vec![0u8; len];
    let block = READ_BLOCK as usize;
    bytes
        .par_chunks_mut(block)
        .enumerate()
        .try_for_each(|(k, chunk)| {
            if progress.is_cancelled() {
                return std::io::Result::Ok(());
            }
            read_exact_at(file, chunk, (k * block) as u64)?;
            progress.add_read_bytes(chunk.len() as u64);
            Ok(())
        })?;
    Ok(bytes)
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

/// Elsewhere reads at an offset move the file's one cursor, so they take turns.
#[cfg(not(unix))]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    static CURSOR: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = CURSOR
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut file = file;
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

fn refuse_special(name: &str, meta: &std::fs::Metadata) -> Result<(), LoadError> {
    if meta.is_file() {
        return Ok(());
    }
    let what = special_kind(meta);
    Err(LoadError::whole_file(
        name,
        format!("is {what}, not a regular file; expected a timeline file"),
    ))
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

fn refuse_oversized(name: &str, size: u64, limits: &Limits) -> Result<(), LoadError> {
    if size <= limits.max_file_bytes {
        return Ok(());
    }
    Err(LoadError::whole_file(
        name,
        format!(
            "the file is {}, over the limit of {}; expected a smaller file — the limit is a \
             quarter of the memory available, or set {MAX_FILE_BYTES_VAR} to a number of bytes",
            size_text(size),
            size_text(limits.max_file_bytes)
        ),
    ))
}

/// The error for the first item beyond `max_events`, located at it.
pub(crate) fn too_many_events(file: &str, location: Location, max_events: usize) -> Problem {
    Problem::error(
        file,
        location,
        format!(
            "the file has more than {max_events} events; expected at most {max_events} — split \
             the file"
        ),
    )
}

/// Refuses a JSON file whose `events` array is longer than the limit, before any is parsed.
pub(crate) fn check_event_count(
    input: &Input,
    map: &TextMap,
    top: &TopLevel,
) -> Result<(), LoadError> {
    let max = input.limits.max_events;
    match top.events.as_ref().and_then(|events| events.get(max)) {
        None => Ok(()),
        Some(first_over) => Err(LoadError::single(
            too_many_events(input.file, map.location_of(first_over), max)
                .with_field(format!("events[{max}]")),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(812), "812 bytes");
        assert_eq!(size_text(1_500_000_000), "1.4 GiB (1,500,000,000 bytes)");
        assert_eq!(size_text(2048), "2.0 KiB (2,048 bytes)");
    }

    /// A file of several read blocks and a part block, each byte telling its offset.
    fn numbered_file(len: usize) -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        (dir, path, bytes)
    }

    #[test]
    fn a_file_of_many_blocks_is_read_byte_for_byte_with_progress() {
        let len = 2 * READ_BLOCK as usize + 12_345;
        let (_dir, path, bytes) = numbered_file(len);
        let progress = LoadProgress::new();
        let read = read_file_counted(&path, &Limits::default(), &progress).unwrap();
        assert!(read == bytes, "the blocks are put together in order");
        assert_eq!(progress.bytes(), (len as u64, len as u64));
    }

    #[test]
    fn a_cancelled_read_stops_at_once() {
        let (_dir, path, _) = numbered_file(3 * READ_BLOCK as usize);
        let progress = LoadProgress::new();
        progress.cancel();
        let read = read_file_counted(&path, &Limits::default(), &progress).unwrap();
        assert_eq!(progress.bytes().0, 0, "no block is read once cancelled");
        assert!(read.is_empty(), "nothing half-read is handed on");
    }

    #[test]
    fn a_file_shorter_than_its_size_said_is_read_from_the_start_as_it_is() {
        let (_dir, path, bytes) = numbered_file(READ_BLOCK as usize + 10);
        let file = std::fs::File::open(&path).unwrap();
        let progress = LoadProgress::new();
        let e = read_in_blocks(&file, bytes.len() as u64 + 5, &progress).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
        let read = read_on(&file, Vec::new(), u64::MAX, &progress).unwrap();
        assert!(read == bytes, "the whole file, in order");
    }

    #[test]
    fn a_file_that_grew_is_read_on_but_never_past_the_limit() {
        let (_dir, path, bytes) = numbered_file(3 * READ_BLOCK as usize);
        let file = std::fs::File::open(&path).unwrap();
        let progress = LoadProgress::new();
        // As if the size had been read when the file had one block.
        let first = read_in_blocks(&file, READ_BLOCK, &progress).unwrap();
        let all = read_on(&file, first, u64::MAX, &progress).unwrap();
        assert!(all == bytes, "the rest is read on after the first block");
        let first = read_in_blocks(&file, READ_BLOCK, &progress).unwrap();
        let capped = read_on(&file, first, READ_BLOCK + 3, &progress).unwrap();
        assert_eq!(
            capped.len(),
            READ_BLOCK as usize + 3,
            "a byte past the limit at most"
        );
    }

    #[test]
    fn default_leaves_room_for_a_real_timeline() {
        let l = Limits::default();
        assert!(l.max_file_bytes >= MIN_MAX_FILE_BYTES);
        assert!(l.max_events >= 10_000_000);
    }
}
