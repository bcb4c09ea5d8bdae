//! Weights checked at build time: a `build.rs` turns a PyTorch safetensors file or an int8
//! `.tflite` model into a baked `const` of a named network type, and a file that does not fit
//! the type fails the build. The firmware then carries the weights as data, and neither the
//! file nor its parser.
//!
//! The type is written once, in a file that both the build script and the crate include (a
//! build script is compiled on its own, before the crate), and the build script bakes the
//! file for it with [`bake_safetensors`], which checks it exactly as
//! [`SafetensorsFile::from_safetensors`] does and writes [`bake`]'s source to
//! `OUT_DIR`:
//!
//! ```text
//! // src/net.rs: the type, shared by build.rs and the crate.
//! pub type Net = static_mlp::mlp!(f32; 3 => 5 Relu => 4 Tanh => 2 Sigmoid);
//!
//! // build.rs ([build-dependencies] static-mlp, with the `safetensors` feature)
//! #[path = "src/net.rs"]
//! mod net;
//!
//! fn main() {
//!     let baked = static_mlp::io::build_script::bake_safetensors::<net::Net>(
//!         "weights/net.safetensors", "NET", "Net");
//!     if let Err(error) = baked {
//!         println!("cargo::error={error}"); // fails the build with the message
//!     }
//! }
//!
//! // src/main.rs ([dependencies] static-mlp, default features off: no_std works)
//! mod net;
//! use net::Net;
//! include!(concat!(env!("OUT_DIR"), "/net.rs")); // pub const NET: Net = …;
//! ```
//!
//! A mismatched file then stops `cargo build` with, for example,
//!
//! ```text
//! error: my-crate@0.1.0: weights/net.safetensors does not fit Net (3→5 relu→4 tanh→2 sigmoid f32):
//! "0.weight": expected shape [5, 3] (out × in, as nn.Linear(3, 5) stores it), found [4, 2]
//! ```
//!
//! and Cargo reruns the script whenever the file changes. The crate's
//! `examples/safetensors_build/` is this, end to end.
//!
//! The layers are taken in the natural order of their names, as
//! [`SafetensorsFile::from_safetensors`] takes them; for names that order gets wrong, a build script
//! calls [`SafetensorsFile::from_safetensors_named`] and [`bake`] itself.
//!
//! # An int8 `.tflite` model
//!
//! [`bake_tflite`] does the same for an [`mlp_int8!`](crate::mlp_int8) type: it reads the file
//! with the type's [`from_tflite`](crate::int8::QuantizedNetwork::from_tflite), so every check
//! of that loader is made at build time, and writes
//! [`bake_quantized`]'s source. The loader is passed by name,
//! which also names the type; the build dependency needs only the `std` feature:
//!
//! ```text
//! // src/sine.rs: the type, shared by build.rs and the firmware.
//! pub type Sine = static_mlp::mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
//!
//! // build.rs ([build-dependencies] static-mlp, default-features = false, features = ["std"])
//! #[path = "src/sine.rs"]
//! mod sine;
//!
//! fn main() {
//!     let baked = static_mlp::io::build_script::bake_tflite(
//!         "models/sine.tflite", "SINE", "Sine", sine::Sine::from_tflite);
//!     if let Err(error) = baked {
//!         println!("cargo::error={error}");
//!     }
//! }
//!
//! // src/main.rs ([dependencies] static-mlp, default-features = false)
//! mod sine;
//! use sine::Sine;
//! include!(concat!(env!("OUT_DIR"), "/sine.rs")); // pub const SINE: Sine = …;
//! ```
//!
//! A file that does not fit stops the build with [`from_tflite`]'s message, such as
//! `models/sine.tflite does not fit Sine: layer 1 weights: expected shape [8, 1], found [16, 1]`.
//! The firmware in `examples/cortex_m/` bakes its sine model this way. A firmware that calls
//! [`from_tflite`] at run time carries the loader and the file instead, many times the flash
//! of the baked network ([the microcontroller guide](crate::guide::microcontrollers) has the
//! figures).
//!
//! [`from_tflite`]: crate::int8::QuantizedNetwork::from_tflite

