//! `Figure`: where a picture goes, how big it is and what it is called; and how it gets
//! there — drawn in memory as SVG or PNG, then written whole.

use super::PlotError;
use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingAreaErrorKind, DrawingBackend};
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use plotters::style::FontStyle;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The output file of a figure, its size in pixels and its title.
///
/// The format follows the file name: `.svg` or `.png` (any letter case).
///
/// ```
/// use static_mlp::plot::Figure;
///
/// let figure = Figure::new("figures/loss.png", "Loss on XOR-easy").with_size(1024, 768);
/// assert_eq!(figure.size(), (1024, 768));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    path: PathBuf,
    title: String,
    size: (u32, u32),
}

impl Figure {
    /// The default size, 800 × 600 pixels.
    pub const DEFAULT_SIZE: (u32, u32) = (800, 600);
    /// The smallest width and height a figure may have: below it, labels do not fit.
    pub const MINIMUM_SIZE: u32 = 200;
    /// The largest width and height a figure may have: 10,000 pixels (a 10,000 × 10,000 PNG
    /// already takes 300 MB to draw).
    pub const MAXIMUM_SIZE: u32 = 10_000;

    /// A figure of the default size written to `path`, with `title` above it.
    pub fn new(path: impl Into<PathBuf>, title: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            title: title.into(),
            size: Self::DEFAULT_SIZE,
        }
    }

    /// The same figure with another size in pixels (from [`MINIMUM_SIZE`](Self::MINIMUM_SIZE)
    /// to [`MAXIMUM_SIZE`](Self::MAXIMUM_SIZE) each way, checked when it is drawn).
    pub fn with_size(self, width: u32, height: u32) -> Self {
        Self {
            size: (width, height),
            ..self
        }
    }

    /// Where the figure is written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The title drawn above the figure.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    /// The image format named by the file's extension.
    fn format(&self) -> Result<Format, PlotError> {
        let extension = self.path.extension().and_then(|e| e.to_str());
        match extension.map(str::to_ascii_lowercase).as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some("png") => Ok(Format::Png),
            _ => Err(PlotError::UnknownExtension {
                path: self.path.clone(),
            }),
        }
    }
}

/// An image format the figures can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Svg,
    Png,
}

/// A figure kind: something that draws itself on any plotters backend.
pub(crate) trait Picture {
    /// Draws on `root`, which is already filled white and has the figure's `title` to show.
    /// `format` lets a picture choose its level of detail (a heat map has fewer cells in SVG,
    /// where each cell is an element of the file).
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        format: Format,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>;
}

/// Draws `picture` into memory in the format `figure`'s path names, then writes the file.
pub(crate) fn render(figure: &Figure, picture: &impl Picture) -> Result<(), PlotError> {
    let format = figure.format()?;
    let (width, height) = figure.size;
    let allowed = Figure::MINIMUM_SIZE..=Figure::MAXIMUM_SIZE;
    if !allowed.contains(&width) || !allowed.contains(&height) {
        return Err(PlotError::invalid(
            "a figure from 200 × 200 to 10,000 × 10,000 pixels",
            format!("{width} × {height}"),
        ));
    }
    register_font()?;
    let bytes = match format {
        Format::Svg => {
            let mut svg = String::new();
            draw_on(
                SVGBackend::with_string(&mut svg, figure.size),
                figure,
                picture,
                format,
            )?;
            svg.into_bytes()
        }
        Format::Png => {
            let mut pixels = vec![0_u8; width as usize * height as usize * 3];
            draw_on(
                BitMapBackend::with_buffer(&mut pixels, figure.size),
                figure,
                picture,
                format,
            )?;
            encode_png(&pixels, width, height)?
        }
    };
    write_whole(&figure.path, &bytes)
}

fn draw_on<DB: DrawingBackend>(
    backend: DB,
    figure: &Figure,
    picture: &impl Picture,
    format: Format,
) -> Result<(), PlotError> {
    let root = backend.into_drawing_area();
    root.fill(&plotters::style::WHITE)
        .map_err(PlotError::drawing)?;
    picture
        .draw(&root, &figure.title, format)
        .map_err(PlotError::drawing)?;
    root.present().map_err(PlotError::drawing)
}

/// RGB pixels, row by row, as a PNG file.
fn encode_png(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().map_err(PlotError::drawing)?;
    writer
        .write_image_data(pixels)
        .map_err(PlotError::drawing)?;
    writer.finish().map_err(PlotError::drawing)?;
    Ok(bytes)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so `path`
/// holds either its old content or the whole new figure, never part of one.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), PlotError> {
    let error = |source| PlotError::Write {
        path: path.to_owned(),
        source,
    };
    crate::io::atomic_file::write_atomically(path, |file| file.write_all(bytes)).map_err(error)
}

/// The font every figure's text is set in: a subset of DejaVu Sans (Latin, Greek, arrows and
/// a few mathematical signs) shipped with the crate, so no system font is needed. See
/// `assets/fonts/README.md` for its origin and licence.
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-subset.ttf");

/// The font family name the figures ask for.
pub(crate) const FONT_FAMILY: &str = "sans-serif";

/// Hands the embedded font to plotters, once per process.
fn register_font() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let registered = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT).is_ok()
    });
    if registered {
        Ok(())
    } else {
        Err(PlotError::drawing("the embedded font could not be read"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn format_follows_the_extension_in_any_case() {
        assert_eq!(Figure::new("a.svg", "").format().unwrap(), Format::Svg);
        assert_eq!(Figure::new("dir/a.PNG", "").format().unwrap(), Format::Png);
        for bad in ["a.jpg", "a", "a.svg.txt"] {
            let error = Figure::new(bad, "").format().unwrap_err();
            assert!(matches!(error, PlotError::UnknownExtension { .. }), "{bad}");
        }
        assert_eq!(
            Figure::new("plots/a.jpg", "")
                .format()
                .unwrap_err()
                .to_string(),
            "cannot tell the image format of plots/a.jpg: expected a name ending in `.svg` or \
             `.png`, found `.jpg`"
        );
    }

    #[test]
    fn the_embedded_font_is_readable() {
        assert!(register_font().is_ok());
    }

    #[test]
    fn writing_replaces_the_file_whole() {
        let scratch = crate::io::scratch::Scratch::new("figure");
        let directory = scratch.path();
        let path = directory.join("figure.svg");
        write_whole(&path, b"first").unwrap();
        write_whole(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        // Only the figure is left: no temporary file.
        assert_eq!(fs::read_dir(directory).unwrap().count(), 1);
    }
}
