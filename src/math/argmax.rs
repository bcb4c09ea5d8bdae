//! `argmax`: which of a row's values is the single largest, if one is.

use crate::math::scalar::Scalar;

/// The index of the single largest value, or `None` when there is no single one: a NaN
/// anywhere in `values`, a tie for the largest, or no values at all.
///
/// This is how a multi-class output becomes a class: [`class_accuracy`](crate::metrics::class_accuracy),
/// [`ConfusionMatrix`](crate::metrics::ConfusionMatrix) and
/// [`Network::predict_class`](crate::model::Network::predict_class) all use it, so an output that
/// names no single class is never counted as any class.
pub fn argmax<T: Scalar>(values: &[T]) -> Option<usize> {
    let mut best: Option<(usize, T)> = None;
    let mut tied = false;
    for (index, &value) in values.iter().enumerate() {
        if value.to_f64().is_nan() {
            return None;
        }
        match best {
            Some((_, largest)) if value < largest => {}
            Some((_, largest)) if value == largest => tied = true,
            _ => {
                best = Some((index, value));
                tied = false;
            }
        }
    }
    if tied {
        None
    } else {
        best.map(|(index, _)| index)
    }
}

/// The class an output (or a label) row names: for two values or more the index of the single
/// largest ([`argmax`]); for one value, a binary output, 1 above 0.5 and 0 at or below it (as
/// [`accuracy`](crate::metrics::accuracy) counts it). `None` for a NaN or a tie for the largest.
pub(crate) fn class_of<T: Scalar, const O: usize>(values: &[T; O]) -> Option<usize> {
    match values.as_slice() {
        [single] => (!single.to_f64().is_nan()).then(|| usize::from(*single > T::literal(0.5))),
        _ => argmax(values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_is_a_binary_class_split_at_one_half() {
        assert_eq!(class_of(&[0.7_f64]), Some(1));
        assert_eq!(class_of(&[0.5_f64]), Some(0));
        assert_eq!(class_of(&[0.2_f32]), Some(0));
        assert_eq!(class_of(&[f64::NAN]), None);
        assert_eq!(class_of(&[0.2_f64, 0.7]), Some(1));
        assert_eq!(class_of(&[0.7_f64, 0.2]), Some(0));
        assert_eq!(class_of(&[0.5_f64, 0.5]), None);
    }

    #[test]
    fn argmax_needs_a_single_largest_number() {
        assert_eq!(argmax(&[0.1, 0.7, 0.2]), Some(1));
        assert_eq!(argmax(&[-3.0_f32]), Some(0));
        assert_eq!(argmax(&[0.5, 0.2, 0.5]), None);
        assert_eq!(argmax(&[0.5, 0.5, 0.9]), Some(2)); // an earlier tie is broken later
        assert_eq!(argmax(&[0.9, f64::NAN, 0.1]), None);
        assert_eq!(argmax(&[f64::NAN]), None);
        assert_eq!(argmax::<f64>(&[]), None);
        assert_eq!(argmax(&[f64::NEG_INFINITY, f64::INFINITY]), Some(1));
    }
}
