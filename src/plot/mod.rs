//! Figures of training runs, data and networks, written as SVG or PNG (the `plot` feature).
//!
//! Each function takes a [`Figure`] — the output path, its title and its size — and the things
//! to draw, and writes the file in the format its extension names: `.svg` or `.png`. It
//! returns a [`PlotError`] for an unknown extension, an unwritable path or unusable input, and
//! never leaves a half-written file: the image is drawn in memory and moved into place whole.
//!
//! | function | draws |
//! |---|---|
//! | [`loss_history`], [`accuracy_history`] | one line per run against the epoch, on shared axes |
//! | [`ground_truth_and_prediction`] | the data points coloured by label, beside the same points coloured by predicted class |
//! | [`decision_surface`] | a network's output over the input square as a heat map, with the data points on top |
//! | [`activation`] | an activation function and its derivative over an interval |
//! | [`histogram`] | one or more [`Histogram`](crate::experiments::Histogram)s overlaid |
//!
//! Drawing uses [plotters](https://docs.rs/plotters)' pure-Rust SVG and bitmap backends, PNG
//! files are encoded by the pure-Rust `png` crate, and text is set in a subset of DejaVu Sans
//! embedded in the crate: nothing needs to be installed on the machine, no system font is
//! read. (If another crate in your build turns on plotters' `ttf` feature, plotters switches
//! to system fonts for everyone; the figures still draw wherever those exist.)

mod activation;
mod error;
mod figure;
mod histogram;
mod history;
mod prediction;
mod surface;

pub use activation::activation;
pub use error::PlotError;
pub use figure::Figure;
pub use histogram::histogram;
pub use history::{accuracy_history, loss_history};
pub use prediction::ground_truth_and_prediction;
pub use surface::decision_surface;

use plotters::style::{IntoFont, RGBColor, TextStyle};

/// How a value axis is spaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scale {
    /// Equal steps for equal differences.
    #[default]
    Linear,
    /// Equal steps for equal ratios (powers of ten); values ≤ 0 cannot be shown and are left
    /// out.
    Logarithmic,
}

/// The Okabe–Ito palette: colours told apart with the common kinds of colour blindness.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
];

/// The colour of the `index`-th run or series.
fn series_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// The colours of class 0 and class 1 (blue and vermillion).
const CLASS_COLOURS: [RGBColor; 2] = [PALETTE[0], PALETTE[1]];

/// The embedded font at `size` pixels.
fn font(size: u32) -> TextStyle<'static> {
    (figure::FONT_FAMILY, size).into_font().into()
}

/// Title text size, axis description size and tick label size, in pixels.
const TITLE_SIZE: u32 = 24;
const AXIS_SIZE: u32 = 18;
const LABEL_SIZE: u32 = 14;

