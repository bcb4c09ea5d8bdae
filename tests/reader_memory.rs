//! Each reader against a file made to exhaust memory (a "bomb"): a network file with millions
//! of entries where the type has a few, a pipeline with a million class names, a CSV file of
//! 200,000 classes, a safetensors header of 100,000 keys. Every one is refused with a typed
//! error, and the memory the reader takes on top of the input stays below the input's own size
//! plus 1 MiB (so input and reader together stay below twice the input plus a constant).
//!
//! A global allocator tracks the bytes live on the current thread and their peak; the readers
//! run on the test's thread.

use static_mlp::data::Standardizer;
use static_mlp::data::csv::{CsvErrorKind, Layout, read_csv_from};
use static_mlp::io::json::{JsonFile, LoadError};
use static_mlp::io::safetensors::{ReadError, SafetensorsFile};
use static_mlp::pipeline::Pipeline;
use static_mlp::prelude::*;
use std::alloc::{GlobalAlloc, Layout as AllocationLayout, System};
use std::cell::Cell;

struct PeakAllocator;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(bytes: isize) {
    // `try_with`: the thread's own locals may already be gone while it exits
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + bytes);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
}

unsafe impl GlobalAlloc for PeakAllocator {
    unsafe fn alloc(&self, layout: AllocationLayout) -> *mut u8 {
        grow(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, pointer: *mut u8, layout: AllocationLayout) {
        grow(-(layout.size() as isize));
        unsafe { System.dealloc(pointer, layout) }
    }
    unsafe fn realloc(&self, pointer: *mut u8, layout: AllocationLayout, size: usize) -> *mut u8 {
        grow(size as isize - layout.size() as isize);
        unsafe { System.realloc(pointer, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: PeakAllocator = PeakAllocator;

/// The most bytes live at once during `work`, beyond those live before it.
fn peak_during<R>(work: impl FnOnce() -> R) -> (R, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let result = work();
    let peak = PEAK.with(Cell::get) - before;
    (result, peak.max(0) as usize)
}

/// Asserts the reader's extra memory is at most the input's size plus 1 MiB.
fn assert_bounded(what: &str, input: usize, peak: usize) {
    println!("{what}: input {input} bytes, reader's peak {peak} bytes");
    assert!(
        peak <= input + (1 << 20),
        "{what}: the reader took {peak} bytes for an input of {input}"
    );
}

type XorNet = mlp!(f64; 2 => 4 Sigmoid => 4 Sigmoid => 1 Sigmoid);

fn xor_json() -> String {
    let net = XorNet::random(Init::Xavier, &mut StdRng::seed_from_u64(1));
    String::from_utf8(net.to_json().unwrap()).unwrap()
}

/// `count` zeros as a JSON array.
fn zeros(count: usize) -> String {
    let mut text = String::with_capacity(2 * count + 2);
    text.push('[');
    for index in 0..count {
        text.push_str(if index == 0 { "0" } else { ",0" });
    }
    text.push(']');
    text
}

#[test]
fn a_network_file_with_an_unknown_field_of_three_million_zeros() {
    let valid = xor_json();
    let end = valid.rfind('}').unwrap();
    let bomb = format!("{},\"junk\":{}}}", &valid[..end], zeros(3_000_000));
    let (result, peak) = peak_during(|| XorNet::from_json(bomb.as_bytes()));
    let error = result.unwrap_err();
    assert!(
        matches!(&error, LoadError::InvalidContent { detail } if detail.starts_with("unknown field `junk`")),
        "{error}"
    );
    assert_bounded("JSON, unknown field", bomb.len(), peak);
}

#[test]
fn a_network_file_with_three_million_weights_where_the_type_has_eight() {
    let valid = xor_json();
    let start = valid.find("\"weights\": [").unwrap() + "\"weights\": ".len();
    let end = start + valid[start..].find(']').unwrap() + 1;
    let bomb = format!("{}{}{}", &valid[..start], zeros(3_000_000), &valid[end..]);
    let (result, peak) = peak_during(|| XorNet::from_json(bomb.as_bytes()));
    let error = result.unwrap_err();
    assert!(
        matches!(
            error,
            LoadError::WrongLength {
                layer: 1,
                part: "weights",
                expected: 8,
                found: 3_000_000
            }
        ),
        "{error}"
    );
    assert_bounded("JSON, long weights", bomb.len(), peak);
}

#[test]
fn a_pipeline_file_with_a_million_class_names_where_the_type_has_three() {
    type Net = mlp!(f64; 2 => 3 Softmax);
    let net = Net::random(Init::Xavier, &mut StdRng::seed_from_u64(4));
    let standardizer = Standardizer::from_parts([1.0, 2.0], [0.5, 4.0]);
    let model: Pipeline<Net, f64, 2, 3, &str> =
        Pipeline::new(net, standardizer).with_class_names(["a", "b", "c"]);
    let valid = String::from_utf8(model.to_json().unwrap()).unwrap();
    let start = valid.find("\"class_names\": [").unwrap() + "\"class_names\": ".len();
    let end = start + valid[start..].find(']').unwrap() + 1;
    let names: Vec<String> = (0..1_000_000).map(|i| format!("\"c{i}\"")).collect();
    let bomb = format!("{}[{}]{}", &valid[..start], names.join(","), &valid[end..]);
    drop(names);
    let (result, peak) =
        peak_during(|| Pipeline::<Net, f64, 2, 3, String>::from_json(bomb.as_bytes()).map(drop));
    let error = result.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the file's preprocessing is invalid: class_names: expected 3 names (one per output), \
         found 1000000"
    );
    assert_bounded("pipeline JSON, class names", bomb.len(), peak);
}

#[test]
fn a_csv_file_of_two_hundred_thousand_classes_read_as_three() {
    let mut bomb = String::from("x,c\n");
    for i in 0..200_000 {
        bomb += &format!("{i},class-{i}\n");
    }
    let (result, peak) = peak_during(|| {
        read_csv_from::<f32, 1, 3>(bomb.as_bytes(), "bomb.csv", &Layout::class("c")).map(drop)
    });
    let error = result.unwrap_err();
    assert!(
        matches!(error.kind, CsvErrorKind::ExtraClass { .. }),
        "{error}"
    );
    assert!(error.to_string().len() < 200, "{error}");
    assert_bounded("CSV, classes", bomb.len(), peak);
}

#[test]
fn a_safetensors_header_of_a_hundred_thousand_keys() {
    let mut header = String::from("{");
    for index in 0..100_000 {
        let separator = if index == 0 { "" } else { "," };
        header += &format!(
            "{separator}\"{index}.weight\":{{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}"
        );
    }
    header.push('}');
    let mut bomb = (header.len() as u64).to_le_bytes().to_vec();
    bomb.extend_from_slice(header.as_bytes());
    drop(header);
    let (result, peak) = peak_during(|| XorNet::from_safetensors(&bomb));
    let error = result.unwrap_err();
    assert!(
        matches!(
            error,
            ReadError::TooManyKeys {
                expected: 7,
                found: 100_000,
                ..
            }
        ),
        "{error}"
    );
    assert_bounded("safetensors, keys", bomb.len(), peak);
}

#[test]
fn a_csv_header_of_a_million_empty_names() {
    let bomb = format!("{}\n1,2\n", ",".repeat(999_999));
    let (result, peak) = peak_during(|| {
        read_csv_from::<f32, 1, 1>(bomb.as_bytes(), "wide.csv", &Layout::class("kind")).map(drop)
    });
    let error = result.unwrap_err();
    assert!(
        matches!(
            error.kind,
            CsvErrorKind::UnknownColumn {
                columns: 1_000_000,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().len() < 200, "{error}");
    assert_bounded("CSV, wide header", bomb.len(), peak);
}

#[test]
fn a_csv_cell_of_ten_megabytes() {
    let bomb = format!("x,y\n{},1\n", "7".repeat(10_000_000) + "x");
    let (result, peak) = peak_during(|| {
        read_csv_from::<f32, 1, 1>(bomb.as_bytes(), "long.csv", &Layout::numbers(["y"])).map(drop)
    });
    let error = result.unwrap_err();
    assert!(
        matches!(error.kind, CsvErrorKind::NotNumeric { .. }),
        "{error}"
    );
    assert!(error.to_string().len() < 400, "{error}");
    // the used cell is held once while it is parsed (its buffer grows by doubling)
    println!(
        "CSV, long cell: input {} bytes, reader's peak {peak} bytes",
        bomb.len()
    );
    assert!(peak <= 2 * bomb.len() + (1 << 20), "{peak}");
}
