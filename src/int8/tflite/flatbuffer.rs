//! A reader of the few FlatBuffers constructs a `.tflite` file uses: tables through their
//! vtables, scalars, vectors, strings and unions, every read bounds-checked, no allocation.
//!
//! FlatBuffers (<https://flatbuffers.dev/internals/>): the buffer starts with a `u32` offset to
//! the root table. A table starts with an `i32` whose subtraction from the table's position
//! gives its vtable: `u16` vtable size, `u16` table size, then one `u16` per field, the field's
//! offset inside the table or 0 when it is absent (its default applies). Offsets to tables,
//! vectors and strings are `u32`s counted from where they are stored; a vector is a `u32`
//! length and then its elements; everything is little-endian.

/// Where a flatbuffer is broken: the byte position and what was being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// The byte position the read needed.
    pub at: usize,
    /// What was being read.
    pub reading: &'static str,
}

/// A flatbuffer's bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Buffer<'a> {
    bytes: &'a [u8],
}

impl<'a> Buffer<'a> {
    pub(crate) const fn new(bytes: &'a [u8]) -> Self {
        Self { bytes }
    }

    pub(crate) fn bytes(
        &self,
        at: usize,
        len: usize,
        reading: &'static str,
    ) -> Result<&'a [u8], Malformed> {
        at.checked_add(len)
            .and_then(|end| self.bytes.get(at..end))
            .ok_or(Malformed { at, reading })
    }

    fn array<const N: usize>(
        &self,
        at: usize,
        reading: &'static str,
    ) -> Result<[u8; N], Malformed> {
        let slice = self.bytes(at, N, reading)?;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    pub(crate) fn u8(&self, at: usize, reading: &'static str) -> Result<u8, Malformed> {
        Ok(self.array::<1>(at, reading)?[0])
    }
    pub(crate) fn u16(&self, at: usize, reading: &'static str) -> Result<u16, Malformed> {
        Ok(u16::from_le_bytes(self.array(at, reading)?))
    }
    pub(crate) fn u32(&self, at: usize, reading: &'static str) -> Result<u32, Malformed> {
        Ok(u32::from_le_bytes(self.array(at, reading)?))
    }
    pub(crate) fn i32(&self, at: usize, reading: &'static str) -> Result<i32, Malformed> {
        Ok(i32::from_le_bytes(self.array(at, reading)?))
    }
    pub(crate) fn i64(&self, at: usize, reading: &'static str) -> Result<i64, Malformed> {
        Ok(i64::from_le_bytes(self.array(at, reading)?))
    }
    pub(crate) fn f32(&self, at: usize, reading: &'static str) -> Result<f32, Malformed> {
        Ok(f32::from_le_bytes(self.array(at, reading)?))
    }

    /// The position an offset stored at `at` points to.
    fn follow(&self, at: usize, reading: &'static str) -> Result<usize, Malformed> {
        let offset = self.u32(at, reading)? as usize;
        at.checked_add(offset)
            .filter(|&target| target < self.bytes.len())
            .ok_or(Malformed { at, reading })
    }

    /// The root table.
    pub(crate) fn root(&self) -> Result<Table<'a>, Malformed> {
        let at = self.follow(0, "the root table offset")?;
        Table::at(*self, at, "the root table")
    }
}

/// A table: its position and its vtable's.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Table<'a> {
    buffer: Buffer<'a>,
    at: usize,
    vtable: usize,
    vtable_size: u16,
}

impl<'a> Table<'a> {
    fn at(buffer: Buffer<'a>, at: usize, reading: &'static str) -> Result<Self, Malformed> {
        let back = buffer.i32(at, reading)? as i64;
        let vtable = usize::try_from(at as i64 - back).map_err(|_| Malformed { at, reading })?;
        let vtable_size = buffer.u16(vtable, reading)?;
        if vtable_size < 4 || vtable_size % 2 != 0 {
            return Err(Malformed {
                at: vtable,
                reading,
            });
        }
        buffer.bytes(vtable, vtable_size as usize, reading)?;
        Ok(Self {
            buffer,
            at,
            vtable,
            vtable_size,
        })
    }

