//! Decision surface: a network's output over the input square as a heat map, with the data
//! points on top.

use super::figure::{Format, Picture, render};
use super::{
    AXIS_SIZE, CLASS_COLOURS, Figure, LABEL_SIZE, LEGEND_HEIGHT, Marker, PlotError, TITLE_SIZE,
    draw_classes, draw_input_axes, font, input_square, legend_row, tick,
};
use crate::data::Dataset;
use crate::math::scalar::Scalar;
use crate::model::network::Network;
use core::marker::PhantomData;
use core::ops::Range;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws `network`'s output over the square of inputs holding `data` (at least `[0, 1]²`) as
/// a heat map — pale blue for 0, white for 0.5, pale vermillion for 1, with a colour bar —
/// and `data`'s
/// points on top, coloured by label.
///
/// The square is cut into 100 × 100 cells for PNG and 50 × 50 for SVG (where every cell is an
/// element of the file); each cell shows the output at its centre. Outputs outside `[0, 1]`
/// take the end colours.
pub fn decision_surface<T, Net, const N: usize>(
    figure: &Figure,
    network: &Net,
    data: &Dataset<T, N, 2, 1>,
) -> Result<(), PlotError>
where
    T: Scalar,
    Net: Network<T, 2, 1>,
{
    let (x0, x1) = input_square(&data.inputs)?;
    let half = T::literal(0.5);
    let picture = Surface {
        network,
        points: data
            .inputs
            .row_iter()
            .map(|row| (row[0].to_f64(), row[1].to_f64()))
            .collect(),
        labels: data.labels.iter().map(|&y| usize::from(y > half)).collect(),
        x0,
        x1,
        scalar: PhantomData,
    };
    render(figure, &picture)
}

struct Surface<'a, T, Net> {
    network: &'a Net,
    points: Vec<(f64, f64)>,
    labels: Vec<usize>,
    x0: Range<f64>,
    x1: Range<f64>,
    scalar: PhantomData<T>,
}

/// How far the heat map's ends go from white towards the class colours: pale enough that the
/// data points, in the full class colours, stand out on a region of their own class.
const STRENGTH: f64 = 0.6;

/// The heat map's colour for output `value`: pale blue at 0, through white at 0.5, to pale
/// vermillion at 1.
fn colour(value: f64) -> RGBColor {
    let value = if value.is_nan() {
        0.5
    } else {
        value.clamp(0.0, 1.0)
    };
    let (end, weight) = if value < 0.5 {
        (CLASS_COLOURS[0], STRENGTH * (1.0 - 2.0 * value))
    } else {
        (CLASS_COLOURS[1], STRENGTH * (2.0 * value - 1.0))
    };
    let mix = |channel: u8| (255.0 + weight * (f64::from(channel) - 255.0)).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

impl<T: Scalar, Net: Network<T, 2, 1>> Picture for Surface<'_, T, Net> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        format: Format,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let cells = if format == Format::Svg { 50 } else { 100 };
        let body = root.titled(title, font(TITLE_SIZE))?;
        let (key, body) = body.split_vertically(LEGEND_HEIGHT);
        legend_row(
            &key,
            &[(Marker::Point(0), "label 0"), (Marker::Point(1), "label 1")],
        )?;
        let (map_area, bar_area) = body.split_horizontally(body.dim_in_pixel().0 - 110);

        let mut chart = ChartBuilder::on(&map_area)
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(50)
            .build_cartesian_2d(self.x0.clone(), self.x1.clone())?;
        draw_input_axes(&mut chart, false)?;
        let step = |range: &Range<f64>| (range.end - range.start) / f64::from(cells);
        let (width, height) = (step(&self.x0), step(&self.x1));
        let cell = |i: u32, j: u32| {
            let (left, bottom) = (
                self.x0.start + width * f64::from(i),
                self.x1.start + height * f64::from(j),
            );
            let centre = [left + width / 2.0, bottom + height / 2.0].map(T::literal);
            let [output] = self.network.predict_one(centre);
            Rectangle::new(
                [(left, bottom), (left + width, bottom + height)],
                colour(output.to_f64()).filled(),
            )
        };
        chart.draw_series((0..cells).flat_map(|i| (0..cells).map(move |j| cell(i, j))))?;
        draw_classes(&mut chart, &self.points, |i| self.labels[i])?;

        // The colour bar: the output scale from 0 (bottom) to 1 (top).
        let mut bar = ChartBuilder::on(&bar_area)
            .margin(15)
            .margin_left(5)
            .x_label_area_size(45)
            .y_label_area_size(55)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
        bar.configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_desc("network output")
            .axis_desc_style(font(AXIS_SIZE))
            .label_style(font(LABEL_SIZE))
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .draw()?;
        bar.draw_series((0..100).map(|k| {
            let low = f64::from(k) / 100.0;
            Rectangle::new(
                [(0.0, low), (1.0, low + 0.01)],
                colour(low + 0.005).filled(),
            )
        }))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_runs_from_blue_through_white_to_vermillion() {
        // 60 % of the way from white (255, 255, 255) to blue (0, 114, 178) and to
        // vermillion (213, 94, 0).
        assert_eq!(colour(0.0), RGBColor(102, 170, 209));
        assert_eq!(colour(0.5), RGBColor(255, 255, 255));
        assert_eq!(colour(1.0), RGBColor(230, 158, 102));
        assert_eq!(colour(-3.0), colour(0.0));
        assert_eq!(colour(7.0), colour(1.0));
        assert_eq!(colour(f64::NAN), colour(0.5));
    }
}
