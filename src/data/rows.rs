//! `Rows`: a data set seen one sample at a time, whatever holds it — the const-length
//! [`Dataset`] or the run-time-length [`SampleSlice`](crate::data::SampleSlice) and
//! [`SampleSet`](crate::data::SampleSet).

use crate::data::Dataset;
use crate::math::scalar::Scalar;
use nalgebra::SMatrix;

/// `len()` samples of `I` inputs and `O` labels, read one row at a time.
///
/// The widths are the network's, so they are types; the number of samples is a run-time value.
/// [`Fit`](crate::train::Fit), [`evaluate`](crate::train::evaluate) and
/// [`History::record_step`](crate::experiments::History::record_step) take any `Rows`, and walk it in
/// const-size chunks, so no stack value grows with the number of samples.
///
/// ```
/// use static_mlp::data::{self, Rows, SampleSlice};
///
/// let inputs = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let labels = [[1.0], [1.0], [0.0]];
/// let rows = SampleSlice::new(&inputs, &labels)?;
/// assert_eq!((rows.len(), rows.input(2), rows.label(2)), (3, [1.0, 1.0], [0.0]));
/// assert_eq!(data::xor_easy::<f64>().input(20), [1.0, 0.0]);
/// # Ok::<(), static_mlp::data::LengthMismatch>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a set of rows of {I} `{T}` inputs and {O} `{T}` labels",
    label = "this data's widths or scalar type do not fit the network",
    note = "a data set's rows must have the network's input and output widths and its scalar type"
)]
pub trait Rows<T: Scalar, const I: usize, const O: usize> {
    /// The number of samples.
    fn len(&self) -> usize;

    /// Whether there are no samples.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The inputs of sample `sample` (panics if `sample ≥ len()`, like slice indexing).
    fn input(&self, sample: usize) -> [T; I];

    /// The labels of sample `sample` (panics if `sample ≥ len()`).
    fn label(&self, sample: usize) -> [T; O];

    /// Hands the whole set to `visitor` as one `N × I` and one `N × O` matrix, when it is held
    /// that way (the const-length [`Dataset`]); `None` otherwise, or when the visitor declines.
    /// Training uses it to keep a small `Dataset`'s full batch exactly as it always was.
    #[doc(hidden)]
    fn visit_whole<V: WholeBatch<T, I, O>>(&self, visitor: V) -> Option<V::Output> {
        let _ = visitor;
        None
    }

    /// Runs `work` on the identity order `0, 1, …, len() − 1` kept in a buffer of its own:
    /// a `Vec` allocated once (with `std`), or a stack array for a small `Dataset`. `None`
    /// when there is nowhere to keep it (no `std`): lend a buffer to
    /// [`Fit::run_with_order`](crate::train::Fit::run_with_order) instead.
    #[doc(hidden)]
    fn with_order<R>(&self, work: impl FnOnce(&mut [usize]) -> R) -> Option<R> {
        heap_order(self.len(), work)
    }
}

/// The sample order `0..samples` in a `Vec`, made once (`std`); `None` without `std`.
pub(crate) fn heap_order<R>(samples: usize, work: impl FnOnce(&mut [usize]) -> R) -> Option<R> {
    #[cfg(feature = "std")]
    {
        let mut order: std::vec::Vec<usize> = (0..samples).collect();
        Some(work(&mut order))
    }
    #[cfg(not(feature = "std"))]
    {
        let _ = (samples, work);
        None
    }
}

/// Work done on a whole const-length set at once; see [`Rows::visit_whole`]. Returning
/// `None` declines (for a set whose activations would not fit on the stack, say).
#[doc(hidden)]
pub trait WholeBatch<T: Scalar, const I: usize, const O: usize> {
    /// What the work returns.
    type Output;
    /// Does the work on all `N` samples, or declines with `None`.
    fn visit<const N: usize>(
        self,
        inputs: &SMatrix<T, N, I>,
        labels: &SMatrix<T, N, O>,
    ) -> Option<Self::Output>;
}