use crate::int8::QuantizedLayer;
use crate::int8::QuantizedNetwork;
use crate::int8::bake_quantized;
use crate::int8::tflite::TfliteError;
use crate::io::atomic_file::write_atomically;
use crate::io::rust_source::Bake;
#[cfg(feature = "safetensors")]
use crate::io::rust_source::bake;
#[cfg(feature = "safetensors")]
use crate::io::safetensors::{ReadError, SafetensorsFile};
use crate::math::message::shortened;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Checks the safetensors file `source` against the network type `N` and writes a
/// `pub const {const_name}: {type_name}` holding it to `$OUT_DIR/{const_name, lowercase}.rs`,
/// returning that path. For use in a build script: it tells Cargo to rerun the script when
/// `source` changes (a relative path is taken from the package's root, where build scripts
/// run). `const_name` must be a Rust identifier (so the file name stays in `OUT_DIR`), and
/// `source` a path without line breaks (Cargo reads its instructions line by line).
#[cfg(feature = "safetensors")]
pub fn bake_safetensors<N: SafetensorsFile + Bake>(
    source: impl AsRef<Path>,
    const_name: &str,
    type_name: &str,
) -> Result<PathBuf, BuildError> {
    let source = source.as_ref();
    let destination = destination_in_out_dir(source, const_name)?;
    bake_safetensors_to::<N>(source, const_name, type_name, &destination)?;
    Ok(destination)
}

/// [`bake_safetensors`] with the destination given, outside a build script. The source is
/// written atomically: on any error the file at `destination`, if any, is left as it was.
/// `const_name` must be a Rust identifier; the source path is written into a comment quoted
/// and escaped as a Rust string, so no character of it can end the comment.
#[cfg(feature = "safetensors")]
pub fn bake_safetensors_to<N: SafetensorsFile + Bake>(
    source: impl AsRef<Path>,
    const_name: &str,
    type_name: &str,
    destination: impl AsRef<Path>,
) -> Result<(), BuildError> {
    let source = source.as_ref();
    check_const_name(const_name)?;
    let network = N::load_safetensors(source).map_err(|error| BuildError::DoesNotFit {
        source: source.to_path_buf(),
        type_name: type_name.to_string(),
        architecture: N::architecture().to_string(),
        error: Box::new(error),
    })?;
    write_source(
        source,
        &bake(&network, const_name, type_name),
        destination.as_ref(),
    )
}

/// Checks the int8 `.tflite` file `source` with `load`, the network type's
/// [`from_tflite`](QuantizedNetwork::from_tflite) (every check that loader makes at run time
/// is made here, at build time), and writes a `pub const {const_name}: {type_name}` holding the
/// network, as [`bake_quantized`] writes it, to `$OUT_DIR/{const_name, lowercase}.rs`,
/// returning that path. For use in a build script, as [`bake_safetensors`]: it tells Cargo to
/// rerun the script when `source` changes, `const_name` must be a Rust identifier and `source`
/// a path without line breaks.
///
/// ```no_run
/// // build.rs, with `Sine` in a file shared with the crate (see the module's documentation)
/// use static_mlp::prelude::*;
/// type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
///
/// let baked =
///     static_mlp::io::build_script::bake_tflite("models/sine.tflite", "SINE", "Sine", Sine::from_tflite);
/// if let Err(error) = baked {
///     println!("cargo::error={error}");
/// }
/// ```
pub fn bake_tflite<L, const I: usize, const O: usize>(
    source: impl AsRef<Path>,
    const_name: &str,
    type_name: &str,
    load: impl FnOnce(&[u8]) -> Result<QuantizedNetwork<L, I, O>, TfliteError>,
) -> Result<PathBuf, BuildError>
where
    L: QuantizedLayer<I, O> + Bake,
{
    let source = source.as_ref();
    let destination = destination_in_out_dir(source, const_name)?;
    bake_tflite_to(source, const_name, type_name, load, &destination)?;
    Ok(destination)
}

