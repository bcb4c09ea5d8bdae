//! The safetensors reader against arbitrary and mutated input: it returns `Ok` or `Err`, never
//! panics, and whatever it accepts is a network of the right type with finite weights.
//!
//! Three sources of input, 1,000 cases each, from a fixed seed: random bytes; a valid file
//! with bytes overwritten, deleted, inserted or cut off; and a valid file whose header is
//! edited consistently (a tensor's dtype or shape changed with data of the right size, a key
//! removed, renamed or added), so the edit gets past the format's own checks and reaches the
//! type's — there the test also knows which error each edit must give.

use rand::RngExt;
use static_mlp::io::safetensors::{ReadError, SafetensorsFile};
use static_mlp::prelude::*;

use crate::cases::{any_bytes, check_cases};
use crate::mutations::{mutated, mutations};

/// The seed of every test's cases: every run tries the same inputs, so a failure in CI
/// reproduces anywhere.
const SEED: u64 = 20_261_203;

type Net = mlp!(f32; 3 => 5 Relu => 2 Sigmoid);

fn network() -> Net {
    Net::random(Init::He, &mut StdRng::seed_from_u64(5))
}

fn valid_file() -> Vec<u8> {
    network().to_safetensors().unwrap()
}

/// Reads `bytes`; on success, checks that what came back is sound.
fn read(bytes: &[u8]) -> Result<Net, ReadError> {
    let result = Net::from_safetensors(bytes);
    if let Ok(net) = &result {
        assert!(
            net.parameters().flatten().all(|w| w.is_finite()),
            "read non-finite weights"
        );
        // An accepted file fits the type, so the network writes back and reads again.
        let again = net.to_safetensors().unwrap();
        assert_eq!(Net::from_safetensors(&again).unwrap(), *net);
    }
    result
}

/// One tensor of a file being built: key, dtype, shape, data.
#[derive(Clone, Debug)]
struct Tensor {
    key: String,
    dtype: &'static str,
    shape: Vec<usize>,
    data: Vec<u8>,
}

/// The valid file's tensors, in the network's order.
fn valid_tensors() -> Vec<Tensor> {
    let net = network();
    let shapes = [vec![5, 3], vec![5], vec![2, 5], vec![2]];
    let keys = ["0.weight", "0.bias", "2.weight", "2.bias"];
    net.parameters()
        .zip(keys.iter().zip(shapes))
        .map(|(values, (key, shape))| Tensor {
            key: key.to_string(),
            dtype: "F32",
            shape,
            data: values.iter().flat_map(|v| v.to_le_bytes()).collect(),
        })
        .collect()
}

/// The safetensors file of `tensors`, written by hand.
fn file(tensors: &[Tensor]) -> Vec<u8> {
    let mut header = serde_json::Map::new();
    let mut offset = 0;
    for tensor in tensors {
        let end = offset + tensor.data.len();
        header.insert(
            tensor.key.clone(),
            serde_json::json!({"dtype": tensor.dtype, "shape": tensor.shape,
                               "data_offsets": [offset, end]}),
        );
        offset = end;
    }
    let header = serde_json::to_vec(&header).unwrap();
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(&header);
    for tensor in tensors {
        bytes.extend_from_slice(&tensor.data);
    }
    bytes
}

const DTYPES: [&str; 8] = ["F16", "BF16", "F32", "F64", "I8", "I32", "U8", "BOOL"];

fn bits(dtype: &str) -> usize {
    match dtype {
        "F64" => 64,
        "F32" | "I32" => 32,
        "F16" | "BF16" => 16,
        _ => 8,
    }
}

