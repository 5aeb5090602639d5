//! Writing files so that nothing is lost: the atomic writer that every file
//! Luoshi writes goes through, the checks it makes before replacing a file,
//! and [`FileStamp`], which tells whether another program changed a file
//! since we last read or wrote it.
//!
//! Owns how bytes reach the disk. Must not know what the bytes are
//! (checklists, exports, journals and logs all come here alike).

use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Why a file could not be written. In every case the old file, if any,
/// is exactly as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "无法写入 {path}：{source}（{hint_zh}；原有文件未改动） / cannot write {path}: {source} ({hint_en}; any existing file is unchanged)",
        hint_zh = write_hint(source).0,
        hint_en = write_hint(source).1
    )]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "{path} 是只读文件，未替换它；请另存到其他位置，或先在文件属性中取消只读 / {path} is read-only and was not replaced: save elsewhere, or make it writable first"
    )]
    ReadOnly { path: String },
    #[error(
        "{path} 属于另一个用户，替换它会改变文件的所有者，未替换；请另存到其他位置 / {path} belongs to another user; replacing it would change its owner, so it was not replaced: save elsewhere"
    )]
    OtherOwner { path: String },
}

impl WriteError {
    fn io(path: &Path, source: io::Error) -> WriteError {
        WriteError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// What the user can do about a failed write, in Chinese and English.
fn write_hint(e: &io::Error) -> (&'static str, &'static str) {
    // Windows reports a file held open by Excel or WPS as a sharing (32)
    // or lock (33) violation, or as access denied when replacing it.
    if cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)) {
        return (
            "文件正在被其他程序打开，请先关闭它",
            "the file is open in another program: close it first",
        );
    }
    match e.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => (
            "请确认文件夹可写，且文件没有在其他程序（如 Excel、WPS）中打开",
            "check that the folder is writable and the file is not open in another program such as Excel or WPS",
        ),
        io::ErrorKind::NotFound => (
            "文件夹不存在，请另选位置",
            "the folder does not exist: choose another",
        ),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            ("磁盘空间不足", "the disk is full")
        }
        io::ErrorKind::IsADirectory => (
            "这是一个文件夹，请给出文件名",
            "that is a folder: give a file name",
        ),
        _ => ("请另选位置后重试", "try another location"),
    }
}

