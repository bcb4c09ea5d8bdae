//! Loss and accuracy against the epoch, one line per run.

use super::figure::{Format, Picture, render};
use super::{
    AXIS_SIZE, Figure, LABEL_SIZE, PlotError, Scale, TITLE_SIZE, draw_series_key, font, line,
    series_colour, tick,
};
use crate::experiments::history::History;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;

/// At most this many points are drawn per line; longer histories are thinned (see [`thin`]).
const MAX_POINTS: usize = 2_000;

/// Draws the loss of each run against the epoch, all on one pair of axes, with a legend naming
/// each run. `runs` pairs a name with its history.
///
/// With [`Scale::Logarithmic`] the loss axis spans whole powers of ten and epochs with a loss
/// of zero are left out. Non-finite losses (a diverged run) are always left out. Finite values
/// an axis cannot hold are a [`PlotError::InvalidInput`]: on a linear axis, a range whose
/// padded span overflows `f64` (e.g. 0.5 and 1.75e308); on a logarithmic one, a value above
/// 1e307.
pub fn loss_history(
    figure: &Figure,
    runs: &[(&str, &History)],
    scale: Scale,
) -> Result<(), PlotError> {
    let lines = Lines::new(runs, History::loss, scale, "loss", 1.0)?;
    render(figure, &lines)
}

/// Draws the accuracy (in percent) of each run against the epoch, all on one pair of axes,
/// with a legend naming each run.
pub fn accuracy_history(figure: &Figure, runs: &[(&str, &History)]) -> Result<(), PlotError> {
    let lines = Lines::new(
        runs,
        History::accuracy,
        Scale::Linear,
        "accuracy (%)",
        100.0,
    )?;
    render(figure, &lines)
}

/// Named lines of `(epoch, value)` points and the axes they need.
struct Lines<'a> {
    runs: Vec<(&'a str, Vec<(f64, f64)>)>,
    value_name: &'static str,
    scale: Scale,
    epochs: f64,
    low: f64,
    high: f64,
}

impl<'a> Lines<'a> {
    /// Each run's values (scaled by `factor`) as points, keeping only those `scale` can show.
    fn new(
        runs: &[(&'a str, &'a History)],
        values: fn(&History) -> &[f64],
        scale: Scale,
        value_name: &'static str,
        factor: f64,
    ) -> Result<Self, PlotError> {
        if runs.is_empty() {
            return Err(PlotError::invalid("at least one run", "none"));
        }
        let drawable = |v: f64| v.is_finite() && (scale == Scale::Linear || v > 0.0);
        let lines: Vec<_> = runs
            .iter()
            .map(|&(name, history)| {
                let points = values(history)
                    .iter()
                    .enumerate()
                    .map(|(index, &v)| ((index + 1) as f64, v * factor))
                    .filter(|&(_, v)| drawable(v))
                    .collect();
                (name, thin(points))
            })
            .collect();
        let all = || {
            lines
                .iter()
                .flat_map(|(_, points)| points.iter().map(|p| p.1))
        };
        let (Some(low), Some(high)) = (all().reduce(f64::min), all().reduce(f64::max)) else {
            return Err(PlotError::invalid(
                "at least one recorded epoch with a value the axis can show",
                "none (empty histories, or only non-finite or non-positive values)",
            ));
        };
        let (low, high) = match scale {
            Scale::Linear => padded(low.min(0.0), high).ok_or_else(|| {
                PlotError::invalid(
                    "values whose range, padded, fits in an f64 (a diverging run draws on \
                     Scale::Logarithmic)",
                    format!("values from {low:e} to {high:e}"),
                )
            })?,
            // Whole powers of ten around the data. plotters' tick search does not end on an
            // axis reaching 10³⁰⁸ or more (the decade above it is ∞), so such data is refused.
            Scale::Logarithmic => {
                let top = high.log10().ceil().max(low.log10().floor() + 1.0);
                if top > LARGEST_DECADE {
                    return Err(PlotError::invalid(
                        "values of at most 1e307 on a logarithmic axis",
                        format!("a value of {high:e}"),
                    ));
                }
                (10_f64.powf(low.log10().floor()), 10_f64.powf(top))
            }
        };
        let epochs = runs.iter().map(|(_, h)| h.len()).max().unwrap_or(1).max(2) as f64;
        Ok(Self {
            runs: lines,
            value_name,
            scale,
            epochs,
            low,
            high,
        })
    }

