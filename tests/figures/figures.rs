//! Every plotting function writes a real image: PNGs decode to the requested size, SVGs parse
//! as XML with the requested size and the expected elements, and bad paths or inputs give
//! typed errors without touching the file system.
//!
//! A package of its own (`tests/figures/Cargo.toml`), outside the workspace's default members,
//! because the `plot` feature it needs would otherwise be on in every build at the top:
//!
//!     cargo test -p static-mlp-figures

#[path = "../scratch/mod.rs"]
mod scratch;

use static_mlp::data::{self, Dataset};
use static_mlp::experiments::Histogram;
use static_mlp::nalgebra::SMatrix;
use static_mlp::plot::{self, Figure, PlotError, Scale};
use static_mlp::prelude::*;
use static_mlp::{experiments::History, model::Sigmoid};
use std::fs;
use std::path::Path;

use crate::scratch::Scratch;

/// The names of the files in a directory.
trait Files {
    fn files(&self) -> Vec<String>;
}

impl Files for Scratch {
    fn files(&self) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(self.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// A decoded 8-bit RGB image.
struct Pixels {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Pixels {
    fn at(&self, x: u32, y: u32) -> [u8; 3] {
        let i = 3 * (y * self.width + x) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
    fn contains(&self, colour: [u8; 3]) -> bool {
        self.rgb.chunks(3).any(|pixel| pixel == colour)
    }
}

fn decode_png(path: &Path) -> Pixels {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut rgb).expect("PNG image data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    rgb.truncate(info.buffer_size());
    Pixels {
        width: info.width,
        height: info.height,
        rgb,
    }
}

/// Parses an SVG file, checks its root and size, and hands the document to `check`.
fn check_svg(path: &Path, (width, height): (u32, u32), check: impl FnOnce(&roxmltree::Document)) {
    let text = fs::read_to_string(path).unwrap();
    let document = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some(width.to_string().as_str()));
    assert_eq!(root.attribute("height"), Some(height.to_string().as_str()));
    check(&document);
}

fn count(document: &roxmltree::Document, tag: &str) -> usize {
    document
        .descendants()
        .filter(|node| node.has_tag_name(tag))
        .count()
}

/// The trimmed content of every `<text>` element.
fn texts(document: &roxmltree::Document) -> Vec<String> {
    document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .map(|node| node.text().unwrap_or_default().trim().to_owned())
        .collect()
}

/// The Okabe–Ito blue and vermillion the figures use for the first two series and classes.
const BLUE: [u8; 3] = [0, 114, 178];
const VERMILLION: [u8; 3] = [213, 94, 0];

fn two_histories() -> (History, History) {
    let mut falling = History::with_capacity(5_000);
    let mut noisy = History::with_capacity(3_000);
    for epoch in 0..5_000 {
        let e = f64::from(epoch);
        falling
            .record(0.25 * (-e / 800.0).exp(), (e / 5_000.0).min(1.0))
            .unwrap();
    }
    for epoch in 0..3_000 {
        // Flickers between two values every epoch: the case that spiked PNG lines.
        let high = epoch % 2 == 0;
        noisy
            .record(if high { 0.7 } else { 0.3 }, if high { 1.0 } else { 0.5 })
            .unwrap();
    }
    (falling, noisy)
}

#[test]
fn loss_history_png_and_svg() {
    let scratch = Scratch::new("loss");
    let (falling, noisy) = two_histories();
    let runs = [("falling", &falling), ("noisy", &noisy)];

    let path = scratch.join("loss.png");
    let figure = Figure::new(&path, "Loss").with_size(640, 480);
    plot::loss_history(&figure, &runs, Scale::Logarithmic).unwrap();
    let pixels = decode_png(&path);
    assert_eq!((pixels.width, pixels.height), (640, 480));
    assert!(
        pixels.contains(BLUE) && pixels.contains(VERMILLION),
        "both runs drawn"
    );

    let path = scratch.join("loss.svg");
    let figure = Figure::new(&path, "Loss").with_size(700, 500);
    plot::loss_history(&figure, &runs, Scale::Linear).unwrap();
    check_svg(&path, (700, 500), |svg| {
        let texts = texts(svg);
        for expected in ["Loss", "falling", "noisy", "epoch", "loss"] {
            assert!(texts.iter().any(|t| t == expected), "no text {expected:?}");
        }
        // In each run's colour: one path for its line and one for its legend entry.
        for colour in ["#0072B2", "#D55E00"] {
            let paths = svg
                .descendants()
                .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(colour))
                .count();
            assert_eq!(paths, 2, "{colour}");
        }
    });
    assert_eq!(
        scratch.files(),
        ["loss.png", "loss.svg"],
        "no temporary files left"
    );
}

#[test]
fn accuracy_history_png_and_svg() {
    let scratch = Scratch::new("accuracy");
    let (falling, noisy) = two_histories();
    let runs = [("first", &falling), ("second", &noisy)];
    let path = scratch.join("accuracy.png");
    plot::accuracy_history(&Figure::new(&path, "Accuracy"), &runs).unwrap();
    let pixels = decode_png(&path);
    assert_eq!((pixels.width, pixels.height), Figure::DEFAULT_SIZE);
    assert!(pixels.contains(BLUE) && pixels.contains(VERMILLION));

    let path = scratch.join("accuracy.svg");
    plot::accuracy_history(&Figure::new(&path, "Accuracy"), &runs).unwrap();
    check_svg(&path, Figure::DEFAULT_SIZE, |svg| {
        assert!(texts(svg).iter().any(|t| t == "accuracy (%)"));
    });
}

#[test]
fn png_text_is_drawn_with_the_embedded_font() {
    // Two figures that differ only in their title: the title band must differ, and hold
    // dark (text) pixels. plotters has no system-font loader in this build, so any text in
    // the PNG came from the font embedded in the crate.
    let scratch = Scratch::new("font");
    let draw = |name: &str, title: &str| {
        let path = scratch.join(name);
        plot::activation::<Sigmoid>(&Figure::new(&path, title), -6.0..6.0).unwrap();
        decode_png(&path)
    };
    let titled = draw("titled.png", "A title in DejaVu Sans σ′ → ≤");
    let blank = draw("blank.png", "");
    let band = |pixels: &Pixels| -> Vec<[u8; 3]> {
        (0..30)
            .flat_map(|y| (0..pixels.width).map(move |x| (x, y)))
            .map(|(x, y)| pixels.at(x, y))
            .collect()
    };
    let (with_text, without) = (band(&titled), band(&blank));
    let dark = |pixels: &[[u8; 3]]| pixels.iter().filter(|p| p.iter().all(|&c| c < 100)).count();
    assert!(
        dark(&with_text) > 200,
        "{} dark pixels in the title band",
        dark(&with_text)
    );
    assert_eq!(dark(&without), 0);
}

/// XOR-easy with outputs that get every point right except the first two.
fn xor_with_two_mistakes() -> (Dataset<f64, 21, 2, 1>, SMatrix<f64, 21, 1>) {
    let xor = data::xor_easy::<f64>();
    let mut outputs = xor.labels.map(|y| if y > 0.5 { 0.9 } else { 0.1 });
    outputs[0] = 0.8; // label 0 at (0, 0)
    outputs[1] = 0.3; // label 1 at (0, 1)
    (xor, outputs)
}

#[test]
fn ground_truth_and_prediction_png_and_svg() {
    let scratch = Scratch::new("prediction");
    let (xor, outputs) = xor_with_two_mistakes();

    let path = scratch.join("prediction.png");
    let figure = Figure::new(&path, "Prediction").with_size(900, 450);
    plot::ground_truth_and_prediction(&figure, &xor, &outputs).unwrap();
    let pixels = decode_png(&path);
    assert_eq!((pixels.width, pixels.height), (900, 450));
    assert!(pixels.contains(BLUE) && pixels.contains(VERMILLION));

    let path = scratch.join("prediction.svg");
    plot::ground_truth_and_prediction(&Figure::new(&path, "Prediction"), &xor, &outputs).unwrap();
    check_svg(&path, Figure::DEFAULT_SIZE, |svg| {
        assert!(
            texts(svg)
                .iter()
                .any(|t| t == "prediction: 19 of 21 correct")
        );
        // Each of 21 points twice (fill and outline) in each of two panels, a ring around
        // each of the 2 mistakes, and the key: two points (fill and outline) and a ring.
        assert_eq!(count(svg, "circle"), 2 * 21 * 2 + 2 + (2 * 2 + 1));
        let fills: Vec<_> = svg
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .filter_map(|n| n.attribute("fill"))
            .collect();
        // Ground truth: 11 blue, 10 vermillion. Prediction: the mistakes swap one of each.
        // Key: one of each.
        assert_eq!(
            fills.iter().filter(|&&f| f == "#0072B2").count(),
            11 + 11 + 1
        );
        assert_eq!(
            fills.iter().filter(|&&f| f == "#D55E00").count(),
            10 + 10 + 1
        );
    });
}

#[test]
fn decision_surface_shows_the_networks_output() {
    // One sigmoid unit, output σ(10·(x₁ − x₀)): near 1 at the top left, 0.5 on the diagonal,
    // near 0 at the bottom right.
    let net: Dense<f64, 2, 1, Sigmoid, NoBias> =
        Dense::from_weights(SMatrix::<f64, 2, 1>::new(-10.0, 10.0));
    let xor = data::xor_easy::<f64>();
    let scratch = Scratch::new("surface");

    let path = scratch.join("surface.svg");
    plot::decision_surface(&Figure::new(&path, "Surface"), &net, &xor).unwrap();
    check_svg(&path, Figure::DEFAULT_SIZE, |svg| {
        // The background, 50 × 50 cells and the colour bar's 100 steps.
        assert_eq!(count(svg, "rect"), 1 + 50 * 50 + 100);
        assert_eq!(count(svg, "circle"), 2 * 21 + 2 * 2);
        let number = |node: &roxmltree::Node, name| -> f64 {
            node.attribute(name).unwrap().parse().unwrap()
        };
        let cells: Vec<_> = svg
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .filter(|n| number(n, "width") < 30.0 && number(n, "height") < 30.0)
            .map(|n| {
                (
                    number(&n, "x"),
                    number(&n, "y"),
                    n.attribute("fill").unwrap(),
                )
            })
            .collect();
        assert_eq!(cells.len(), 2_500);
        let corner = |left: bool, top: bool| {
            let pick = |a: f64, b: f64, low: bool| if low { a.min(b) } else { a.max(b) };
            let x = cells
                .iter()
                .map(|c| c.0)
                .reduce(|a, b| pick(a, b, left))
                .unwrap();
            let y = cells
                .iter()
                .map(|c| c.1)
                .reduce(|a, b| pick(a, b, top))
                .unwrap();
            cells.iter().find(|c| c.0 == x && c.1 == y).unwrap().2
        };
        // Output ≈ 1: 60 % of the way from white to vermillion; ≈ 0: to blue; 0.5: white.
        assert_eq!(corner(true, true), "#E69E66");
        assert_eq!(corner(false, false), "#66AAD1");
        assert_eq!(corner(true, false), "#FFFFFF");
    });

    let path = scratch.join("surface.png");
    let figure = Figure::new(&path, "Surface").with_size(500, 400);
    plot::decision_surface(&figure, &net, &xor).unwrap();
    let pixels = decode_png(&path);
    assert_eq!((pixels.width, pixels.height), (500, 400));
    assert!(pixels.contains([230, 158, 102]) && pixels.contains([102, 170, 209]));
}

#[test]
fn activation_png_and_svg() {
    let scratch = Scratch::new("activation");
    let path = scratch.join("relu.svg");
    plot::activation::<Relu>(&Figure::new(&path, "ReLU"), -2.0..2.0).unwrap();
    check_svg(&path, Figure::DEFAULT_SIZE, |svg| {
        let texts = texts(svg);
        assert!(texts.iter().any(|t| t == "relu(z)"));
        assert!(texts.iter().any(|t| t == "relu′(z)"));
    });
    let path = scratch.join("sigmoid.png");
    let figure = Figure::new(&path, "Sigmoid").with_size(300, 200);
    plot::activation::<Sigmoid>(&figure, -6.0..6.0).unwrap();
    let pixels = decode_png(&path);
    assert_eq!((pixels.width, pixels.height), (300, 200));
}

#[test]
fn histogram_png_and_svg() {
    let scratch = Scratch::new("histogram");
    let edges = Histogram::logarithmic_edges(1e-4, 1.0, 8).unwrap();
    let first = Histogram::new(&[2e-4, 3e-4, 5e-3, 0.2], edges.clone()).unwrap();
    let second = Histogram::new(&[0.3, 0.4, 0.5, 7.0], edges).unwrap();
    let series = [("first", &first), ("second", &second)];

    let path = scratch.join("histogram.svg");
    let figure = Figure::new(&path, "Final loss");
    plot::histogram(&figure, &series, "final loss", Scale::Logarithmic).unwrap();
    check_svg(&path, Figure::DEFAULT_SIZE, |svg| {
        let texts = texts(svg);
        assert!(texts.iter().any(|t| t == "first"));
        assert!(texts.iter().any(|t| t == "second (1 outside the bins)"));
        // Background, a fill and an outline per non-empty bin, two legend swatches, the
        // legend box and its border.
        let filled = |h: &Histogram| h.counts().iter().filter(|&&c| c > 0).count();
        assert_eq!((filled(&first), filled(&second)), (3, 2));
        let bars = 2 * (3 + 2);
        assert_eq!(count(svg, "rect"), 1 + bars + 2 + 2);
    });

    let path = scratch.join("histogram.png");
    plot::histogram(
        &Figure::new(&path, "Final loss"),
        &series,
        "loss",
        Scale::Linear,
    )
    .unwrap();
    assert_eq!(decode_png(&path).width, 800);
}

#[test]
fn an_unwritable_path_is_a_typed_error() {
    let scratch = Scratch::new("unwritable");
    let blocker = scratch.join("not-a-directory");
    fs::write(&blocker, "a file where a directory is expected").unwrap();
    let (falling, _) = two_histories();
    for path in [
        blocker.join("loss.png"),
        scratch.join("missing").join("loss.svg"),
    ] {
        let result = plot::loss_history(
            &Figure::new(&path, "Loss"),
            &[("run", &falling)],
            Scale::Linear,
        );
        match result {
            Err(PlotError::Write { path: reported, .. }) => assert_eq!(reported, path),
            other => panic!(
                "expected a write error for {}, got {other:?}",
                path.display()
            ),
        }
    }
    let error = plot::activation::<Sigmoid>(&Figure::new(blocker.join("s.png"), "s"), -1.0..1.0)
        .unwrap_err();
    assert!(error.to_string().starts_with("cannot write "), "{error}");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(scratch.files(), ["not-a-directory"]);
}

#[test]
fn an_unknown_extension_is_a_typed_error_and_writes_nothing() {
    let scratch = Scratch::new("extension");
    let existing = scratch.join("figure.jpg");
    fs::write(&existing, "keep me").unwrap();
    for name in ["figure.jpg", "figure", "figure.pdf"] {
        let path = scratch.join(name);
        let error = plot::activation::<Sigmoid>(&Figure::new(&path, "s"), -1.0..1.0).unwrap_err();
        assert!(
            matches!(error, PlotError::UnknownExtension { .. }),
            "{name}: {error}"
        );
    }
    assert_eq!(fs::read_to_string(&existing).unwrap(), "keep me");
    assert_eq!(scratch.files(), ["figure.jpg"]);
}

#[test]
fn unusable_input_is_a_typed_error() {
    let scratch = Scratch::new("input");
    let png = scratch.join("x.png");
    let invalid = |result: Result<(), PlotError>| {
        assert!(
            matches!(result, Err(PlotError::InvalidInput { .. })),
            "{result:?}"
        );
    };
    let figure = Figure::new(&png, "x");
    invalid(plot::loss_history(&figure, &[], Scale::Linear));
    let empty = History::with_capacity(10);
    invalid(plot::accuracy_history(&figure, &[("empty", &empty)]));
    let mut diverged = History::with_capacity(2);
    diverged.record(f64::NAN, 0.5).unwrap();
    diverged.record(f64::INFINITY, 0.5).unwrap();
    invalid(plot::loss_history(
        &figure,
        &[("nan", &diverged)],
        Scale::Logarithmic,
    ));
    invalid(plot::activation::<Sigmoid>(&figure, 1.0..-1.0));
    invalid(plot::activation::<Sigmoid>(&figure, 0.0..f64::INFINITY));
    invalid(plot::activation::<Sigmoid>(
        &figure.clone().with_size(0, 600),
        -1.0..1.0,
    ));
    invalid(plot::activation::<Sigmoid>(
        &figure.clone().with_size(u32::MAX, u32::MAX),
        -1.0..1.0,
    ));
    let below_zero = Histogram::new(&[0.5], vec![-1.0, 1.0]).unwrap();
    invalid(plot::histogram(
        &figure,
        &[("h", &below_zero)],
        "v",
        Scale::Logarithmic,
    ));
    invalid(plot::histogram(&figure, &[], "v", Scale::Linear));
    let mut xor = data::xor_easy::<f64>();
    xor.inputs[(3, 1)] = f64::NAN;
    let error = plot::ground_truth_and_prediction(&figure, &xor, &xor.labels).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot plot: expected finite inputs, found NaN in column 1 of sample 3"
    );
    assert!(scratch.files().is_empty());
}

/// Runs `draw` on a thread of its own and fails the test if it has not returned within a
/// minute, so a figure that never finishes is a failure, not a hung test run.
fn finishes<T: Send + 'static>(what: &str, draw: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(draw()));
    receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what}: the figure did not finish within a minute"))
}

