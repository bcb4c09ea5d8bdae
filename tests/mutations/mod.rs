//! Byte-level mutations of a valid file, shared by the loaders' property tests (`load_fuzz`,
//! `csv_fuzz`, `safetensors_fuzz`, `tflite_errors`, `multiclass`): overwrite a byte, delete a
//! run, insert a few bytes, or cut the file off, each at a position drawn at random.

use crate::cases::{any_usize, bytes};
use rand::RngExt;
use rand::rngs::StdRng;

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

/// Any one mutation, each kind as likely as the others.
pub fn mutation(random: &mut StdRng) -> Mutation {
    let at = any_usize(random);
    match random.random_range(0..4) {
        0 => Mutation::Overwrite(at, random.random()),
        1 => Mutation::Delete(at, random.random_range(1..20)),
        2 => Mutation::Insert(at, bytes(random, 1..8)),
        _ => Mutation::Truncate(at),
    }
}

/// One to three mutations.
pub fn mutations(random: &mut StdRng) -> Vec<Mutation> {
    (0..random.random_range(1..4))
        .map(|_| mutation(random))
        .collect()
}

/// `bytes` with `mutations` applied in order.
pub fn mutated(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        apply(&mut bytes, mutation);
    }
    bytes
}

/// Applies `mutation` to `bytes`.
fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
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
