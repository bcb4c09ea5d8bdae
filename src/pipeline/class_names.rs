//! `ClassNames`: a classifier's class names, one per output, or two for a network with one
//! output (its negative and positive class), and the class an output picks.
//!
//! A network with `O ≥ 2` outputs (softmax) has `O` classes, output `k` standing for class
//! `k`. A network with one output (sigmoid) has two: the output is the probability of the
//! second, and the class is the second when the output is above 0.5 and the first otherwise,
//! the way [`metrics::accuracy`](crate::metrics::accuracy) counts it and scikit-learn's
//! `predict` decides it. So the number of names is not always `O`, and the type keeps the two
//! cases apart: [`ClassNames::per_output`] and [`ClassNames::binary`] each build only for the
//! output width it fits, and a list whose length is known only at run time is checked against
//! [`ClassNames::COUNT`], with a [`ClassCountMismatch`] naming both counts.

use core::fmt;

/// The number of classes a network with `outputs` outputs has: `outputs`, or 2 for one output.
pub(crate) const fn class_count(outputs: usize) -> usize {
    if outputs == 1 { 2 } else { outputs }
}

/// The names of a classifier's classes, of type `S` (`String` or `&'static str`): one per
/// output for a network with `O ≥ 2` outputs, or a negative and a positive name for a network
/// with one output.
///
/// [`Pipeline::with_class_names`](crate::pipeline::Pipeline::with_class_names) builds them from
/// an array and [`Pipeline::try_with_class_names`](crate::pipeline::Pipeline::try_with_class_names)
/// from a run-time list; the two `const` constructors are what a
/// [baked](crate::pipeline::bake_pipeline) constant is written with. Either constructor used
/// for the wrong output width does not build (an error at `cargo build`, as every
/// `const` assertion; `cargo check` does not evaluate them):
///
/// ```
/// use static_mlp::pipeline::ClassNames;
///
/// const SPECIES: ClassNames<&str, 3> = ClassNames::per_output(["setosa", "versicolor", "virginica"]);
/// const DIAGNOSIS: ClassNames<&str, 1> = ClassNames::binary("malignant", "benign");
/// assert_eq!(SPECIES.as_slice(), ["setosa", "versicolor", "virginica"]);
/// assert_eq!(DIAGNOSIS.as_slice(), ["malignant", "benign"]); // output > 0.5: benign
/// assert_eq!(ClassNames::<&str, 1>::COUNT, 2);
/// ```
///
/// ```compile_fail,E0080
/// use static_mlp::pipeline::ClassNames;
/// // One name for a one-output network: which class would an output of 0.2 be?
/// let names: ClassNames<&str, 1> = ClassNames::per_output(["benign"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClassNames<S, const O: usize> {
    names: Names<S, O>,
}

/// The two shapes a list of class names takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Names<S, const O: usize> {
    /// `O ≥ 2` outputs, one name each.
    PerOutput([S; O]),
    /// One output: the negative class's name, then the positive's.
    Binary([S; 2]),
}

impl<S, const O: usize> ClassNames<S, O> {
    /// How many names a network with `O` outputs has: `O`, or 2 when `O` is 1.
    pub const COUNT: usize = class_count(O);

    /// One name per output, output `k` being class `names[k]`, for a network with two
    /// outputs or more. With one output this does not build: use [`binary`](Self::binary).
    pub const fn per_output(names: [S; O]) -> Self {
        const {
            assert!(
                O >= 2,
                "ClassNames::per_output: a network with one output has two classes: \
                 use ClassNames::binary(negative, positive)"
            )
        };
        Self {
            names: Names::PerOutput(names),
        }
    }

    /// The two classes of a network with one output: `negative` for an output of 0.5 or
    /// below, `positive` for an output above 0.5. With more outputs this does not build: use
    /// [`per_output`](Self::per_output).
    pub const fn binary(negative: S, positive: S) -> Self {
        const {
            assert!(
                O == 1,
                "ClassNames::binary: only a network with one output has a negative and a \
                 positive class: use ClassNames::per_output with one name per output"
            )
        };
        Self {
            names: Names::Binary([negative, positive]),
        }
    }

    /// The names in class order: class `k` is `as_slice()[k]` ([`COUNT`](Self::COUNT) of
    /// them; for one output, the negative class first).
    pub const fn as_slice(&self) -> &[S] {
        match &self.names {
            Names::PerOutput(names) => names,
            Names::Binary(names) => names,
        }
    }

    /// Names from an array of exactly [`COUNT`](Self::COUNT), checked when the program is
    /// built.
    pub(crate) fn from_array<const K: usize>(names: [S; K]) -> Self {
        const {
            assert!(
                K == class_count(O),
                "expected one class name per output, or two (negative, positive) for a \
                 network with one output"
            )
        };
        match Self::try_from_names(names) {
            Ok(names) => names,
            Err(_) => unreachable!("the count is checked when the program is built"),
        }
    }

    /// Names from a list whose length is known only at run time; a [`ClassCountMismatch`]
    /// unless it holds exactly [`COUNT`](Self::COUNT).
    pub(crate) fn try_from_names(
        names: impl IntoIterator<Item = S>,
    ) -> Result<Self, ClassCountMismatch> {
        let mut given = names.into_iter();
        let mut found = 0;
        let mut next = || {
            let name = given.next();
            found += usize::from(name.is_some());
            name
        };
        let slots = if O == 1 {
            Names::Binary([next(), next()])
        } else {
            Names::PerOutput(core::array::from_fn(|_| next()))
        };
        found += given.count();
        if found != Self::COUNT {
            return Err(ClassCountMismatch {
                expected: Self::COUNT,
                found,
                outputs: O,
            });
        }
        let names = match slots {
            Names::Binary(pair) => Names::Binary(pair.map(|name| name.expect("checked: 2 names"))),
            Names::PerOutput(all) => {
                Names::PerOutput(all.map(|name| name.expect("checked: O names")))
            }
        };
        Ok(Self { names })
    }
}

/// A list of class names whose length does not fit the network's outputs
/// ([`Pipeline::try_with_class_names`](crate::pipeline::Pipeline::try_with_class_names), and
/// [`ClassNames::COUNT`]).
///
/// ```
/// # use static_mlp::prelude::*;
/// # use static_mlp::{pipeline::Pipeline, data::Standardizer};
/// type Binary = mlp!(f32; 2 => 1 Sigmoid);
/// let pipeline: Pipeline<Binary, f32, 2, 1, &str> = Pipeline::new(Binary::zeros(), Standardizer::identity());
/// let error = pipeline.try_with_class_names(["benign"]).unwrap_err();
/// assert_eq!((error.expected, error.found), (2, 1));
/// assert_eq!(
///     error.to_string(),
///     "expected 2 class names for one output (the class at or below 0.5, then the class above), found 1"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassCountMismatch {
    /// The number of classes: the network's outputs, or 2 for one output.
    pub expected: usize,
    /// The number of names given.
    pub found: usize,
    /// The network's number of outputs, `O`.
    pub outputs: usize,
}

impl fmt::Display for ClassCountMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (expected, found) = (self.expected, self.found);
        if self.outputs == 1 {
            write!(
                f,
                "expected {expected} class names for one output (the class at or below 0.5, \
                 then the class above), found {found}"
            )
        } else {
            write!(
                f,
                "expected {expected} class names (one per output), found {found}"
            )
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ClassCountMismatch {}