#[test]
fn values_near_the_limits_of_f64_give_a_figure_or_an_error_never_a_hang() {
    let scratch = Scratch::new("limits");
    // A diverging run can record a finite loss this large: its padded linear axis would span
    // more than f64 can hold (this hung in plotters' tick search before it was checked).
    let mut huge = History::with_capacity(2);
    huge.record(0.5, 0.5).unwrap();
    huge.record(1.75e308, 0.5).unwrap();
    let path = scratch.join("huge.svg");
    let linear = finishes("linear loss axis", {
        let (path, huge) = (path.clone(), huge.clone());
        move || {
            plot::loss_history(
                &Figure::new(path, "huge"),
                &[("huge", &huge)],
                Scale::Linear,
            )
        }
    });
    let message = linear.unwrap_err().to_string();
    assert!(message.contains("Scale::Logarithmic"), "{message}");
    assert!(!path.exists());
    // On a logarithmic axis, 5e306 draws (the axis ends at 10³⁰⁷); 1.75e308 is refused.
    let log = finishes("logarithmic loss axis, 1.75e308", {
        let (path, huge) = (path.clone(), huge.clone());
        move || {
            plot::loss_history(
                &Figure::new(path, "huge"),
                &[("huge", &huge)],
                Scale::Logarithmic,
            )
        }
    });
    assert!(
        matches!(log, Err(PlotError::InvalidInput { .. })),
        "{log:?}"
    );
    let mut large = History::with_capacity(2);
    large.record(0.5, 0.5).unwrap();
    large.record(5e306, 0.5).unwrap();
    finishes("logarithmic loss axis, 5e306", {
        let (path, huge) = (path.clone(), large);
        move || {
            plot::loss_history(
                &Figure::new(path, "huge"),
                &[("huge", &huge)],
                Scale::Logarithmic,
            )
        }
    })
    .unwrap();
    let (width, height) = Figure::DEFAULT_SIZE;
    check_svg(&path, (width, height), |_| {});
    // Both ends finite, their difference not.
    let wide = finishes("activation over ±1e308", {
        let path = scratch.join("wide.svg");
        move || plot::activation::<Sigmoid>(&Figure::new(path, "wide"), -1e308..1e308)
    });
    assert!(
        matches!(wide, Err(PlotError::InvalidInput { .. })),
        "{wide:?}"
    );
}

