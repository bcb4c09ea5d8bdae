//! Writing a file all at once or not at all, for saved networks and figures.

use std::collections::hash_map::RandomState;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// How many fresh temporary names a save tries before it gives up.
const ATTEMPTS: usize = 16;

/// How many symbolic links a save follows before it gives up (as Linux's `ELOOP`).
const LINK_LIMIT: usize = 40;

/// Writes `path` so that it holds either its old content or all of the new one: the content
/// goes to a new temporary file in the same directory, which is flushed to disk, given the
/// replaced file's permissions, and renamed over `path` (a rename within a directory is
/// atomic). On failure the temporary file is removed and `path` is untouched.
///
/// - The temporary's name has a random part, and it is created with `O_EXCL`
///   (`create_new`): a file left by another process is never opened, and never removed; a
///   name already taken is skipped for another.
/// - If `path` is a symbolic link, the file it points to is replaced and the link is kept.
/// - If `path` is a device or a pipe (`/dev/null`, a FIFO), it is written in place, as
///   `File::create` would: there is no file to replace.
/// - The replaced file's permissions (on Unix, its mode) carry over; its owner is the
///   writer's, as for any new file.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    write_atomically_named(path, (0..ATTEMPTS).map(|_| temporary_name()), write)
}

/// [`write_atomically`], trying the temporary names `names` in turn.
fn write_atomically_named(
    path: &Path,
    names: impl IntoIterator<Item = String>,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path names a directory, not a file",
        ));
    }
    let path = &resolve_links(path)?;
    if fs::metadata(path).is_ok_and(|found| !found.is_file() && !found.is_dir()) {
        // A device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written in place:
        // renaming a file over it would put a regular file where the device was, and it has
        // no old content to keep.
        let mut writer = BufWriter::new(OpenOptions::new().write(true).open(path)?);
        write(&mut writer)?;
        writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        return Ok(());
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (file, temporary) = create_temporary(directory, names)?;
    // from here on the temporary is ours: it is removed on any failure
    let written = (|| {
        let mut writer = BufWriter::new(file);
        write(&mut writer)?;
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        if let Ok(replaced) = fs::metadata(path) {
            file.set_permissions(replaced.permissions())?;
        }
        file.sync_all()?; // the content is on disk before the name points at it
        fs::rename(&temporary, path)
    })();
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    // Make the rename itself durable. Best effort: not every platform can sync a directory.
    if let Ok(directory) = File::open(directory) {
        let _ = directory.sync_all();
    }
    Ok(())
}

/// Creates a new file in `directory` under the first of `names` not taken, with `O_EXCL`.
fn create_temporary(
    directory: &Path,
    names: impl IntoIterator<Item = String>,
) -> io::Result<(File, PathBuf)> {
    for name in names {
        let temporary = directory.join(name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((file, temporary)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "every temporary name tried was taken",
    ))
}

/// `.smlp-` and 16 hex digits: the process id, the time and a counter, hashed with a key the
/// standard library draws from the operating system's random source.
fn temporary_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    format!(".smlp-{:016x}.tmp", hasher.finish())
}

