//! Ground truth beside prediction: the same 2-D points coloured by label, then by the class a
//! network predicts.

use super::figure::{Format, Picture, render};
use super::{
    AXIS_SIZE, Figure, LEGEND_HEIGHT, Marker, Plane, PlotError, RING_RADIUS, TITLE_SIZE,
    draw_classes, draw_input_axes, font, input_square, legend_row,
};
use crate::data::Dataset;
use crate::math::scalar::Scalar;
use core::ops::Range;
use nalgebra::SMatrix;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws two scatter plots side by side: `data`'s points coloured by their label, and the same
/// points coloured by the class the network predicted (`outputs > 0.5`), with the
/// misclassified ones ringed. A key above the two names the classes.
///
/// `outputs` are a network's outputs for `data.inputs`, e.g. `network.predict(&data.inputs)`.
/// Labels, like outputs, count as class 1 above 0.5, as [`accuracy`](crate::metrics::accuracy)
/// does.
pub fn ground_truth_and_prediction<T: Scalar, const N: usize>(
    figure: &Figure,
    data: &Dataset<T, N, 2, 1>,
    outputs: &SMatrix<T, N, 1>,
) -> Result<(), PlotError> {
    let (x0, x1) = input_square(&data.inputs)?;
    let half = T::literal(0.5);
    let picture = Comparison {
        points: data
            .inputs
            .row_iter()
            .map(|row| (row[0].to_f64(), row[1].to_f64()))
            .collect(),
        labels: data.labels.iter().map(|&y| usize::from(y > half)).collect(),
        predicted: outputs.iter().map(|&a| usize::from(a > half)).collect(),
        x0,
        x1,
    };
    render(figure, &picture)
}

struct Comparison {
    points: Vec<(f64, f64)>,
    labels: Vec<usize>,
    predicted: Vec<usize>,
    x0: Range<f64>,
    x1: Range<f64>,
}

impl Comparison {
    fn panel<'a, DB: DrawingBackend + 'a>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        caption: &str,
        classes: &[usize],
    ) -> Result<Plane<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let mut chart = ChartBuilder::on(area)
            .caption(caption, font(AXIS_SIZE))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(50)
            .build_cartesian_2d(self.x0.clone(), self.x1.clone())?;
        draw_input_axes(&mut chart, true)?;
        draw_classes(&mut chart, &self.points, |i| classes[i])?;
        Ok(chart)
    }
}

impl Picture for Comparison {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        _format: Format,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let body = root.titled(title, font(TITLE_SIZE))?;
        let (key, panels) = body.split_vertically(LEGEND_HEIGHT);
        let entries = [
            (Marker::Point(0), "class 0"),
            (Marker::Point(1), "class 1"),
            (Marker::Ring, "misclassified"),
        ];
        legend_row(&key, &entries)?;
        let (left, right) = panels.split_horizontally(panels.dim_in_pixel().0 / 2);

        self.panel(&left, "ground truth: label", &self.labels)?;

        let wrong: Vec<_> = (0..self.points.len())
            .filter(|&i| self.labels[i] != self.predicted[i])
            .map(|i| self.points[i])
            .collect();
        let caption = format!(
            "prediction: {} of {} correct",
            self.points.len() - wrong.len(),
            self.points.len()
        );
        let mut prediction = self.panel(&right, &caption, &self.predicted)?;
        let ring = BLACK.stroke_width(2);
        prediction.draw_series(
            wrong
                .iter()
                .map(|&point| Circle::new(point, RING_RADIUS, ring)),
        )?;
        Ok(())
    }
}