/// `count` bytes from a seed (xorshift): the tensor's data, finite or not.
fn bytes_from(seed: u64, count: usize) -> Vec<u8> {
    let mut state = seed | 1;
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

#[derive(Clone, Debug)]
enum Edit {
    Dtype(usize, &'static str, u64),
    Shape(usize, Vec<usize>),
    Remove(usize),
    Rename(usize, &'static str),
    Add(&'static str),
}

/// Any one header edit, each kind as likely as the others.
fn edit(random: &mut StdRng) -> Edit {
    const RENAMES: [&str; 5] = ["4.weight", "0.running_mean", "weight", "1.bias", "x"];
    const ADDITIONS: [&str; 4] = ["1.running_mean", "4.weight", "4.bias", "num_batches"];
    let which = random.random_range(0..4_usize);
    match random.random_range(0..5) {
        0 => Edit::Dtype(
            which,
            DTYPES[random.random_range(0..DTYPES.len())],
            random.random(),
        ),
        1 => {
            let rank = random.random_range(0..4);
            Edit::Shape(
                which,
                (0..rank).map(|_| random.random_range(0..7)).collect(),
            )
        }
        2 => Edit::Remove(which),
        3 => Edit::Rename(which, RENAMES[random.random_range(0..RENAMES.len())]),
        _ => Edit::Add(ADDITIONS[random.random_range(0..ADDITIONS.len())]),
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    check_cases(SEED, 1_000, any_bytes, |bytes| {
        assert!(read(bytes).is_err());
    });
}

#[test]
fn mutated_files_never_panic() {
    check_cases(SEED, 1_000, mutations, |mutations| {
        let _ = read(&mutated(valid_file(), mutations));
    });
}

#[test]
fn header_edits_give_the_error_they_should() {
    check_cases(SEED, 1_000, edit, |edit| {
        let mut tensors = valid_tensors();
        let result = match edit {
            Edit::Dtype(which, dtype, seed) => {
                let tensor = &mut tensors[*which];
                tensor.dtype = dtype;
                let count: usize = tensor.shape.iter().product();
                tensor.data = bytes_from(*seed, count * bits(dtype) / 8);
                let result = read(&file(&tensors));
                match *dtype {
                    // Held exactly by f32: read, unless a random pattern is NaN or infinite.
                    "F16" | "BF16" | "F32" => assert!(
                        matches!(result, Ok(_) | Err(ReadError::NonFinite { .. })),
                        "{result:?}"
                    ),
                    _ => assert!(
                        matches!(result, Err(ReadError::WrongDtype { .. })),
                        "{result:?}"
                    ),
                }
                result
            }
            Edit::Shape(which, shape) => {
                let unchanged = tensors[*which].shape == *shape;
                let tensor = &mut tensors[*which];
                tensor.shape = shape.clone();
                let count: usize = shape.iter().product();
                tensor.data = bytes_from(7, count * 4);
                let result = read(&file(&tensors));
                if !unchanged {
                    assert!(
                        matches!(result, Err(ReadError::WrongShape { .. })),
                        "{result:?}"
                    );
                }
                result
            }
            Edit::Remove(which) => {
                tensors.remove(*which);
                let result = read(&file(&tensors));
                assert!(
                    matches!(result, Err(ReadError::MissingKey { .. })),
                    "{result:?}"
                );
                result
            }
            Edit::Rename(which, key) => {
                tensors[*which].key = key.to_string();
                let result = read(&file(&tensors));
                assert!(result.is_err(), "{result:?}");
                result
            }
            Edit::Add(key) => {
                tensors.push(Tensor {
                    key: key.to_string(),
                    dtype: "F32",
                    shape: vec![2],
                    data: bytes_from(3, 8),
                });
                let result = read(&file(&tensors));
                assert!(
                    matches!(
                        result,
                        Err(ReadError::UnexpectedKey { .. } | ReadError::LayerCount { .. })
                    ),
                    "{result:?}"
                );
                result
            }
        };
        // Every error message names what was expected.
        if let Err(error) = result {
            assert!(error.to_string().contains("expected"), "{error}");
        }
    });
}

#[test]
fn the_unedited_files_load() {
    // The fuzzing above starts from files that are valid, so its edits are near misses.
    assert_eq!(read(&valid_file()).unwrap(), network());
    assert_eq!(read(&file(&valid_tensors())).unwrap(), network());
}
