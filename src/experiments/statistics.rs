//! Describing many numbers at once: fraction, median, percentile and histogram.
//!
//! These are what a seed sweep ([`sweep`](crate::experiments)) reports, kept as plain functions of
//! slices so each can be checked by hand. Every function refuses data it cannot describe (an
//! empty slice, a NaN or infinite value) with a [`StatisticsError`] instead of returning NaN.

use core::fmt;

/// Why a statistic could not be computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StatisticsError {
    /// There were no values to describe.
    Empty,
    /// The value at `index` is NaN or infinite.
    NotFinite {
        /// Its position in the slice.
        index: usize,
        /// The value itself.
        value: f64,
    },
    /// A setting is outside its range, e.g. a percentile of 120 or a histogram with no bins.
    InvalidArgument {
        /// Which setting.
        name: &'static str,
        /// What it must be.
        expected: &'static str,
        /// What it was.
        found: f64,
    },
}

impl fmt::Display for StatisticsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "expected at least one value, found none"),
            Self::NotFinite { index, value } => {
                write!(f, "expected finite values, found {value} at index {index}")
            }
            Self::InvalidArgument {
                name,
                expected,
                found,
            } => write!(f, "invalid {name}: expected {expected}, found {found}"),
        }
    }
}

impl core::error::Error for StatisticsError {}

/// The fraction of `items` for which `predicate` holds, in `[0, 1]`.
pub fn fraction<T>(
    items: &[T],
    mut predicate: impl FnMut(&T) -> bool,
) -> Result<f64, StatisticsError> {
    if items.is_empty() {
        return Err(StatisticsError::Empty);
    }
    let hits = items.iter().filter(|item| predicate(item)).count();
    Ok(hits as f64 / items.len() as f64)
}

/// The `p`-th percentile (`0 ≤ p ≤ 100`) of `values`, interpolating linearly between the two
/// closest ranks: with the values sorted as `v₀ ≤ … ≤ vₙ₋₁` and `r = p/100 · (n − 1)`,
/// the result is `v⌊r⌋ + (r − ⌊r⌋)·(v⌊r⌋₊₁ − v⌊r⌋)`. This is numpy's default method.
pub fn percentile(values: &[f64], p: f64) -> Result<f64, StatisticsError> {
    if !(0.0..=100.0).contains(&p) {
        return Err(StatisticsError::InvalidArgument {
            name: "percentile",
            expected: "a number from 0 to 100",
            found: p,
        });
    }
    let sorted = sorted_finite(values)?;
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let below = rank.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    let weight = rank - below as f64;
    if weight == 0.0 {
        return Ok(sorted[below]);
    }
    // Written as a weighted mean so that a span beyond f64's range cannot give ∞ − ∞ = NaN.
    Ok(sorted[below] * (1.0 - weight) + sorted[above] * weight)
}

/// The median of `values`: the 50th [`percentile`], so the mean of the middle two for an even
/// count.
pub fn median(values: &[f64]) -> Result<f64, StatisticsError> {
    percentile(values, 50.0)
}

/// A copy of `values` in increasing order, after checking it is non-empty and finite.
fn sorted_finite(values: &[f64]) -> Result<Vec<f64>, StatisticsError> {
    if values.is_empty() {
        return Err(StatisticsError::Empty);
    }
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(StatisticsError::NotFinite { index, value });
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Ok(sorted)
}

/// Counts of values falling into consecutive bins `[e₀, e₁), [e₁, e₂), …, [eₖ₋₁, eₖ]` (the last
/// bin includes its upper edge). Values outside `[e₀, eₖ]` are counted apart, in
/// [`below`](Self::below) and [`above`](Self::above), so no value goes missing.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    edges: Vec<f64>,
    counts: Vec<usize>,
    below: usize,
    above: usize,
}

