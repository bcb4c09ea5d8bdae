//! Error messages from one template each: `write_message` writes `subject: expected …, found
//! …` from a short text whose `|` marks separate the three parts and whose `#` marks take
//! the numbers and names in order. Every message of an error type goes through this one
//! loop, so a firmware printing an error carries one formatting path and the messages' text,
//! not a `core::fmt::Arguments` built for each message (docs/guide/microcontrollers.md has
//! the measurements).
//!
//! ```text
//! "layer # #|shape #|#"  with  2, "weights", [3, 4], [4, 3]
//! → layer 2 weights: expected shape [3, 4], found [4, 3]
//! ```

use crate::math::decimal::{Decimal, WideInteger};
use core::fmt;

/// The most characters of a file's or a caller's text (a cell, a name, a parser message) that
/// an error keeps: longer texts are cut there and end in `…` ([`shortened`]).
#[cfg_attr(
    not(feature = "std"),
    allow(dead_code, reason = "errors copy texts only with `std`")
)]
pub(crate) const TEXT_LIMIT: usize = 200;

/// `text`, or its first [`TEXT_LIMIT`] characters and `…`: what an error copies of a text it
/// was given, so that a hostile input cannot make the message as long as itself.
#[cfg(feature = "std")]
pub(crate) fn shortened(text: &str) -> std::string::String {
    use std::string::ToString;
    match text.char_indices().nth(TEXT_LIMIT) {
        None => text.to_string(),
        Some((end, _)) => std::format!("{}…", &text[..end]),
    }
}

/// One value a `#` of a template stands for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Argument<'a> {
    /// An integer, written as `{}` writes it.
    Integer(i64),
    /// A 128-bit integer (by reference, which keeps every argument two words), written as
    /// `{}` writes it.
    Wide(&'a i128),
    /// A single-precision float, written by [`Decimal`] with the digits that read back to it.
    Float32(f32),
    /// A double-precision float, the same way.
    Float64(f64),
    /// A name, as it is.
    Text(&'a str),
    /// A tensor shape, `[1, 16]`; `true` when dimensions after these were left out (`, …`).
    Dimensions(&'a [i32], bool),
}

/// Writes `template`: its text, with the first `|` written as `: expected ` (`expected ` when
/// the template starts with it, for a message with no subject), the second as `, found `,
/// and each `#` as the next of `arguments` (none left: nothing).
#[inline(never)]
pub(crate) fn write_message(
    f: &mut fmt::Formatter<'_>,
    template: &str,
    arguments: &[Argument<'_>],
) -> fmt::Result {
    // the templates are the crate's own constants: each `#` has its argument
    debug_assert!(template.bytes().filter(|&byte| byte == b'#').count() <= arguments.len());
    let mut arguments = arguments.iter();
    let mut bars = 0;
    let mut rest = template;
    while let Some(at) = rest.bytes().position(|byte| byte == b'#' || byte == b'|') {
        let Some((text, mark)) = rest.split_at_checked(at) else {
            break;
        };
        f.write_str(text)?;
        let Some((mark, after)) = mark.split_at_checked(1) else {
            break;
        };
        if mark == "#" {
            if let Some(argument) = arguments.next() {
                write_argument(f, argument)?;
            }
        } else {
            f.write_str(match (bars, at == 0 && rest.len() == template.len()) {
                (0, true) => "expected ",
                (0, false) => ": expected ",
                _ => ", found ",
            })?;
            bars += 1;
        }
        rest = after;
    }
    f.write_str(rest)
}

fn write_argument(f: &mut fmt::Formatter<'_>, argument: &Argument<'_>) -> fmt::Result {
    match *argument {
        Argument::Integer(value) => {
            if value < 0 {
                f.write_str("-")?;
            }
            fmt::Display::fmt(&value.unsigned_abs(), f)
        }
        Argument::Wide(value) => fmt::Display::fmt(&WideInteger(*value), f),
        Argument::Float32(value) => fmt::Display::fmt(&Decimal::F32(value), f),
        Argument::Float64(value) => fmt::Display::fmt(&Decimal::F64(value), f),
        Argument::Text(text) => f.write_str(text),
        Argument::Dimensions(dimensions, more) => {
            f.write_str("[")?;
            for (i, &dimension) in dimensions.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_argument(f, &Argument::Integer(i64::from(dimension)))?;
            }
            f.write_str(if more { ", …]" } else { "]" })
        }
    }
}

/// A `Display` of one template and its arguments, for messages built inside `write!`.
#[cfg(all(test, feature = "std"))]
struct Message<'a>(&'a str, &'a [Argument<'a>]);

#[cfg(all(test, feature = "std"))]
impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_message(f, self.0, self.1)
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::{Argument, Message};

    #[test]
    fn templates_take_their_parts_and_arguments_in_order() {
        let shape = [3, 4];
        let cases: [(&str, &[Argument<'_>], &str); 6] = [
            (
                "layer # #|shape #|#",
                &[
                    Argument::Integer(2),
                    Argument::Text("weights"),
                    Argument::Dimensions(&shape, false),
                    Argument::Dimensions(&[1, 2, 3, 4], true),
                ],
                "layer 2 weights: expected shape [3, 4], found [1, 2, 3, 4, …]",
            ),
            (
                "|schema version 3|#",
                &[Argument::Integer(-7)],
                "expected schema version 3, found -7",
            ),
            (
                "output #|a sum within int32|one of #",
                &[Argument::Integer(4), Argument::Wide(&i128::MIN)],
                "output 4: expected a sum within int32, found one of \
                 -170141183460469231731687303715884105728",
            ),
            (
                "|a positive scale|# and #",
                &[Argument::Float32(1.0 / 256.0), Argument::Float64(f64::NAN)],
                "expected a positive scale, found 0.00390625 and NaN",
            ),
            ("no marks", &[], "no marks"),
            (
                "|#|#",
                &[Argument::Integer(i64::MIN), Argument::Text("")],
                "expected -9223372036854775808, found ",
            ),
        ];
        for (template, arguments, text) in cases {
            assert_eq!(Message(template, arguments).to_string(), text);
        }
    }

    /// A template with a `#` more than its arguments is a bug in the crate: caught in builds
    /// with debug assertions (release builds write nothing in its place).
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic]
    fn a_mark_without_its_argument_is_caught() {
        let _ = Message("|#|#", &[Argument::Integer(1)]).to_string();
    }
}