    /// The position of field `id`, or `None` when it is absent.
    fn field(&self, id: usize, reading: &'static str) -> Result<Option<usize>, Malformed> {
        let entry = 4 + 2 * id;
        if entry + 2 > self.vtable_size as usize {
            return Ok(None);
        }
        let offset = self.buffer.u16(self.vtable + entry, reading)?;
        Ok((offset != 0).then_some(self.at + offset as usize))
    }

    pub(crate) fn u8(
        &self,
        id: usize,
        default: u8,
        reading: &'static str,
    ) -> Result<u8, Malformed> {
        match self.field(id, reading)? {
            Some(at) => self.buffer.u8(at, reading),
            None => Ok(default),
        }
    }
    pub(crate) fn u32(
        &self,
        id: usize,
        default: u32,
        reading: &'static str,
    ) -> Result<u32, Malformed> {
        match self.field(id, reading)? {
            Some(at) => self.buffer.u32(at, reading),
            None => Ok(default),
        }
    }
    pub(crate) fn i32(
        &self,
        id: usize,
        default: i32,
        reading: &'static str,
    ) -> Result<i32, Malformed> {
        match self.field(id, reading)? {
            Some(at) => self.buffer.i32(at, reading),
            None => Ok(default),
        }
    }

    /// A table-valued field (or a union's value).
    pub(crate) fn table(
        &self,
        id: usize,
        reading: &'static str,
    ) -> Result<Option<Table<'a>>, Malformed> {
        match self.field(id, reading)? {
            Some(at) => Ok(Some(Table::at(
                self.buffer,
                self.buffer.follow(at, reading)?,
                reading,
            )?)),
            None => Ok(None),
        }
    }

    /// A vector-valued field whose elements are `element_size` bytes wide.
    pub(crate) fn vector(
        &self,
        id: usize,
        element_size: usize,
        reading: &'static str,
    ) -> Result<Option<Vector<'a>>, Malformed> {
        let Some(at) = self.field(id, reading)? else {
            return Ok(None);
        };
        let start = self.buffer.follow(at, reading)?;
        let len = self.buffer.u32(start, reading)? as usize;
        let bytes = len
            .checked_mul(element_size)
            .ok_or(Malformed { at: start, reading })?;
        self.buffer.bytes(start + 4, bytes, reading)?;
        Ok(Some(Vector {
            buffer: self.buffer,
            start: start + 4,
            len,
            element_size,
        }))
    }
}

/// A vector: its elements' position, count and width.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Vector<'a> {
    buffer: Buffer<'a>,
    start: usize,
    len: usize,
    element_size: usize,
}

impl<'a> Vector<'a> {
    pub(crate) const fn len(&self) -> usize {
        self.len
    }
    fn element(&self, index: usize, reading: &'static str) -> Result<usize, Malformed> {
        if index < self.len {
            Ok(self.start + index * self.element_size)
        } else {
            Err(Malformed {
                at: self.start,
                reading,
            })
        }
    }
    pub(crate) fn i32(&self, index: usize, reading: &'static str) -> Result<i32, Malformed> {
        self.buffer.i32(self.element(index, reading)?, reading)
    }
    pub(crate) fn i64(&self, index: usize, reading: &'static str) -> Result<i64, Malformed> {
        self.buffer.i64(self.element(index, reading)?, reading)
    }
    pub(crate) fn f32(&self, index: usize, reading: &'static str) -> Result<f32, Malformed> {
        self.buffer.f32(self.element(index, reading)?, reading)
    }
    /// Element `index` of a vector of tables.
    pub(crate) fn table(
        &self,
        index: usize,
        reading: &'static str,
    ) -> Result<Table<'a>, Malformed> {
        let at = self.element(index, reading)?;
        Table::at(self.buffer, self.buffer.follow(at, reading)?, reading)
    }
    /// The raw bytes of a `[ubyte]` vector.
    pub(crate) fn bytes(&self) -> &'a [u8] {
        // checked when the vector was made
        self.buffer
            .bytes(self.start, self.len * self.element_size, "")
            .unwrap_or(&[])
    }
}
