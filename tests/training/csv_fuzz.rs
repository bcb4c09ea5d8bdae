//! The CSV reader against arbitrary and mutated files: it returns `Ok` or a typed `Err`, never
//! panics, and whatever it accepts is a set of finite rows with one-hot labels and as many
//! class names as the network has outputs. The same holds read with a fixed class list, with
//! sorted classes, and for the inputs alone, which agree with the first read when it succeeds.
//!
//! Three sources of input, 1,000 cases each: random bytes; the first 30 lines of the committed
//! Iris file with bytes overwritten, deleted, inserted or cut off; and that file with one
//! cell replaced by something else (the mutations that get past the CSV parser and reach the
//! number, width and class checks).

use rand::RngExt;
use rand::rngs::StdRng;
use static_mlp::data::Rows;
use static_mlp::data::csv::{
    CsvData, CsvError, CsvErrorKind, Layout, read_csv_from, read_csv_inputs_from,
};

use crate::cases::{any_bytes, any_f64, any_i64, check_cases};
use crate::mutations::{mutated, mutations};

/// The seed of every test's cases: every run tries the same inputs, so a failure in CI
/// reproduces anywhere.
const SEED: u64 = 20_261_203;

/// The header and the first 29 samples of Iris (setosa only), plus one of each other class.
fn valid_file() -> Vec<u8> {
    let text = std::fs::read_to_string("datasets/iris.csv").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut kept: Vec<&str> = lines[..30].to_vec();
    kept.push(lines[60]); // a versicolor
    kept.push(lines[120]); // a virginica
    let mut file = kept.join("\n");
    file.push('\n');
    file.into_bytes()
}

/// Reads `bytes` by first appearance, by a fixed class list, by sorted class names and for its
/// inputs alone; on success, checks that what came back is sound and agrees.
fn read(bytes: &[u8]) -> Result<CsvData<f32, 4, 3>, CsvError> {
    const IRIS: [&str; 3] = ["setosa", "versicolor", "virginica"];
    let result = read_one(bytes, &Layout::class("class"));
    let fixed = read_one(bytes, &Layout::class("class").with_classes(IRIS));
    if let Ok(data) = &fixed {
        assert_eq!(data.classes, IRIS);
    }
    let sorted = read_one(bytes, &Layout::class("class").sorted_classes());
    if let Ok(data) = &sorted {
        assert!(data.classes.is_sorted(), "{:?}", data.classes);
    }
    let inputs = read_csv_inputs_from::<f32, 4>(bytes, "iris.csv", &Layout::class("class"));
    if let Ok(data) = &result {
        // A file that reads with its labels reads without them to the same inputs, and with
        // its own classes fixed to the same samples.
        assert_eq!(
            inputs.as_ref().map(|i| &i.inputs[..]),
            Ok(data.samples.inputs())
        );
        let again = read_one(bytes, &data.layout).unwrap();
        assert_eq!(again.samples, data.samples);
    }
    result
}

/// Reads `bytes` with `layout`; on success, checks that what came back is sound.
fn read_one(bytes: &[u8], layout: &Layout) -> Result<CsvData<f32, 4, 3>, CsvError> {
    let result = read_csv_from::<f32, 4, 3>(bytes, "iris.csv", layout);
    match &result {
        Ok(data) => {
            assert!(!data.samples.is_empty());
            assert_eq!(data.classes.len(), 3);
            for k in 0..data.samples.len() {
                assert!(data.samples.input(k).iter().all(|v| v.is_finite()));
                let label = data.samples.label(k);
                assert_eq!(label.iter().sum::<f32>(), 1.0, "one-hot");
                assert!(label.iter().all(|&v| v == 0.0 || v == 1.0));
            }
        }
        Err(error) => {
            // Every error names the file and says something.
            let message = error.to_string();
            assert!(message.starts_with("iris.csv: "), "{message}");
            assert!(message.len() > "iris.csv: ".len() + 10, "{message}");
        }
    }
    result
}

/// What a cell may be replaced with: a random float or integer, or one of a few texts that are
/// not a plain finite number.
fn replacement(random: &mut StdRng) -> String {
    const TEXTS: [&str; 10] = [
        "", "NaN", "inf", "-1e39", "\"5.1\"", "\"a,b\"", "1,2", "setosa", "daisy", " 4.2 ",
    ];
    match random.random_range(0..12) {
        0 => format!("{:?}", any_f64(random)),
        1 => any_i64(random).to_string(),
        k => TEXTS[k - 2].to_string(),
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    check_cases(SEED, 1_000, any_bytes, |bytes| {
        let _ = read(bytes);
    });
}

#[test]
fn mutated_files_never_panic() {
    check_cases(SEED, 1_000, mutations, |mutations| {
        let _ = read(&mutated(valid_file(), mutations));
    });
}

#[test]
fn replaced_cells_never_panic() {
    let generate = |random: &mut StdRng| {
        let line = random.random_range(1..32_usize);
        (line, random.random_range(0..5_usize), replacement(random))
    };
    check_cases(SEED, 1_000, generate, |&(line, column, ref new)| {
        let text = String::from_utf8(valid_file()).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut cells: Vec<String> = lines[line].split(',').map(str::to_string).collect();
        cells[column] = new.clone();
        lines[line] = cells.join(",");
        let edited = lines.join("\n");
        match read(edited.as_bytes()) {
            Ok(_) if column < 4 => {
                // Only a finite number can take a measurement's place.
                let number = new.trim().trim_matches('"').parse::<f64>();
                assert!(
                    number.is_ok_and(|v| (v as f32).is_finite()),
                    "{new:?} accepted"
                );
            }
            Ok(data) => assert!(
                data.classes
                    .contains(&new.trim().trim_matches('"').to_string())
            ),
            Err(error) => {
                // A bad measurement is reported at its own line and column.
                if let CsvErrorKind::NotNumeric { cell, .. }
                | CsvErrorKind::NotFinite { cell, .. } = &error.kind
                {
                    assert_eq!(cell.line, line as u64 + 1);
                    assert_eq!(cell.column, column + 1);
                }
            }
        }
    });
}

#[test]
fn the_unmutated_file_reads() {
    // The fuzzing above starts from a file that is valid, so its mutations are near misses.
    let data = read(&valid_file()).unwrap();
    assert_eq!(data.samples.len(), 31);
    assert_eq!(data.classes, ["setosa", "versicolor", "virginica"]);
}