#[test]
fn a_trained_network_draws_end_to_end() {
    // The path the compare example takes, in f32 and briefly.
    let xor = data::xor_easy::<f32>();
    let mut net =
        <mlp!(f32; 2 => 4 Relu => 1 Sigmoid)>::random(Init::He, &mut StdRng::seed_from_u64(2));
    let mut optimizer = GradientDescent::new(0.5_f32).unwrap();
    let mut history = History::with_capacity(200);
    Fit::new(&BinaryCrossEntropy, &mut optimizer)
        .max_epochs(200)
        .run_with(&mut net, &xor, |epoch, _| history.record_epoch(epoch))
        .unwrap();
    assert_eq!(history.len(), 200);
    let scratch = Scratch::new("end-to-end");
    let outputs = net.predict(&xor.inputs);
    plot::loss_history(
        &Figure::new(scratch.join("l.svg"), "l"),
        &[("f32", &history)],
        Scale::Logarithmic,
    )
    .unwrap();
    plot::ground_truth_and_prediction(&Figure::new(scratch.join("p.png"), "p"), &xor, &outputs)
        .unwrap();
    plot::decision_surface(&Figure::new(scratch.join("s.png"), "s"), &net, &xor).unwrap();
    assert_eq!(scratch.files(), ["l.svg", "p.png", "s.png"]);
}
