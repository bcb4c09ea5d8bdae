//! Byte-level mutations of a valid file, shared by the loaders' property tests
//! (`load_fuzz`, `csv_fuzz`, `safetensors_fuzz`, `tflite_errors`): overwrite a byte, delete a
//! run, insert a few bytes, or cut the file off, each at a position drawn at random.

use proptest::prelude::*;

/// One change to a file's bytes; positions are taken modulo the file's length.
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Replace the byte at a position.
    Overwrite(usize, u8),
    /// Remove up to this many bytes from a position.
    Delete(usize, usize),
    /// Insert these bytes before a position.
    Insert(usize, Vec<u8>),
    /// Keep only the bytes before a position.
    Truncate(usize),
}

/// Any one mutation.
pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Overwrite(at, byte)),
        (any::<usize>(), 1..20_usize).prop_map(|(at, length)| Mutation::Delete(at, length)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Applies `mutation` to `bytes`.
pub fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    if len == 0 && !matches!(mutation, Mutation::Insert(..)) {
        return; // an earlier mutation cut everything
    }
    match mutation {
        Mutation::Overwrite(at, byte) => bytes[at % len] = *byte,
        Mutation::Delete(at, length) => {
            let start = at % len;
            bytes.drain(start..(start + length).min(len));
        }
        Mutation::Insert(at, new) => {
            let at = at % (len + 1);
            bytes.splice(at..at, new.iter().copied());
        }
        Mutation::Truncate(at) => bytes.truncate(at % len),
    }
}
