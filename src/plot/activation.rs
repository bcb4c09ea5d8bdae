//! An activation function and its derivative over an interval.

use super::figure::{Format, Picture, render};
use super::{
    AXIS_SIZE, Figure, LABEL_SIZE, PlotError, TITLE_SIZE, draw_series_key, font, line,
    series_colour, tick,
};
use crate::model::activation::Activation;
use core::marker::PhantomData;
use core::ops::Range;
use plotters::coord::Shift;
use plotters::prelude::*;

/// How many points each curve is drawn through.
const SAMPLES: u32 = 400;

/// Draws the activation `A` and its derivative over `interval` of inputs `z`, as the lab's
/// sigmoid figure does: `f(z)` and `f′(z)` (from [`Activation::apply`] and
/// [`Activation::derivative`]) on one pair of axes, named in a legend.
///
/// ```no_run
/// use static_mlp::model::Sigmoid;
/// use static_mlp::plot::{Figure, activation};
///
/// activation::<Sigmoid>(&Figure::new("sigmoid.svg", "The sigmoid and its derivative"), -6.0..6.0)?;
/// # Ok::<(), static_mlp::plot::PlotError>(())
/// ```
pub fn activation<A: Activation>(figure: &Figure, interval: Range<f64>) -> Result<(), PlotError> {
    let width = interval.end - interval.start; // ∞ when the ends are finite but far apart
    if !(interval.start.is_finite() && width.is_finite() && width > 0.0) {
        return Err(PlotError::invalid(
            "a finite interval with start < end and a finite width",
            format!("{:?}", interval),
        ));
    }
    render(
        figure,
        &Curves::<A> {
            interval,
            activation: PhantomData,
        },
    )
}

struct Curves<A> {
    interval: Range<f64>,
    activation: PhantomData<A>,
}

impl<A: Activation> Picture for Curves<A> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        format: Format,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let Range { start, end } = self.interval;
        let z = |k: u32| start + (end - start) * f64::from(k) / f64::from(SAMPLES);
        let value: Vec<(f64, f64)> = (0..=SAMPLES).map(|k| (z(k), A::apply(z(k)))).collect();
        // f′(z) from a = f(z), as backpropagation computes it.
        let slope: Vec<(f64, f64)> = value.iter().map(|&(z, a)| (z, A::derivative(a))).collect();

        let all = value.iter().chain(&slope).map(|p| p.1);
        let low = all.clone().fold(0.0_f64, f64::min);
        let high = all.fold(0.0_f64, f64::max).max(low + 1e-9);
        let pad = 0.05 * (high - low);

        let mut chart = ChartBuilder::on(root)
            .caption(title, font(TITLE_SIZE))
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(start..end, (low - pad)..(high + pad))?;
        chart
            .configure_mesh()
            .x_desc("z")
            .y_desc("value")
            .axis_desc_style(font(AXIS_SIZE))
            .label_style(font(LABEL_SIZE))
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .draw()?;
        let names = [format!("{}(z)", A::NAME), format!("{}′(z)", A::NAME)];
        for (index, (name, points)) in names.into_iter().zip([value, slope]).enumerate() {
            let colour = series_colour(index);
            chart
                .draw_series(line(&points, colour.stroke_width(3), format))?
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 24, y)], colour.stroke_width(3))
                });
        }
        draw_series_key(&mut chart, SeriesLabelPosition::UpperLeft)
    }
}
