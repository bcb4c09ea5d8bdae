//! Writing a file all at once or not at all, for saved networks and figures.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Writes `path` so that it holds either its old content or all of the new one: the content
/// goes to a new temporary file in the same directory, which is flushed to disk and renamed
/// over `path` (a rename within a directory is atomic). On failure the temporary file is
/// removed and `path` is untouched.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path names a directory, not a file",
        ));
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    // Short and unique: a process may write several files at once, from several threads.
    let temporary = directory.join(format!(".smlp-{}-{unique}.tmp", std::process::id()));

    let written = (|| {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        let mut writer = BufWriter::new(file);
        write(&mut writer)?;
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
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
}
