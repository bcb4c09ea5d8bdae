//! Histograms of one or more series, overlaid.

use super::figure::{Format, Picture, render};
use super::{
    AXIS_SIZE, Figure, LABEL_SIZE, PlotError, Scale, TITLE_SIZE, draw_series_key, font,
    series_colour, tick,
};
use crate::experiments::statistics::Histogram;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;

/// Draws each histogram's bins as translucent bars on shared axes, with a legend naming each
/// series (and how many of its values fell outside the bins, if any). `value_name` labels the
/// horizontal axis.
///
/// With [`Scale::Logarithmic`] the horizontal axis is logarithmic, which suits bins from
/// [`Histogram::logarithmic_edges`]; every edge must then be greater than 0.
pub fn histogram(
    figure: &Figure,
    series: &[(&str, &Histogram)],
    value_name: &str,
    scale: Scale,
) -> Result<(), PlotError> {
    let edges = || series.iter().flat_map(|(_, h)| h.edges().iter().copied());
    let (Some(low), Some(high)) = (edges().reduce(f64::min), edges().reduce(f64::max)) else {
        return Err(PlotError::invalid("at least one histogram", "none"));
    };
    if scale == Scale::Logarithmic && low <= 0.0 {
        return Err(PlotError::invalid(
            "bin edges greater than 0 for a logarithmic axis",
            low,
        ));
    }
    let tallest = series
        .iter()
        .flat_map(|(_, h)| h.counts().iter().copied())
        .max()
        .unwrap_or(0);
    render(
        figure,
        &Bars {
            series,
            value_name,
            scale,
            low,
            high,
            tallest: (tallest.max(1) as f64 * 1.1).ceil(),
        },
    )
}

struct Bars<'a> {
    series: &'a [(&'a str, &'a Histogram)],
    value_name: &'a str,
    scale: Scale,
    low: f64,
    high: f64,
    tallest: f64,
}

impl Bars<'_> {
    fn draw_with<DB, X>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        values: X,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
    where
        DB: DrawingBackend,
        X: AsRangedCoord<Value = f64>,
        X::CoordDescType: ValueFormatter<f64>,
    {
        let mut chart = ChartBuilder::on(root)
            .caption(title, font(TITLE_SIZE))
            .margin(20)
            .margin_right(40)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(values, 0.0..self.tallest)?;
        chart
            .configure_mesh()
            .x_desc(self.value_name)
            .y_desc("count")
            .axis_desc_style(font(AXIS_SIZE))
            .label_style(font(LABEL_SIZE))
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .draw()?;
        for (index, (name, histogram)) in self.series.iter().enumerate() {
            let colour = series_colour(index);
            let bar = |(low, high, count): (f64, f64, usize)| {
                let corners = [(low, 0.0), (high, count as f64)];
                [
                    Rectangle::new(corners, colour.mix(0.35).filled()),
                    Rectangle::new(corners, colour.stroke_width(2)),
                ]
            };
            let outside = histogram.below() + histogram.above();
            let label = if outside > 0 {
                format!("{name} ({outside} outside the bins)")
            } else {
                (*name).to_owned()
            };
            chart
                .draw_series(histogram.bins().filter(|bin| bin.2 > 0).flat_map(bar))?
                .label(label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 20, y + 6)], colour.mix(0.6).filled())
                });
        }
        draw_series_key(&mut chart, SeriesLabelPosition::UpperRight)
    }
}

impl Picture for Bars<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        _format: Format,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        match self.scale {
            Scale::Linear => self.draw_with(root, title, self.low..self.high),
            Scale::Logarithmic => self.draw_with(root, title, (self.low..self.high).log_scale()),
        }
    }
}