/// [`bake_tflite`] with the destination given, outside a build script. The source is written
/// atomically: on any error the file at `destination`, if any, is left as it was.
pub fn bake_tflite_to<L, const I: usize, const O: usize>(
    source: impl AsRef<Path>,
    const_name: &str,
    type_name: &str,
    load: impl FnOnce(&[u8]) -> Result<QuantizedNetwork<L, I, O>, TfliteError>,
    destination: impl AsRef<Path>,
) -> Result<(), BuildError>
where
    L: QuantizedLayer<I, O> + Bake,
{
    let source = source.as_ref();
    check_const_name(const_name)?;
    let bytes = std::fs::read(source).map_err(|error| BuildError::Unreadable {
        source: source.to_path_buf(),
        error,
    })?;
    let network = load(&bytes).map_err(|error| BuildError::TfliteDoesNotFit {
        source: source.to_path_buf(),
        type_name: type_name.to_string(),
        error,
    })?;
    write_source(
        source,
        &bake_quantized(&network, const_name, type_name),
        destination.as_ref(),
    )
}

/// In a build script: checks the names, tells Cargo to rerun the script when `source`
/// changes, and returns `$OUT_DIR/{const_name, lowercase}.rs`.
fn destination_in_out_dir(source: &Path, const_name: &str) -> Result<PathBuf, BuildError> {
    check_const_name(const_name)?;
    let shown = source.display().to_string();
    if shown.contains(['\n', '\r']) {
        return Err(BuildError::LineBreakInPath {
            source: source.to_path_buf(),
        });
    }
    println!("cargo::rerun-if-changed={shown}");
    let out_dir = std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutDir)?;
    Ok(Path::new(&out_dir).join(format!("{}.rs", const_name.to_lowercase())))
}

/// Writes `code` to `destination` atomically, after a comment naming `source` (quoted and
/// escaped as a Rust string, so no character of it can end the comment).
fn write_source(source: &Path, code: &str, destination: &Path) -> Result<(), BuildError> {
    let code = format!("// From {:?}.\n{code}", source.display().to_string());
    write_atomically(destination, |file| file.write_all(code.as_bytes())).map_err(|error| {
        BuildError::Io {
            path: destination.to_path_buf(),
            error,
        }
    })
}