    fn draw_with<DB, Y>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        format: Format,
        values: Y,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
    where
        DB: DrawingBackend,
        Y: AsRangedCoord<Value = f64>,
        Y::CoordDescType: ValueFormatter<f64>,
    {
        let mut chart = ChartBuilder::on(root)
            .caption(title, font(TITLE_SIZE))
            .margin(20)
            .margin_right(40)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(1.0..self.epochs, values)?;
        chart
            .configure_mesh()
            .x_desc("epoch")
            .y_desc(self.value_name)
            .axis_desc_style(font(AXIS_SIZE))
            .label_style(font(LABEL_SIZE))
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .draw()?;
        for (index, (name, points)) in self.runs.iter().enumerate() {
            let colour = series_colour(index);
            chart
                .draw_series(line(points, colour.stroke_width(2), format))?
                .label(*name)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 24, y)], colour.stroke_width(3))
                });
        }
        draw_series_key(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

impl Picture for Lines<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        format: Format,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let (low, high) = (self.low, self.high);
        match self.scale {
            Scale::Linear => self.draw_with(root, title, format, low..high),
            Scale::Logarithmic => self.draw_with(root, title, format, (low..high).log_scale()),
        }
    }
}

/// The highest power of ten a logarithmic axis may end at.
const LARGEST_DECADE: f64 = 307.0;

/// `low..high` widened by 5 % of the span each way (or by 1 if the span is 0), or `None` if
/// the padded range does not fit in an `f64` (its ends or its span would be infinite, and
/// the axis could not place a tick).
fn padded(low: f64, high: f64) -> Option<(f64, f64)> {
    // 0.05·high − 0.05·low rather than 0.05·(high − low): the difference can overflow.
    let pad = if high > low {
        0.05 * high - 0.05 * low
    } else {
        1.0
    };
    let (low, high) = (low - pad, high + pad);
    (high - low).is_finite().then_some((low, high))
}

/// At most about [`MAX_POINTS`] points from `points`, keeping the outline: the points are cut
/// into equal runs of epochs and each run keeps its lowest and highest point, in order. A line
/// far denser than the image's pixels loses nothing visible, and a one-epoch spike survives.
fn thin(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let bucket = points.len().div_ceil(MAX_POINTS / 2).max(1);
    if bucket <= 1 {
        return points;
    }
    let mut kept = Vec::with_capacity(MAX_POINTS + 2);
    for chunk in points.chunks(bucket) {
        let by_value = |a: &&(f64, f64), b: &&(f64, f64)| a.1.total_cmp(&b.1);
        let lowest = chunk.iter().min_by(by_value).copied();
        let highest = chunk.iter().max_by(by_value).copied();
        if let (Some(lowest), Some(highest)) = (lowest, highest) {
            let (first, second) = if lowest.0 <= highest.0 {
                (lowest, highest)
            } else {
                (highest, lowest)
            };
            kept.push(first);
            if second != first {
                kept.push(second);
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_short_lines_and_spikes() {
        let short: Vec<_> = (0..100).map(|i| (f64::from(i), 1.0)).collect();
        assert_eq!(thin(short.clone()), short);

        let mut long: Vec<_> = (0..50_000).map(|i| (f64::from(i), 1.0)).collect();
        long[31_337].1 = 9.0;
        let thinned = thin(long);
        assert!(thinned.len() <= MAX_POINTS + 2, "{}", thinned.len());
        assert!(thinned.contains(&(31_337.0, 9.0)));
        assert!(thinned.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn log_axis_spans_whole_powers_of_ten() {
        let mut history = History::with_capacity(3);
        for loss in [0.3, 0.002, 0.0] {
            history.record(loss, 1.0).unwrap();
        }
        let lines = Lines::new(
            &[("run", &history)],
            History::loss,
            Scale::Logarithmic,
            "loss",
            1.0,
        )
        .unwrap();
        assert_eq!((lines.low, lines.high), (1e-3, 1.0));
        // The zero loss cannot be drawn on a log axis and is left out.
        assert_eq!(lines.runs[0].1.len(), 2);
    }
}
