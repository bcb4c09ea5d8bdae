//! PyTorch weights checked at build time: a `build.rs` turns a safetensors file into a baked
//! `const` of a named network type, and a file that does not fit the type fails the build.
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

use crate::io::atomic_file::write_atomically;
use crate::io::rust_source::{Bake, bake};
use crate::io::safetensors::{ReadError, SafetensorsFile};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Checks the safetensors file `source` against the network type `N` and writes a
/// `pub const {const_name}: {type_name}` holding it to `$OUT_DIR/{const_name, lowercase}.rs`,
/// returning that path. For use in a build script: it tells Cargo to rerun the script when
/// `source` changes (a relative path is taken from the package's root, where build scripts
/// run).
pub fn bake_safetensors<N: SafetensorsFile + Bake>(
    source: impl AsRef<Path>,
    const_name: &str,
    type_name: &str,
) -> Result<PathBuf, BuildError> {
    let source = source.as_ref();
    println!("cargo::rerun-if-changed={}", source.display());
    let out_dir = std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutDir)?;
    let destination = Path::new(&out_dir).join(format!("{}.rs", const_name.to_lowercase()));
    bake_safetensors_to::<N>(source, const_name, type_name, &destination)?;
    Ok(destination)
}

/// [`bake_safetensors`] with the destination given, outside a build script. The source is
/// written atomically: on any error the file at `destination`, if any, is left as it was.
pub fn bake_safetensors_to<N: SafetensorsFile + Bake>(
    source: impl AsRef<Path>,
    const_name: &str,
    type_name: &str,
    destination: impl AsRef<Path>,
) -> Result<(), BuildError> {
    let source = source.as_ref();
    let network = N::load_safetensors(source).map_err(|error| BuildError::DoesNotFit {
        source: source.to_path_buf(),
        type_name: type_name.to_string(),
        architecture: N::architecture().to_string(),
        error: Box::new(error),
    })?;
    let code = format!(
        "// From {}.\n{}",
        source.display(),
        bake(&network, const_name, type_name)
    );
    let destination = destination.as_ref();
    write_atomically(destination, |file| file.write_all(code.as_bytes())).map_err(|error| {
        BuildError::Io {
            path: destination.to_path_buf(),
            error,
        }
    })
}

/// Why [`bake_safetensors`] baked nothing.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The file could not be read, or does not fit the type.
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
    /// `OUT_DIR` is not set: not called from a build script.
    NoOutDir,
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
            BuildError::NoOutDir => write!(
                f,
                "expected the OUT_DIR that Cargo gives build scripts, found none (call \
                 bake_safetensors from build.rs, or bake_safetensors_to elsewhere)"
            ),
            BuildError::Io { path, error } => {
                write!(f, "could not write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::DoesNotFit { error, .. } => Some(error.as_ref()),
            BuildError::Io { error, .. } => Some(error),
            BuildError::NoOutDir => None,
        }
    }
}

#[cfg(test)]
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
            "// From {}.\n{}",
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
}