/// `name` as a Rust identifier: ASCII letters, digits and `_`, not starting with a digit, and
/// not `_` alone.
fn check_const_name(name: &str) -> Result<(), BuildError> {
    let mut characters = name.chars();
    let valid = match characters.next() {
        Some(first) if first.is_ascii_alphabetic() || first == '_' => {
            name != "_" && characters.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(BuildError::InvalidConstName {
            found: shortened(name),
        })
    }
}

/// Why [`bake_safetensors`] or [`bake_tflite`] baked nothing.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The safetensors file could not be read, or does not fit the type.
    #[cfg(feature = "safetensors")]
    DoesNotFit {
        /// The safetensors file.
        source: PathBuf,
        /// The type's name as given, such as `Net`.
        type_name: String,
        /// The type's architecture, such as `3→5 relu→2 sigmoid f32`.
        architecture: String,
        /// What is wrong (boxed: it is large, and rare).
        error: Box<ReadError>,
    },
    /// The `.tflite` file could not be read.
    Unreadable {
        /// The file.
        source: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
    /// The `.tflite` file does not fit the type: what its `from_tflite` said.
    TfliteDoesNotFit {
        /// The file.
        source: PathBuf,
        /// The type's name as given, such as `Sine`.
        type_name: String,
        /// What is wrong.
        error: TfliteError,
    },
    /// `OUT_DIR` is not set: not called from a build script.
    NoOutDir,
    /// The constant's name is not a Rust identifier (it also names the file written).
    InvalidConstName {
        /// The name given (cut to 200 characters, ending in `…`).
        found: String,
    },
    /// The source path has a line break, which Cargo's `rerun-if-changed` line cannot hold.
    LineBreakInPath {
        /// The path.
        source: PathBuf,
    },
    /// The source could not be written.
    Io {
        /// The destination.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            #[cfg(feature = "safetensors")]
            BuildError::DoesNotFit {
                source,
                type_name,
                architecture,
                error,
            } => write!(
                f,
                "{} does not fit {type_name} ({architecture}): {error}",
                source.display()
            ),
            BuildError::Unreadable { source, error } => {
                write!(f, "could not read {}: {error}", source.display())
            }
            BuildError::TfliteDoesNotFit {
                source,
                type_name,
                error,
            } => write!(f, "{} does not fit {type_name}: {error}", source.display()),
            BuildError::NoOutDir => write!(
                f,
                "expected the OUT_DIR that Cargo gives build scripts, found none (call \
                 bake_safetensors or bake_tflite from build.rs, or bake_safetensors_to or \
                 bake_tflite_to elsewhere)"
            ),
            BuildError::Io { path, error } => {
                write!(f, "could not write {}: {error}", path.display())
            }
            BuildError::InvalidConstName { found } => write!(
                f,
                "expected a Rust identifier for the constant's name, found {found:?}"
            ),
            BuildError::LineBreakInPath { source } => write!(
                f,
                "expected a source path without line breaks (Cargo's rerun-if-changed cannot \
                 name it), found {:?}",
                source.display().to_string()
            ),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            #[cfg(feature = "safetensors")]
            BuildError::DoesNotFit { error, .. } => Some(error.as_ref()),
            BuildError::TfliteDoesNotFit { error, .. } => Some(error),
            BuildError::Io { error, .. } | BuildError::Unreadable { error, .. } => Some(error),
            BuildError::NoOutDir
            | BuildError::InvalidConstName { .. }
            | BuildError::LineBreakInPath { .. } => None,
        }
    }
}

#[cfg(test)]
mod tflite_tests {
    use super::*;
    use crate::int8::tflite::Role;
    use crate::io::scratch::Scratch;
    use crate::mlp_int8;
    use crate::model::activation::{Identity, Relu};
    use std::fs;

    type Sine = mlp_int8!(1 => 16 Relu => 16 Relu => 1 Identity);
    type Narrow = mlp_int8!(1 => 8 Relu => 16 Relu => 1 Identity);