/// The largest sample order a `Dataset` keeps on the stack (64 KiB of indices): a larger one
/// goes to the heap, or, without `std`, must be lent.
const STACK_ORDER: usize = 8_192;

impl<T: Scalar, const N: usize, const I: usize, const O: usize> Rows<T, I, O>
    for Dataset<T, N, I, O>
{
    fn len(&self) -> usize {
        N
    }

    #[inline]
    fn input(&self, sample: usize) -> [T; I] {
        core::array::from_fn(|column| self.inputs[(sample, column)])
    }

    #[inline]
    fn label(&self, sample: usize) -> [T; O] {
        core::array::from_fn(|column| self.labels[(sample, column)])
    }

    fn visit_whole<V: WholeBatch<T, I, O>>(&self, visitor: V) -> Option<V::Output> {
        visitor.visit(&self.inputs, &self.labels)
    }

    fn with_order<R>(&self, work: impl FnOnce(&mut [usize]) -> R) -> Option<R> {
        if N <= STACK_ORDER {
            Some(stack_order::<N, R>(work))
        } else {
            heap_order(N, work)
        }
    }
}

/// The order `0..N` as a stack array, in a frame of its own so that a large `N` never
/// reserves it.
#[inline(never)]
fn stack_order<const N: usize, R>(work: impl FnOnce(&mut [usize]) -> R) -> R {
    let mut order: [usize; N] = core::array::from_fn(|sample| sample);
    work(&mut order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;

    #[test]
    fn a_dataset_reads_row_by_row() {
        let xor = data::xor_easy::<f64>();
        assert_eq!(Rows::len(&xor), 21);
        assert_eq!(xor.input(1), [0.0, 1.0]);
        assert_eq!(xor.label(1), [1.0]);
        assert_eq!(xor.label(0), [0.0]);
    }

    #[test]
    fn orders_start_as_the_identity_on_stack_and_heap() {
        let xor = data::xor_easy::<f32>();
        let order = xor.with_order(|order| order.to_vec()).unwrap();
        assert_eq!(order, (0..21).collect::<Vec<_>>());
        let heap = heap_order(3, |order| order.to_vec());
        if cfg!(feature = "std") {
            assert_eq!(heap, Some(vec![0, 1, 2]));
        } else {
            assert_eq!(
                heap, None,
                "without std there is no heap: the order must be lent"
            );
        }
    }

    #[test]
    fn without_std_a_borrowed_slice_needs_a_lent_order() {
        use crate::data::SampleSlice;
        use crate::train::fit::{Control, Fit, FitError};
        use crate::train::optim::GradientDescent;
        type Net = crate::mlp!(f64; 1 => 2 crate::model::Sigmoid => 1 crate::model::Sigmoid);
        let (inputs, labels) = ([[0.0], [1.0]], [[0.0], [1.0]]);
        let rows = SampleSlice::new(&inputs, &labels).unwrap();
        let mut net: Net = crate::model::parameters::Parameters::zeros();
        let mut optimizer = GradientDescent::new(0.1).unwrap();
        let loss = crate::train::loss::MeanSquaredError;
        let result = Fit::new(&loss, &mut optimizer)
            .max_epochs(2)
            .run(&mut net, &rows);
        if cfg!(feature = "std") {
            assert!(result.is_ok());
        } else {
            let error = result.unwrap_err();
            assert_eq!(
                error,
                FitError::OrderBuffer {
                    expected: 2,
                    found: None
                }
            );
        }
        let mut order = [0; 2];
        let lent = Fit::new(&loss, &mut optimizer)
            .max_epochs(2)
            .run_with_order(&mut net, &rows, &mut order, |_, _| Control::Continue);
        assert_eq!(lent.unwrap().epochs, 2);
    }
}