/// `path` with its symbolic links followed to the file they name (which may not exist yet).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..LINK_LIMIT {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                // a relative target is relative to the link's directory
                current = match current.parent() {
                    Some(parent) => parent.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    use crate::io::scratch::Scratch;

    fn entries(directory: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(directory)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn atomic_write_replaces_the_whole_file() {
        let scratch = Scratch::new("atomic");
        let directory = scratch.path();
        let path = directory.join("net.json");
        write_atomically(&path, |file| file.write_all(b"old")).unwrap();
        write_atomically(&path, |file| file.write_all(b"new content")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new content");
        assert_eq!(entries(directory), ["net.json"]);
    }

    #[test]
    fn failed_write_leaves_the_old_file_and_no_temporary() {
        let scratch = Scratch::new("atomic");
        let directory = scratch.path();
        let path = directory.join("net.json");
        fs::write(&path, b"the good old network").unwrap();
        // Half the content goes out, then the disk fills up.
        let error = write_atomically(&path, |file| {
            file.write_all(b"half a netw")?;
            file.flush()?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        })
        .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        assert_eq!(fs::read(&path).unwrap(), b"the good old network");
        assert_eq!(entries(directory), ["net.json"]);
    }

    #[test]
    fn failed_rename_leaves_no_temporary() {
        let scratch = Scratch::new("atomic");
        let directory = scratch.path();
        // A non-empty directory where the file should go: the rename fails.
        let path = directory.join("taken");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("keep"), b"kept").unwrap();
        assert!(write_atomically(&path, |file| file.write_all(b"x")).is_err());
        assert_eq!(entries(directory), ["taken"]);
        assert_eq!(fs::read(path.join("keep")).unwrap(), b"kept");
    }

    #[test]
    fn a_missing_directory_is_an_io_error() {
        let scratch = Scratch::new("atomic");
        let directory = scratch.path();
        let path = directory.join("no-such-dir").join("net.json");
        let error = write_atomically(&path, |file| file.write_all(b"x")).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_taken_temporary_name_is_skipped_and_left_alone() {
        let scratch = Scratch::new("atomic");
        let directory = scratch.path();
        let path = directory.join("net.json");
        // a file left by a crashed process (or another container with the same process id)
        let stale = format!(".smlp-{}-0.tmp", std::process::id());
        fs::write(directory.join(&stale), b"someone else's").unwrap();
        let names = [stale.clone(), "fresh.tmp".to_string()];
        write_atomically_named(&path, names, |file| file.write_all(b"saved")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"saved");
        assert_eq!(fs::read(directory.join(&stale)).unwrap(), b"someone else's");
        // every name taken: the save fails, and the file it did not create stays
        let error = write_atomically_named(&path, [stale.clone()], |file| file.write_all(b"x"))
            .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(directory.join(&stale)).unwrap(), b"someone else's");
        assert_eq!(fs::read(&path).unwrap(), b"saved");
        // the real names: the stale file is not in the way either
        write_atomically(&path, |file| file.write_all(b"again")).unwrap();
        assert_eq!(entries(directory), [stale.as_str(), "net.json"]);
    }

    #[test]
    fn temporary_names_differ() {
        let names: std::collections::HashSet<String> =
            (0..1000).map(|_| temporary_name()).collect();
        assert_eq!(names.len(), 1000);
        assert!(
            names
                .iter()
                .all(|name| name.starts_with(".smlp-") && name.len() == 26)
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_replaced_files_permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let scratch = Scratch::new("atomic");
        let path = scratch.path().join("secret.json");
        for mode in [0o600, 0o640, 0o444] {
            fs::write(&path, b"old").unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            write_atomically(&path, |file| file.write_all(b"new")).unwrap();
            assert_eq!(fs::read(&path).unwrap(), b"new");
            let found = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(found, mode, "{found:o} after {mode:o}");
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
            fs::remove_file(&path).unwrap();
        }
    }

    /// A pipe stands for a device here (`/dev/null` itself is not touched: with the rename
    /// back, a failing run as root would replace it). The test holds the read end open, without
    /// blocking, so that the save's open for writing finds a reader.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_is_written_in_place_not_replaced() {
        use std::io::Read;
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        const O_NONBLOCK: i32 = 0o4000; // Linux's value
        let scratch = Scratch::new("atomic-file-pipe");
        let pipe = scratch.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let mut reader = OpenOptions::new()
            .read(true)
            .custom_flags(O_NONBLOCK)
            .open(&pipe)
            .unwrap();
        write_atomically(&pipe, |w| w.write_all(b"through the pipe")).unwrap();
        let mut received = Vec::new();
        reader.read_to_end(&mut received).unwrap();
        assert_eq!(received, b"through the pipe");
        assert!(fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo());
        assert_eq!(entries(scratch.path()), ["pipe"]);
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_symbolic_link_replaces_its_target_and_keeps_the_link() {
        let scratch = Scratch::new("atomic");
        let directory = scratch.path();
        fs::create_dir(directory.join("models")).unwrap();
        let target = directory.join("models").join("v2.json");
        fs::write(&target, b"old").unwrap();
        // a relative link, as `ln -s models/v2.json current.json` makes
        let link = directory.join("current.json");
        std::os::unix::fs::symlink("models/v2.json", &link).unwrap();
        write_atomically(&link, |file| file.write_all(b"new")).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(entries(directory), ["current.json", "models"]);
        assert_eq!(entries(&directory.join("models")), ["v2.json"]);
        // a link to a file not made yet: the file is made where the link points
        let dangling = directory.join("next.json");
        std::os::unix::fs::symlink("models/v3.json", &dangling).unwrap();
        write_atomically(&dangling, |file| file.write_all(b"v3")).unwrap();
        assert_eq!(
            fs::read(directory.join("models").join("v3.json")).unwrap(),
            b"v3"
        );
        // a loop is an error, not a hang
        let looped = directory.join("loop.json");
        std::os::unix::fs::symlink("loop.json", &looped).unwrap();
        assert!(write_atomically(&looped, |file| file.write_all(b"x")).is_err());
    }
}
