//! The loader against arbitrary and mutated input: it returns `Ok` or `Err`, never panics, and
//! whatever it accepts is a network of the right type with finite weights.
//!
//! Three sources of input, 1,000 cases each: random bytes; a valid file with bytes overwritten,
//! deleted, inserted or cut off; and a valid file with one number replaced by something else
//! (the mutations that get past the JSON parser and reach the architecture and weight checks).

use proptest::prelude::*;
use static_mlp::prelude::*;
use static_mlp::save::LoadError;

mod mutations;
use mutations::{apply, mutation};

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

/// What a number in the file may be replaced with.
fn replacement() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| format!("{v:?}")),
        any::<i64>().prop_map(|v| v.to_string()),
        Just("null".to_string()),
        Just("1e999".to_string()),
        Just("-1e39".to_string()),
        Just("\"1.0\"".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("[1.0, 2.0]".to_string()),
        Just("true".to_string()),
    ]
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

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1_000,
        failure_persistence: None, // a failure prints its minimal input; nothing is written
        // A fixed seed: every run tries the same inputs, so a failure in CI reproduces anywhere.
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_128),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        prop_assert!(load(&bytes).is_err());
    }

    #[test]
    fn mutated_files_never_panic(mutations in proptest::collection::vec(mutation(), 1..4)) {
        let mut bytes = valid_file();
        for mutation in &mutations {
            apply(&mut bytes, mutation);
        }
        let _ = load(&bytes);
    }

    #[test]
    fn replaced_numbers_never_panic(which in any::<usize>(), new in replacement()) {
        let text = String::from_utf8(valid_file()).unwrap();
        let spans = number_spans(&text);
        let (start, end) = spans[which % spans.len()];
        let edited = format!("{}{new}{}", &text[..start], &text[end..]);
        if load(edited.as_bytes()).is_ok() {
            // Only a finite number can take a number's place and still load.
            prop_assert!(new.parse::<f64>().is_ok_and(|v| (v as f32).is_finite()));
        }
    }
}

#[test]
fn the_unmutated_file_loads() {
    // The fuzzing above starts from a file that is valid, so its mutations are near misses.
    assert!(load(&valid_file()).is_ok());
    assert!(number_spans(std::str::from_utf8(&valid_file()).unwrap()).len() > 9);
}