/// A tick label for `value`: whole numbers as integers (`5000`), small or huge magnitudes in
/// scientific notation (`1e-3`), the rest with at most three decimals and no trailing zeros.
fn tick(value: &f64) -> String {
    let value = *value;
    let magnitude = value.abs();
    if magnitude == 0.0 {
        "0".to_owned()
    } else if !(1e-2..1e6).contains(&magnitude) {
        format!("{value:.0e}")
    } else if (value - value.round()).abs() < 1e-9 * magnitude.max(1.0) {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// The height of the strip holding a figure's one-line key, in pixels.
const LEGEND_HEIGHT: u32 = 30;

/// A line through `points` as path elements for `chart.draw_series`.
///
/// plotters' bitmap backend joins the segments of a wide line without limiting the mitre, so
/// a line that doubles back on itself (a noisy loss or an accuracy flickering between two
/// values) grows spikes in a PNG. There each segment is drawn on its own; SVG viewers join
/// segments properly, so an SVG gets one path.
fn line(
    points: &[(f64, f64)],
    style: plotters::style::ShapeStyle,
    format: figure::Format,
) -> Vec<plotters::element::PathElement<(f64, f64)>> {
    use plotters::element::PathElement;
    match format {
        figure::Format::Svg => vec![PathElement::new(points.to_vec(), style)],
        figure::Format::Png => points
            .windows(2)
            .map(|pair| PathElement::new(pair.to_vec(), style))
            .collect(),
    }
}

/// The square of inputs to show for 2-D data: `[0, 1]²` widened to hold every point, then
/// padded by 5 % each way. Fails if a point is not finite.
fn input_square<T: crate::math::scalar::Scalar, const N: usize>(
    inputs: &nalgebra::SMatrix<T, N, 2>,
) -> Result<(core::ops::Range<f64>, core::ops::Range<f64>), PlotError> {
    let mut bounds = [(0.0_f64, 1.0_f64); 2];
    for (index, &value) in inputs.iter().enumerate() {
        let value = value.to_f64();
        if !value.is_finite() {
            return Err(PlotError::invalid(
                "finite inputs",
                format!("{value} in column {} of sample {}", index / N, index % N),
            ));
        }
        let (low, high) = &mut bounds[index / N]; // column-major: column = index / N
        *low = low.min(value);
        *high = high.max(value);
    }
    let [x0, x1] = bounds.map(|(low, high)| {
        let pad = 0.05 * (high - low);
        (low - pad)..(high + pad)
    });
    Ok((x0, x1))
}

/// A chart with two linear `f64` axes, such as the input plane of 2-D data.
type Plane<'a, DB> = plotters::prelude::ChartContext<
    'a,
    DB,
    plotters::prelude::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// Draws the axes of the input plane: `x₀` across, `x₁` up, with or without grid lines.
fn draw_input_axes<'a, DB: plotters::prelude::DrawingBackend + 'a>(
    chart: &mut Plane<'a, DB>,
    grid: bool,
) -> Result<(), plotters::prelude::DrawingAreaErrorKind<DB::ErrorType>> {
    let mut mesh = chart.configure_mesh();
    if !grid {
        mesh.disable_mesh();
    }
    mesh.x_desc("x₀")
        .y_desc("x₁")
        .axis_desc_style(font(AXIS_SIZE))
        .label_style(font(LABEL_SIZE))
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .draw()
}

/// Draws the box naming each series of `chart`, at `position`.
fn draw_series_key<'a, DB, Coordinates>(
    chart: &mut plotters::prelude::ChartContext<'a, DB, Coordinates>,
    position: plotters::prelude::SeriesLabelPosition,
) -> Result<(), plotters::prelude::DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: plotters::prelude::DrawingBackend + 'a,
    Coordinates: plotters::coord::CoordTranslate,
{
    use plotters::prelude::{BLACK, Color, WHITE};
    chart
        .configure_series_labels()
        .label_font(font(LABEL_SIZE))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(position)
        .draw()
}

/// Draws `points` as filled circles in their class colour (`class(i)` for point `i`).
fn draw_classes<'a, DB: plotters::prelude::DrawingBackend + 'a>(
    chart: &mut Plane<'a, DB>,
    points: &[(f64, f64)],
    class: impl Fn(usize) -> usize,
) -> Result<(), plotters::prelude::DrawingAreaErrorKind<DB::ErrorType>> {
    use plotters::prelude::{BLACK, Circle, Color, EmptyElement};
    chart.draw_series(points.iter().enumerate().map(|(i, &point)| {
        EmptyElement::at(point)
            + Circle::new((0, 0), POINT_RADIUS, CLASS_COLOURS[class(i)].filled())
            + Circle::new((0, 0), POINT_RADIUS, BLACK.stroke_width(1))
    }))?;
    Ok(())
}

/// The radius of a data point, and of the ring around a misclassified one, in pixels.
const POINT_RADIUS: i32 = 6;
const RING_RADIUS: i32 = 10;

/// A legend entry's symbol.
#[derive(Clone, Copy)]
enum Marker {
    /// A data point of class 0 or 1.
    Point(usize),
    /// The ring drawn around a misclassified point.
    Ring,
}

/// Draws a one-line legend centred in `strip`: a figure's shared key, kept off the data.
fn legend_row<DB: plotters::prelude::DrawingBackend>(
    strip: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    entries: &[(Marker, &str)],
) -> Result<(), plotters::prelude::DrawingAreaErrorKind<DB::ErrorType>> {
    use plotters::prelude::{BLACK, Circle, Color, Text};
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    const SYMBOL: i32 = 2 * RING_RADIUS + 6; // room for the symbol and a gap
    const SPACING: i32 = 30;
    let style = font(LABEL_SIZE + 2).pos(Pos::new(HPos::Left, VPos::Center));
    let widths = entries
        .iter()
        .map(|(_, text)| Ok(strip.estimate_text_size(text, &style)?.0 as i32))
        .collect::<Result<Vec<_>, _>>()?;
    let total: i32 =
        widths.iter().map(|w| SYMBOL + w).sum::<i32>() + SPACING * (entries.len() as i32 - 1);
    let (width, height) = strip.dim_in_pixel();
    let (mut x, y) = ((width as i32 - total) / 2, height as i32 / 2);
    for ((marker, text), text_width) in entries.iter().zip(widths) {
        let centre = (x + RING_RADIUS, y);
        match *marker {
            Marker::Point(class) => {
                strip.draw(&Circle::new(
                    centre,
                    POINT_RADIUS,
                    CLASS_COLOURS[class].filled(),
                ))?;
                strip.draw(&Circle::new(centre, POINT_RADIUS, BLACK.stroke_width(1)))?;
            }
            Marker::Ring => strip.draw(&Circle::new(centre, RING_RADIUS, BLACK.stroke_width(2)))?,
        }
        strip.draw(&Text::new(*text, (x + SYMBOL, y), style.clone()))?;
        x += SYMBOL + text_width + SPACING;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short() {
        let labels: Vec<_> = [
            0.0, 5_000.0, 1.0, 0.1, 0.25, 0.01, 1e-3, 2e-5, 1e7, -3.0, 0.125,
        ]
        .iter()
        .map(tick)
        .collect();
        let expected = [
            "0", "5000", "1", "0.1", "0.25", "0.01", "1e-3", "2e-5", "1e7", "-3",
        ];
        assert_eq!(labels[..10], expected);
        assert_eq!(labels[10], "0.125");
    }
}