/// Writes a file so that it is either fully replaced or left untouched:
/// `write` fills a temporary file in the same folder, which is flushed,
/// synced and renamed over `path`; the folder is then synced (unix). On
/// any failure the temporary file is removed and the old file stays.
///
/// An existing file is replaced only if the user could write it in place:
/// a read-only file, or (unix) one owned by another user, is refused
/// instead of being swapped for a new file the rename would make ours.
/// The replaced file's permissions are kept. Temporary files that killed
/// writers left beside `path` are removed first.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<(), WriteError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let dir = folder_of(path);
    let existing = match fs::metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(WriteError::io(path, e)),
    };
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(WriteError::io(
                path,
                io::Error::new(io::ErrorKind::IsADirectory, "is a folder"),
            ));
        }
        if meta.permissions().readonly() {
            return Err(WriteError::ReadOnly {
                path: path.display().to_string(),
            });
        }
    }
    remove_stale_temps(&dir, path);
    let (tmp_path, file) = create_temp(&dir, path).map_err(|e| WriteError::io(path, e))?;
    let result = check_owner(&file, existing.as_ref(), path)
        .and_then(|()| fill_and_replace(file, &tmp_path, path, existing.as_ref(), write));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp_path);
        return Err(e);
    }
    sync_dir(&dir);
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The rename would give the file the temporary file's owner (us): refuse
/// when that is not the owner it has.
#[cfg(unix)]
fn check_owner(tmp: &File, existing: Option<&fs::Metadata>, path: &Path) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    let Some(meta) = existing else { return Ok(()) };
    let ours = tmp.metadata().map_err(|e| WriteError::io(path, e))?;
    if ours.uid() != meta.uid() {
        return Err(WriteError::OtherOwner {
            path: path.display().to_string(),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner(_: &File, _: Option<&fs::Metadata>, _: &Path) -> Result<(), WriteError> {
    Ok(())
}

fn fill_and_replace<F>(
    file: File,
    tmp: &Path,
    path: &Path,
    existing: Option<&fs::Metadata>,
    write: F,
) -> Result<(), WriteError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let io_err = |e| WriteError::io(path, e);
    let mut out = io::BufWriter::new(file);
    write(&mut out).map_err(io_err)?;
    let file = out.into_inner().map_err(|e| io_err(e.into_error()))?;
    if let Some(meta) = existing {
        file.set_permissions(meta.permissions()).map_err(io_err)?;
    }
    file.sync_all().map_err(io_err)?;
    // The lock taken in create_temp goes with the handle. On unix the file
    // is renamed while still held, so no cleaner can take it for a
    // leftover; Windows renames only closed files.
    #[cfg(not(unix))]
    drop(file);
    fs::rename(tmp, path).map_err(io_err)?;
    #[cfg(unix)]
    drop(file);
    Ok(())
}

/// The temporary file's name for `target`: hidden, beside it, with our
/// process id and a counter so that two writers never share one.
fn temp_name(target: &Path, pid: u32, n: u64) -> String {
    format!("{}{pid}.{n}.tmp", temp_prefix(target))
}

fn temp_prefix(target: &Path) -> String {
    let stem = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "luoshi".into());
    format!(".{stem}.")
}

/// Creates the temporary file and locks it for as long as it is being
/// written, so that [`remove_stale_temps`] never removes a live one.
fn create_temp(dir: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let pid = std::process::id();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(temp_name(target, pid, n));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => {
                // A file system without locks still gets atomic writes;
                // only the cleaning of its leftovers is then skipped.
                let _ = file.try_lock();
                return Ok((tmp, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1_000_000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temporary files of `target` that a writer killed mid-save
/// left behind: ours by name, and not locked by a live writer. A file
/// whose lock cannot be checked is left alone.
pub fn remove_stale_temps(dir: &Path, target: &Path) -> usize {
    let prefix = temp_prefix(target);
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        if !is_temp_suffix(rest) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = OpenOptions::new().write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// `PID.N.tmp`, the part of a temporary file's name after its prefix.
fn is_temp_suffix(rest: &str) -> bool {
    let Some(numbers) = rest.strip_suffix(".tmp") else {
        return false;
    };
    let mut parts = numbers.split('.');
    let digits =
        |s: Option<&str>| s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// Makes the rename itself durable. Some file systems cannot sync a
/// folder; the data is already safe then, so errors are ignored.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A file as we last saw it: size, modification time and content hash.
/// Two stamps of one path that differ mean someone changed the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub sha256: [u8; 32],
}

impl FileStamp {
    /// The stamp of bytes just read from or written to `path`, with the
    /// file's current size and time.
    pub fn of_bytes(path: &Path, bytes: &[u8]) -> FileStamp {
        let modified = fs::metadata(path).ok().and_then(|m| m.modified().ok());
        FileStamp {
            len: bytes.len() as u64,
            modified,
            sha256: Sha256::digest(bytes).into(),
        }
    }

    /// The content hash as lower-case hex.
    pub fn sha256_hex(&self) -> String {
        hex(&self.sha256)
    }

    /// Whether the file at `path` still holds what this stamp saw. Same
    /// size and time is taken as unchanged without reading; otherwise
    /// the content decides (a copy or `touch` that kept the bytes is no
    /// change). A file that is gone has changed.
    pub fn still_matches(&self, path: &Path) -> io::Result<bool> {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        if meta.len() != self.len {
            return Ok(false);
        }
        if meta.modified().ok() == self.modified && self.modified.is_some() {
            return Ok(true);
        }
        let mut hasher = Sha256::new();
        let mut file = File::open(path)?;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        Ok(<[u8; 32]>::from(hasher.finalize()) == self.sha256)
    }
}

/// Makes a folder (and its parents) for files Luoshi will write there.
pub fn create_dir(path: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(path).map_err(|e| WriteError::io(path, e))
}

/// `bytes` as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Whether two paths name the same existing file (through links, `..`
/// or different spellings).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_and_nothing_else() {
        let target = Path::new("/x/清单.luoshi.ron");
        let name = temp_name(target, 42, 7);
        let rest = name.strip_prefix(&temp_prefix(target)).unwrap();
        assert!(is_temp_suffix(rest));
        for other in [
            "42.tmp",
            "a.7.tmp",
            "42.7.tmp.bak",
            "42.7",
            "..tmp",
            "1.2.3.tmp",
        ] {
            assert!(!is_temp_suffix(other), "{other}");
        }
    }

    #[test]
    fn stale_temps_go_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.luoshi.ron");
        let stale = dir.path().join(temp_name(&target, 1, 1));
        fs::write(&stale, b"half").unwrap();
        let live = dir.path().join(temp_name(&target, 2, 1));
        let held = File::create(&live).unwrap();
        held.try_lock().unwrap();
        let other = dir.path().join(".b.luoshi.ron.1.1.tmp");
        fs::write(&other, b"x").unwrap();
        write_atomic(&target, |w| w.write_all(b"new")).unwrap();
        assert!(!stale.exists(), "a killed writer's leftover is removed");
        assert!(
            live.exists(),
            "a writer still holding its lock is left alone"
        );
        assert!(
            other.exists(),
            "another target's files are not ours to judge"
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");
        drop(held);
    }

    #[test]
    fn read_only_target_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.csv");
        fs::write(&target, b"old").unwrap();
        let mut perms = fs::metadata(&target).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(&target, perms).unwrap();
        let err = write_atomic(&target, |w| w.write_all(b"new")).unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly { .. }), "{err:?}");
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp left");
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_kept_on_replace() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.csv");
        fs::write(&target, b"old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&target, |w| w.write_all(b"new")).unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn stamp_sees_changes_of_content_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        fs::write(&path, b"one").unwrap();
        let stamp = FileStamp::of_bytes(&path, b"one");
        assert!(stamp.still_matches(&path).unwrap());
        // Same bytes written again (new time): no change.
        fs::write(&path, b"one").unwrap();
        assert!(stamp.still_matches(&path).unwrap());
        fs::write(&path, b"two").unwrap();
        assert!(!stamp.still_matches(&path).unwrap());
        fs::remove_file(&path).unwrap();
        assert!(!stamp.still_matches(&path).unwrap());
    }
}