impl Histogram {
    /// Sorts `values` into the bins between consecutive `edges`, which must be finite and
    /// strictly increasing, at least two of them.
    pub fn new(values: &[f64], edges: Vec<f64>) -> Result<Self, StatisticsError> {
        check_edges(&edges)?;
        if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(StatisticsError::NotFinite { index, value });
        }
        let last = edges.len() - 1;
        let mut histogram = Self {
            counts: vec![0; last],
            below: 0,
            above: 0,
            edges,
        };
        for &value in values {
            if value < histogram.edges[0] {
                histogram.below += 1;
            } else if value > histogram.edges[last] {
                histogram.above += 1;
            } else {
                // The number of edges ≤ value, less one, is the bin; the top edge joins the
                // last bin.
                let bin = histogram.edges.partition_point(|&edge| edge <= value) - 1;
                histogram.counts[bin.min(last - 1)] += 1;
            }
        }
        Ok(histogram)
    }

    /// `bins` equal-width bins from `low` to `high`: `bins + 1` edges.
    pub fn linear_edges(low: f64, high: f64, bins: usize) -> Result<Vec<f64>, StatisticsError> {
        check_bins(low, high, bins)?;
        let range = high - low;
        if !range.is_finite() {
            return Err(StatisticsError::InvalidArgument {
                name: "width of a linear histogram's range",
                expected: "finite (high - low overflows f64)",
                found: range,
            });
        }
        let width = range / bins as f64;
        edges_from(bins, |i| {
            if i == bins {
                high
            } else {
                low + width * i as f64
            }
        })
    }

    /// `bins` bins of equal width on a logarithmic axis from `low` to `high` (both > 0):
    /// edges `low · (high/low)^(i/bins)`.
    pub fn logarithmic_edges(
        low: f64,
        high: f64,
        bins: usize,
    ) -> Result<Vec<f64>, StatisticsError> {
        check_bins(low, high, bins)?;
        if low <= 0.0 {
            return Err(StatisticsError::InvalidArgument {
                name: "lower edge of a logarithmic histogram",
                expected: "greater than 0",
                found: low,
            });
        }
        let ratio = high / low;
        if !ratio.is_finite() {
            return Err(StatisticsError::InvalidArgument {
                name: "ratio of a logarithmic histogram's range",
                expected: "finite (high / low overflows f64)",
                found: ratio,
            });
        }
        edges_from(bins, |i| {
            if i == bins {
                high
            } else {
                low * ratio.powf(i as f64 / bins as f64)
            }
        })
    }

    /// The bin edges, one more than there are bins.
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    /// The count in each bin.
    pub fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// Each bin as `(lower edge, upper edge, count)`.
    pub fn bins(&self) -> impl Iterator<Item = (f64, f64, usize)> + '_ {
        self.edges
            .windows(2)
            .zip(&self.counts)
            .map(|(edge, &count)| (edge[0], edge[1], count))
    }

    /// How many values fell below the first edge.
    pub fn below(&self) -> usize {
        self.below
    }

    /// How many values fell above the last edge.
    pub fn above(&self) -> usize {
        self.above
    }
}

/// `edge(i)` for `i` in `0..=bins`, checked finite and strictly increasing (too many bins for
/// the range's precision repeat an edge), with room reserved first (too many bins for memory
/// are an error, not an abort).
fn edges_from(bins: usize, edge: impl Fn(usize) -> f64) -> Result<Vec<f64>, StatisticsError> {
    let mut edges = Vec::new();
    edges
        .try_reserve_exact(bins.saturating_add(1))
        .map_err(|_| StatisticsError::InvalidArgument {
            name: "number of bins",
            expected: "few enough for their edges to fit in memory",
            found: bins as f64,
        })?;
    edges.extend((0..=bins).map(edge));
    check_edges(&edges)?;
    Ok(edges)
}

fn check_bins(low: f64, high: f64, bins: usize) -> Result<(), StatisticsError> {
    if bins == 0 {
        return Err(StatisticsError::InvalidArgument {
            name: "number of bins",
            expected: "at least 1",
            found: 0.0,
        });
    }
    if !(low.is_finite() && high.is_finite() && low < high) {
        return Err(StatisticsError::InvalidArgument {
            name: "upper edge",
            expected: "finite and greater than the finite lower edge",
            found: high,
        });
    }
    Ok(())
}

