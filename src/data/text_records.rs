//! A CSV file read as text: its header and records, every field a string, for a
//! [`RecordEncoder`](crate::data::encoding::RecordEncoder) to fit on and encode. (The `csv`
//! feature.)

use crate::data::csv::{CsvError, CsvErrorKind, Fields};
use std::path::Path;
use std::string::{String, ToString};
use std::vec::Vec;

/// The header and records of a CSV file, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextRecords {
    /// The header row's names.
    pub header: Vec<String>,
    /// The records, each with one field per header name, white space trimmed.
    pub records: Vec<Vec<String>>,
}

impl TextRecords {
    /// Reads the CSV file at `path`: a header row, then records with as many fields. Errors
    /// name the file and line (a record of another length, bytes that are not UTF-8), or say
    /// that the file has no header or no records.
    pub fn read(path: impl AsRef<Path>) -> Result<Self, CsvError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let error = |kind| CsvError {
            file: file.clone(),
            kind,
        };
        let opened =
            std::fs::File::open(path).map_err(|e| error(CsvErrorKind::Io(e.to_string())))?;
        Self::read_from(opened).map_err(error)
    }

    /// [`read`](Self::read) from any reader.
    pub fn read_from(reader: impl std::io::Read) -> Result<Self, CsvErrorKind> {
        let mut fields = Fields::new(reader);
        let header = match next_record(&mut fields)? {
            Some((_, header)) => header,
            None => return Err(CsvErrorKind::Empty),
        };
        let mut records = Vec::new();
        while let Some((line, record)) = next_record(&mut fields)? {
            if record.len() != header.len() {
                return Err(CsvErrorKind::FieldCount {
                    line,
                    expected: header.len(),
                    found: record.len(),
                });
            }
            records.push(record);
        }
        if records.is_empty() {
            return Err(CsvErrorKind::Empty);
        }
        Ok(Self { header, records })
    }

    /// The 0-based position of the column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The 0-based positions of the columns named `names`, in that order, for
    /// [`select`](Self::select); the first name the header lacks is
    /// [`CsvErrorKind::UnknownColumn`], with the header's names.
    ///
    /// ```
    /// use static_mlp::data::{csv::CsvErrorKind, text_records::TextRecords};
    ///
    /// let cars = TextRecords::read_from(&b"name,origin,weight\nford,USA,3504\n"[..])?;
    /// assert_eq!(cars.columns(&["weight", "origin"])?, [2, 1]);
    /// assert!(matches!(
    ///     cars.columns(&["origin", "colour"]),
    ///     Err(CsvErrorKind::UnknownColumn { name, columns: 3, .. }) if name == "colour"
    /// ));
    /// # Ok::<(), CsvErrorKind>(())
    /// ```
    pub fn columns(&self, names: &[&str]) -> Result<Vec<usize>, CsvErrorKind> {
        names
            .iter()
            .map(|&name| {
                self.column(name).ok_or_else(|| {
                    let names = self.header.iter().map(String::as_str);
                    CsvErrorKind::unknown_column(name, names, self.header.len())
                })
            })
            .collect()
    }

    /// The records' fields in the columns `columns` (0-based), in that order: what a
    /// [`RecordEncoder`](crate::data::encoding::RecordEncoder) fitted on those columns takes.
    pub fn select(&self, columns: &[usize]) -> Vec<Vec<&str>> {
        self.records
            .iter()
            .map(|record| columns.iter().map(|&c| record[c].as_str()).collect())
            .collect()
    }
}

/// The next record's line and its fields as text, white space trimmed; `None` at the end.
fn next_record(
    fields: &mut Fields<impl std::io::Read>,
) -> Result<Option<(u64, Vec<String>)>, CsvErrorKind> {
    let line = fields.line();
    let mut texts = Vec::new();
    let record = fields.record(
        |_| true,
        |index, field| {
            let text =
                core::str::from_utf8(field.trim_ascii()).map_err(|_| CsvErrorKind::Malformed {
                    line,
                    message: format!("column {} is not UTF-8", index + 1),
                })?;
            texts.push(text.to_string());
            Ok(())
        },
    )?;
    Ok(record.map(|(line, _)| (line, texts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_fields_and_refuses_a_short_record() {
        let records = TextRecords::read_from(&b"x, kind\n1 ,cat\n,dog\n"[..]).unwrap();
        assert_eq!(records.header, ["x", "kind"]);
        assert_eq!(records.records, [["1", "cat"], ["", "dog"]]);
        assert_eq!(records.column("kind"), Some(1));
        assert_eq!(records.select(&[1, 0]), [["cat", "1"], ["dog", ""]]);
        let error = TextRecords::read_from(&b"x,kind\n1,cat\n2\n"[..]).unwrap_err();
        assert_eq!(
            error,
            CsvErrorKind::FieldCount {
                line: 3,
                expected: 2,
                found: 1
            }
        );
        assert_eq!(
            TextRecords::read_from(&b"x,kind\n"[..]),
            Err(CsvErrorKind::Empty)
        );
    }

    #[test]
    fn reads_every_record_of_the_cars_file() {
        let cars = TextRecords::read("datasets/cars.csv").unwrap();
        assert_eq!((cars.header.len(), cars.records.len()), (8, 406));
        let origin = cars.column("origin").unwrap();
        let europe = cars
            .records
            .iter()
            .filter(|r| r[origin] == "Europe")
            .count();
        assert_eq!(europe, 73);
    }
}
