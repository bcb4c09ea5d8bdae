//! Which tensors of a state dict make up which layer, and in what order the layers come.
//!
//! A key is `<layer>.<part>`: the layer's name is everything before the last `.`, the part is
//! `weight` or `bias` (a lone `nn.Linear`'s state dict has the bare keys `weight` and `bias`:
//! its layer name is empty). Without names from the caller, the layers are ordered by the
//! *natural order* of their names: digit runs compare as numbers, everything else character
//! by character, so `0 < 2 < 10`, `fc1 < fc2 < fc10` and `net.0 < net.2 < net.10`.
//!
//! Natural order rather than the order in the file: the header is a JSON object whose order
//! no reader is bound to keep, and `safetensors.torch.save_file` sorts the tensors by dtype
//! and then by *string* order (`10.weight` before `2.weight`), so neither recovers the
//! state dict's order. For names whose natural order is not the network's (`hidden`,
//! `output`, `classifier`), the caller passes the names in order.

use core::cmp::Ordering;

/// The key of a layer's part: `name.part`, or the bare `part` for an unnamed layer.
pub(crate) fn key(name: &str, part: &str) -> String {
    if name.is_empty() {
        part.to_string()
    } else {
        format!("{name}.{part}")
    }
}

/// The layer name and part of a key, or `None` when the part is not `weight` or `bias`.
pub(crate) fn split_key(key: &str) -> Option<(&str, &str)> {
    let (name, part) = match key.rsplit_once('.') {
        Some(("", _)) => return None, // `.weight`: a dot with no layer name before it
        Some((name, part)) => (name, part),
        None => ("", key),
    };
    matches!(part, "weight" | "bias").then_some((name, part))
}

/// Compares two names in natural order (see the [module docs](self)).
pub(crate) fn natural_order(a: &str, b: &str) -> Ordering {
    let mut left = Runs(a);
    let mut right = Runs(b);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b), // equal as runs ("01" and "1"): decide by the text
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = if is_digits(x) && is_digits(y) {
                    compare_numbers(x, y)
                } else {
                    x.cmp(y)
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// The layer names in `keys`, each once, in natural order; the keys that are no layer's
/// weight or bias are returned as `Err`, the first in natural order.
pub(crate) fn layer_names<'a>(keys: &[&'a str]) -> Result<Vec<&'a str>, &'a str> {
    let mut names = Vec::with_capacity(keys.len());
    let mut sorted_keys = keys.to_vec();
    sorted_keys.sort_by(|a, b| natural_order(a, b));
    for key in sorted_keys {
        let (name, _) = split_key(key).ok_or(key)?;
        names.push(name);
    }
    names.sort_by(|a, b| natural_order(a, b));
    names.dedup();
    Ok(names)
}

fn is_digits(run: &str) -> bool {
    run.bytes().all(|byte| byte.is_ascii_digit())
}

/// Digit runs by value, of any length: without leading zeros, a longer run is larger.
fn compare_numbers(x: &str, y: &str) -> Ordering {
    let x = x.trim_start_matches('0');
    let y = y.trim_start_matches('0');
    x.len().cmp(&y.len()).then_with(|| x.cmp(y))
}

/// A string's maximal runs of ASCII digits and of other characters.
struct Runs<'a>(&'a str);

impl<'a> Iterator for Runs<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let first = self.0.chars().next()?;
        let digits = first.is_ascii_digit();
        let end = self
            .0
            .char_indices()
            .find(|&(_, c)| c.is_ascii_digit() != digits)
            .map_or(self.0.len(), |(index, _)| index);
        let (run, rest) = self.0.split_at(end);
        self.0 = rest;
        Some(run)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&'static str]) -> Vec<&'static str> {
        let mut names = names.to_vec();
        names.sort_by(|a, b| natural_order(a, b));
        names
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(sorted(&["10", "2", "0", "4"]), ["0", "2", "4", "10"]);
        assert_eq!(sorted(&["fc10", "fc2", "fc1"]), ["fc1", "fc2", "fc10"]);
        assert_eq!(
            sorted(&["net.10", "net.2", "head.0", "net.0"]),
            ["head.0", "net.0", "net.2", "net.10"]
        );
        // Longer than any integer type.
        assert_eq!(
            sorted(&["99999999999999999999999", "100000000000000000000000"]),
            ["99999999999999999999999", "100000000000000000000000"]
        );
    }

    #[test]
    fn the_order_is_total_on_names_equal_as_numbers() {
        assert_eq!(natural_order("01", "1"), Ordering::Less);
        assert_eq!(natural_order("1", "01"), Ordering::Greater);
        assert_eq!(natural_order("a1", "a1"), Ordering::Equal);
        assert_eq!(natural_order("", "0"), Ordering::Less);
    }

    #[test]
    fn keys_split_into_layer_and_part() {
        assert_eq!(split_key("0.weight"), Some(("0", "weight")));
        assert_eq!(split_key("net.fc1.bias"), Some(("net.fc1", "bias")));
        assert_eq!(split_key("weight"), Some(("", "weight")));
        assert_eq!(split_key("1.running_mean"), None);
        assert_eq!(split_key("0.weight.x"), None);
        assert_eq!(split_key(".weight"), None);
        assert_eq!(key("", "bias"), "bias");
        assert_eq!(key("fc1", "bias"), "fc1.bias");
    }

    #[test]
    fn layer_names_are_grouped_and_ordered() {
        let keys = ["4.bias", "10.weight", "0.weight", "0.bias", "4.weight"];
        assert_eq!(layer_names(&keys), Ok(vec!["0", "4", "10"]));
        assert_eq!(
            layer_names(&["0.weight", "1.num_batches_tracked"]),
            Err("1.num_batches_tracked")
        );
    }
}