    fn sine_file() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tflite/sine.tflite")
    }

    #[test]
    fn a_fitting_model_is_baked_as_bake_quantized_writes_it() {
        let scratch = Scratch::new("bake-tflite");
        let destination = scratch.path().join("sine.rs");
        let source = sine_file();
        bake_tflite_to(&source, "SINE", "Sine", Sine::from_tflite, &destination).unwrap();
        let loaded = Sine::from_tflite(&fs::read(&source).unwrap()).unwrap();
        assert_eq!(
            fs::read_to_string(&destination).unwrap(),
            format!(
                "// From \"{}\".\n{}",
                source.display(),
                bake_quantized(&loaded, "SINE", "Sine")
            )
        );
    }

    #[test]
    fn a_model_that_does_not_fit_names_the_file_and_the_type_and_leaves_the_old_source() {
        let scratch = Scratch::new("bake-tflite-misfit");
        let destination = scratch.path().join("sine.rs");
        fs::write(&destination, "// the last good bake").unwrap();
        let source = sine_file();
        let error = bake_tflite_to(&source, "SINE", "Narrow", Narrow::from_tflite, &destination)
            .unwrap_err();
        assert!(
            matches!(
                error,
                BuildError::TfliteDoesNotFit {
                    error: TfliteError::WrongShape {
                        role: Role::Weights(1),
                        ..
                    },
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!(
                "{} does not fit Narrow: layer 1 weights: expected shape [8, 1], found [16, 1]",
                source.display()
            )
        );
        assert_eq!(
            fs::read_to_string(&destination).unwrap(),
            "// the last good bake"
        );
    }

    #[test]
    fn a_corrupt_or_missing_model_is_a_typed_error_and_nothing_is_written() {
        let scratch = Scratch::new("bake-tflite-corrupt");
        let destination = scratch.path().join("sine.rs");
        let bytes = fs::read(sine_file()).unwrap();
        // cut short, and with its identifier overwritten
        let short = scratch.path().join("short.tflite");
        fs::write(&short, &bytes[..bytes.len() / 2]).unwrap();
        let error =
            bake_tflite_to(&short, "SINE", "Sine", Sine::from_tflite, &destination).unwrap_err();
        assert!(
            matches!(
                error,
                BuildError::TfliteDoesNotFit {
                    error: TfliteError::Malformed(_),
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(
            error.to_string().starts_with(&format!(
                "{} does not fit Sine: malformed TFLite file",
                short.display()
            )),
            "{error}"
        );
        let renamed = scratch.path().join("renamed.tflite");
        let mut wrong = bytes.clone();
        wrong[4..8].copy_from_slice(b"ONNX");
        fs::write(&renamed, &wrong).unwrap();
        let error =
            bake_tflite_to(&renamed, "SINE", "Sine", Sine::from_tflite, &destination).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{} does not fit Sine: not a TFLite file: expected \"TFL3\" at byte 4, found [79, 78, 78, 88]",
                renamed.display()
            )
        );
        let missing = scratch.path().join("missing.tflite");
        let error =
            bake_tflite_to(&missing, "SINE", "Sine", Sine::from_tflite, &destination).unwrap_err();
        assert!(
            matches!(&error, BuildError::Unreadable { source, error } if *source == missing && error.kind() == io::ErrorKind::NotFound),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with(&format!("could not read {}: ", missing.display())),
            "{error}"
        );
        assert!(!destination.exists());
    }

    #[test]
    fn names_and_paths_are_checked_before_the_file_is_read() {
        let source = sine_file();
        let scratch = Scratch::new("bake-tflite-name");
        let destination = scratch.path().join("sine.rs");
        for name in ["../../X", "", "1SINE", "SINE; fn f() {}"] {
            let error =
                bake_tflite_to(&source, name, "Sine", Sine::from_tflite, &destination).unwrap_err();
            assert!(
                matches!(&error, BuildError::InvalidConstName { found } if found == name),
                "{name}: {error}"
            );
            assert!(matches!(
                bake_tflite(&source, name, "Sine", Sine::from_tflite),
                Err(BuildError::InvalidConstName { .. })
            ));
        }
        assert!(!destination.exists());
        let broken = scratch.path().join("sine\n.tflite");
        fs::copy(&source, &broken).unwrap();
        assert!(matches!(
            bake_tflite(&broken, "SINE", "Sine", Sine::from_tflite),
            Err(BuildError::LineBreakInPath { .. })
        ));
    }
}

#[cfg(all(test, feature = "safetensors"))]
mod tests {
    use super::*;
    use crate::mlp;
    use crate::model::activation::{Identity, Relu, Sigmoid, Tanh};
    use std::fs;

    type Net = mlp!(f32; 3 => 5 Relu => 4 Tanh => 2 Sigmoid);

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/safetensors")
            .join(name)
    }

    /// A scratch directory removed when dropped, pass or fail.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let path = std::env::temp_dir()
                .join(format!("static-mlp-build-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).unwrap();
            Scratch(path)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_fitting_file_is_baked_as_the_networks_const() {
        let scratch = Scratch::new("fit");
        let destination = scratch.0.join("net.rs");
        let source = fixture("sequential_f32.safetensors");
        bake_safetensors_to::<Net>(&source, "NET", "Net", &destination).unwrap();
        let code = fs::read_to_string(&destination).unwrap();
        let network = Net::load_safetensors(&source).unwrap();
        let expected = format!(
            "// From \"{}\".\n{}",
            source.display(),
            bake(&network, "NET", "Net")
        );
        assert_eq!(code, expected);
        assert!(code.contains("pub const NET: Net = ::static_mlp::model::Chain::new("));
    }

    #[test]
    fn a_file_that_does_not_fit_names_the_type_and_leaves_the_old_source() {
        let scratch = Scratch::new("misfit");
        let destination = scratch.0.join("net.rs");
        fs::write(&destination, "// the last good bake").unwrap();
        let source = fixture("no_bias_f32.safetensors");
        type Biased = mlp!(f32; 2 => 4 Relu => 4 Relu => 1 Identity);
        let error =
            bake_safetensors_to::<Biased>(&source, "NET", "Biased", &destination).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{} does not fit Biased (2→4 relu→4 relu→1 identity f32): layer 1: expected a \
                 tensor \"0.bias\", found none",
                source.display()
            )
        );
        assert_eq!(
            fs::read_to_string(&destination).unwrap(),
            "// the last good bake"
        );
        let missing = bake_safetensors_to::<Net>("no/such.safetensors", "NET", "Net", &destination);
        assert!(matches!(
            missing,
            Err(BuildError::DoesNotFit { error, .. }) if matches!(*error, ReadError::NotFound { .. })
        ));
    }

    #[test]
    fn a_line_break_in_the_source_path_stays_inside_the_comment() {
        let scratch = Scratch::new("newline");
        let source = scratch
            .0
            .join("net.safetensors\npub const INJECTED: u8 = 0;");
        fs::copy(fixture("sequential_f32.safetensors"), &source).unwrap();
        let destination = scratch.0.join("net.rs");
        bake_safetensors_to::<Net>(&source, "NET", "Net", &destination).unwrap();
        let code = fs::read_to_string(&destination).unwrap();
        let first = code.lines().next().unwrap();
        assert!(first.starts_with("// From \""), "{first}");
        assert!(
            first.ends_with("net.safetensors\\npub const INJECTED: u8 = 0;\"."),
            "{first}"
        );
        assert!(
            !code
                .lines()
                .any(|line| line.starts_with("pub const INJECTED"))
        );
        // a build script's rerun-if-changed line cannot hold it: refused before anything
        assert!(matches!(
            bake_safetensors::<Net>(&source, "NET", "Net"),
            Err(BuildError::LineBreakInPath { .. })
        ));
    }

    #[test]
    fn a_const_name_that_is_not_an_identifier_is_refused() {
        let scratch = Scratch::new("name");
        let destination = scratch.0.join("net.rs");
        let source = fixture("sequential_f32.safetensors");
        for name in ["../../X", "", "_", "1NET", "NET; fn f() {}", "NÉT", "a b"] {
            let error = bake_safetensors_to::<Net>(&source, name, "Net", &destination).unwrap_err();
            assert!(
                matches!(&error, BuildError::InvalidConstName { found } if found == name),
                "{name}: {error}"
            );
            let error = bake_safetensors::<Net>(&source, name, "Net").unwrap_err();
            assert!(
                matches!(error, BuildError::InvalidConstName { .. }),
                "{name}"
            );
        }
        assert_eq!(
            bake_safetensors_to::<Net>(&source, "../../X", "Net", &destination)
                .unwrap_err()
                .to_string(),
            "expected a Rust identifier for the constant's name, found \"../../X\""
        );
        assert!(!destination.exists());
        for name in ["NET", "_NET2", "net_v1", "a"] {
            bake_safetensors_to::<Net>(&source, name, "Net", &destination).unwrap();
        }
    }
}