fn check_edges(edges: &[f64]) -> Result<(), StatisticsError> {
    if edges.len() < 2 {
        return Err(StatisticsError::InvalidArgument {
            name: "number of histogram edges",
            expected: "at least 2",
            found: edges.len() as f64,
        });
    }
    if let Some((index, &value)) = edges.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(StatisticsError::NotFinite { index, value });
    }
    if let Some(pair) = edges.windows(2).find(|pair| pair[0] >= pair[1]) {
        return Err(StatisticsError::InvalidArgument {
            name: "histogram edge",
            expected: "greater than the edge before it",
            found: pair[1],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_across_a_span_beyond_f64_stays_finite() {
        assert_eq!(percentile(&[-1e308, 1e308], 0.0), Ok(-1e308));
        assert_eq!(percentile(&[-1e308, 1e308], 50.0), Ok(0.0));
        assert_eq!(percentile(&[-1e308, 1e308], 100.0), Ok(1e308));
    }

    #[test]
    fn fraction_counts_matches() {
        let epochs = [Some(3), None, Some(7), None, None];
        assert_eq!(fraction(&epochs, Option::is_some), Ok(0.4));
        assert_eq!(fraction(&epochs, |_| true), Ok(1.0));
        assert_eq!(fraction::<u8>(&[], |_| true), Err(StatisticsError::Empty));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[5.0, 1.0, 3.0]), Ok(3.0));
        // The mean of the middle two, 2 and 4.
        assert_eq!(median(&[4.0, 1.0, 2.0, 10.0]), Ok(3.0));
        assert_eq!(median(&[7.0]), Ok(7.0));
    }

    #[test]
    fn percentile_interpolates_between_ranks() {
        let values = [10.0, 20.0, 30.0, 40.0, 50.0];
        // r = 0.9 · 4 = 3.6: 40 + 0.6 · (50 − 40) = 46.
        assert!((percentile(&values, 90.0).unwrap() - 46.0).abs() < 1e-12);
        // r = 0.25 · 4 = 1 exactly: the second value.
        assert_eq!(percentile(&values, 25.0), Ok(20.0));
        assert_eq!(percentile(&values, 0.0), Ok(10.0));
        assert_eq!(percentile(&values, 100.0), Ok(50.0));
        // Order does not matter.
        assert_eq!(percentile(&[50.0, 10.0, 40.0, 30.0, 20.0], 25.0), Ok(20.0));
    }

    #[test]
    fn percentile_refuses_what_it_cannot_describe() {
        assert_eq!(percentile(&[], 50.0), Err(StatisticsError::Empty));
        assert_eq!(
            median(&[1.0, f64::NAN]).unwrap_err().to_string(),
            "expected finite values, found NaN at index 1"
        );
        assert!(matches!(
            percentile(&[1.0], 101.0),
            Err(StatisticsError::InvalidArgument {
                name: "percentile",
                ..
            })
        ));
    }

    #[test]
    fn histogram_bins_are_half_open_except_the_last() {
        let edges = Histogram::linear_edges(0.0, 4.0, 4).unwrap();
        assert_eq!(edges, [0.0, 1.0, 2.0, 3.0, 4.0]);
        let values = [-1.0, 0.0, 0.5, 1.0, 2.5, 3.0, 4.0, 4.5, 9.0];
        let histogram = Histogram::new(&values, edges).unwrap();
        // [0,1): 0, 0.5   [1,2): 1   [2,3): 2.5   [3,4]: 3, 4
        assert_eq!(histogram.counts(), [2, 1, 1, 2]);
        assert_eq!((histogram.below(), histogram.above()), (1, 2));
        let bins: Vec<_> = histogram.bins().collect();
        assert_eq!(bins[3], (3.0, 4.0, 2));
    }

    #[test]
    fn logarithmic_edges_are_even_powers() {
        let edges = Histogram::logarithmic_edges(1e-4, 1.0, 4).unwrap();
        for (edge, expected) in edges.iter().zip([1e-4, 1e-3, 1e-2, 1e-1, 1.0]) {
            assert!(
                (edge / expected - 1.0).abs() < 1e-12,
                "{edge} vs {expected}"
            );
        }
        let histogram = Histogram::new(&[2e-4, 5e-3, 6e-3, 0.5], edges).unwrap();
        assert_eq!(histogram.counts(), [1, 2, 0, 1]);
        assert!(Histogram::logarithmic_edges(0.0, 1.0, 4).is_err());
    }

    #[test]
    fn edges_of_ranges_too_wide_for_f64_are_refused() {
        assert_eq!(
            Histogram::linear_edges(-f64::MAX, f64::MAX, 4),
            Err(StatisticsError::InvalidArgument {
                name: "width of a linear histogram's range",
                expected: "finite (high - low overflows f64)",
                found: f64::INFINITY,
            })
        );
        assert_eq!(
            Histogram::logarithmic_edges(1e-300, 1e300, 3)
                .unwrap_err()
                .to_string(),
            "invalid ratio of a logarithmic histogram's range: expected finite (high / low \
             overflows f64), found inf"
        );
        // the widest ranges that do fit give finite, increasing edges
        let edges = Histogram::linear_edges(-f64::MAX / 2.0, f64::MAX / 2.0, 4).unwrap();
        assert_eq!(edges[2], 0.0);
        assert!(edges.windows(2).all(|pair| pair[0] < pair[1]));
        let edges = Histogram::logarithmic_edges(1e-150, 1e150, 3).unwrap();
        assert!((edges[1] / 1e-50 - 1.0).abs() < 1e-12, "{edges:?}");
        // more bins than the range has distinct numbers: edges would repeat
        assert!(Histogram::linear_edges(1.0, 1.0 + f64::EPSILON, 4).is_err());
        // more bins than memory holds: an error, not an abort
        assert!(Histogram::linear_edges(0.0, 1.0, usize::MAX).is_err());
    }

    #[test]
    fn histogram_rejects_bad_edges_and_values() {
        assert!(Histogram::linear_edges(0.0, 1.0, 0).is_err());
        assert!(Histogram::linear_edges(1.0, 1.0, 3).is_err());
        assert!(Histogram::new(&[0.5], vec![0.0]).is_err());
        assert!(Histogram::new(&[0.5], vec![0.0, 2.0, 1.0]).is_err());
        assert_eq!(
            Histogram::new(&[0.5, f64::INFINITY], vec![0.0, 1.0]),
            Err(StatisticsError::NotFinite {
                index: 1,
                value: f64::INFINITY
            })
        );
    }
}
