//! The loader against arbitrary and mutated input: it returns `Ok` or `Err`, never panics, and
//! whatever it accepts is a network of the right type with finite weights.
//!
//! Three sources of input, 1,000 cases each: random bytes; a valid file with bytes overwritten,
//! deleted, inserted or cut off; and a valid file with one number replaced by something else
//! (the mutations that get past the JSON parser and reach the architecture and weight checks).

use rand::RngExt;
use static_mlp::io::json::LoadError;
use static_mlp::prelude::*;

use crate::cases::{any_bytes, any_f64, any_i64, any_usize, check_cases};
use crate::mutations::{mutated, mutations};

/// The seed of every test's cases: every run tries the same inputs, so a failure in CI
/// reproduces anywhere.
const SEED: u64 = 20_261_128;

type Net = mlp!(f32; 2 => 3 Relu => 1 Sigmoid);

fn valid_file() -> Vec<u8> {
    Net::random(Init::He, &mut StdRng::seed_from_u64(5))
        .to_json()
        .unwrap()
}

/// Loads `bytes`; on success, checks that what came back is sound.
fn load(bytes: &[u8]) -> Result<Net, LoadError> {
    let result = Net::from_json(bytes);
    if let Ok(net) = &result {
        assert!(
            net.parameters().flatten().all(|w| w.is_finite()),
            "loaded non-finite weights"
        );
        // An accepted file holds this architecture, so it saves back to a file of the same type.
        let again = net.to_json().unwrap();
        assert_eq!(Net::from_json(&again).unwrap(), *net);
    }
    result
}

/// What a number in the file may be replaced with: a random float or integer, or one of a few
/// texts that are not a finite `f32`.
fn replacement(random: &mut StdRng) -> String {
    const TEXTS: [&str; 8] = [
        "null",
        "1e999",
        "-1e39",
        "\"1.0\"",
        "[]",
        "{}",
        "[1.0, 2.0]",
        "true",
    ];
    match random.random_range(0..10) {
        0 => format!("{:?}", any_f64(random)),
        1 => any_i64(random).to_string(),
        k => TEXTS[k - 2].to_string(),
    }
}

/// Byte ranges of the numbers in a JSON text.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-' || bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && b"-+.eE0123456789".contains(&bytes[i]) {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

#[test]
fn arbitrary_bytes_never_panic() {
    check_cases(SEED, 1_000, any_bytes, |bytes| {
        assert!(load(bytes).is_err());
    });
}

#[test]
fn mutated_files_never_panic() {
    check_cases(SEED, 1_000, mutations, |mutations| {
        let _ = load(&mutated(valid_file(), mutations));
    });
}

#[test]
fn replaced_numbers_never_panic() {
    let generate = |random: &mut StdRng| (any_usize(random), replacement(random));
    check_cases(SEED, 1_000, generate, |(which, new)| {
        let text = String::from_utf8(valid_file()).unwrap();
        let spans = number_spans(&text);
        let (start, end) = spans[which % spans.len()];
        let edited = format!("{}{new}{}", &text[..start], &text[end..]);
        if load(edited.as_bytes()).is_ok() {
            // Only a finite number can take a number's place and still load.
            assert!(new.parse::<f64>().is_ok_and(|v| (v as f32).is_finite()));
        }
    });
}

#[test]
fn the_unmutated_file_loads() {
    // The fuzzing above starts from a file that is valid, so its mutations are near misses.
    assert!(load(&valid_file()).is_ok());
    assert!(number_spans(std::str::from_utf8(&valid_file()).unwrap()).len() > 9);
}
