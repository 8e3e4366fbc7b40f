//! The sheet as an A4 PDF: the standard fonts Helvetica and Courier (every
//! PDF reader has them, nothing is embedded) in WinAnsi encoding, which
//! holds the German letters (ä ö ü Ä Ö Ü ß) and typographic dashes and
//! quotes; the recovery key also as a QR code drawn as filled squares.
//!
//! WinAnsi encoding: PDF 32000-1:2008, Annex D.2
//! (<https://opensource.adobe.com/dc-acrobat-sdk-docs/pdfstandards/PDF32000_2008.pdf>);
//! character widths: Adobe's Helvetica AFM (Core14 metrics).

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrcode::{Color, EcLevel, QrCode};

use super::text::wrap;
use super::Block;

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.0;
const MONO: f32 = 9.5;
/// Side of the QR code in points (about 45 mm).
const QR_SIZE: f32 = 128.0;

const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");
const COURIER: Name = Name(b"F3");

/// Renders `blocks` as a PDF titled `title`; returns the file's bytes.
pub fn render(blocks: &[Block], title: &str) -> Vec<u8> {
    let mut pages: Vec<Content> = Vec::new();
    let mut w = Writer {
        content: Content::new(),
        y: PAGE_H - MARGIN,
    };
    for (i, b) in blocks.iter().enumerate() {
        // An item that introduces a command stays on the page with it.
        if let (Block::Item(t), Some(Block::Command(c))) = (b, blocks.get(i + 1)) {
            let lines = wrap(t, (PAGE_W - 2.0 * MARGIN - 18.0) as usize, |s| {
                helvetica_width(s, false) * BODY
            });
            let command = command_lines(c).1.len() as f32 * MONO * 1.5 + MONO;
            w.room(lines.len() as f32 * BODY * 1.35 + command, &mut pages);
        }
        w.block(b, &mut pages);
    }
    pages.push(w.content);

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let fonts = [Ref::new(3), Ref::new(4), Ref::new(5)];
    let info = Ref::new(6);
    let first_page = 10;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    for (name, id) in [
        (b"Helvetica".as_slice(), fonts[0]),
        (b"Helvetica-Bold".as_slice(), fonts[1]),
        (b"Courier".as_slice(), fonts[2]),
    ] {
        pdf.type1_font(id)
            .base_font(Name(name))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr(concat!("tresor ", env!("CARGO_PKG_VERSION"))));
    for (i, content) in pages.into_iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(content_id);
        let mut res = page.resources();
        let mut f = res.fonts();
        f.pair(REGULAR, fonts[0]);
        f.pair(BOLD, fonts[1]);
        f.pair(COURIER, fonts[2]);
        f.finish();
        res.finish();
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

struct Writer {
    content: Content,
    /// The baseline of the next line, from the bottom of the page.
    y: f32,
}

impl Writer {
    /// Starts a new page when `needed` points do not fit any more.
    fn room(&mut self, needed: f32, pages: &mut Vec<Content>) {
        if self.y - needed < MARGIN {
            pages.push(std::mem::replace(&mut self.content, Content::new()));
            self.y = PAGE_H - MARGIN;
        }
    }

    fn line(&mut self, font: Name, size: f32, x: f32, text: &str) {
        self.content
            .begin_text()
            .set_font(font, size)
            .next_line(x, self.y)
            .show(Str(&win_ansi(text)))
            .end_text();
    }

    fn wrapped(&mut self, pages: &mut Vec<Content>, text: &str, font: Name, size: f32, x: f32) {
        let width = PAGE_W - MARGIN - x;
        let bold = font == BOLD;
        let lines = wrap(text, width as usize, |s| helvetica_width(s, bold) * size);
        for l in lines {
            self.room(size * 1.35, pages);
            self.line(font, size, x, &l);
            self.y -= size * 1.35;
        }
    }

    fn block(&mut self, b: &Block, pages: &mut Vec<Content>) {
        match b {
            Block::Title(t) => {
                self.y -= 6.0;
                self.line(BOLD, 20.0, MARGIN, t);
                self.y -= 10.0;
                self.content
                    .set_line_width(1.2)
                    .move_to(MARGIN, self.y)
                    .line_to(PAGE_W - MARGIN, self.y)
                    .stroke();
                self.y -= 18.0;
            }
            Block::Subtitle(t) => {
                self.wrapped(pages, t, BOLD, 11.0, MARGIN);
                self.y -= 4.0;
            }
            Block::Heading(t) => {
                self.room(BODY * 6.0, pages);
                self.y -= 10.0;
                self.line(BOLD, 13.0, MARGIN, t);
                self.y -= 5.0;
                self.content
                    .set_line_width(0.5)
                    .move_to(MARGIN, self.y)
                    .line_to(PAGE_W - MARGIN, self.y)
                    .stroke();
                self.y -= 14.0;
            }
            Block::Para(t) => {
                self.wrapped(pages, t, REGULAR, BODY, MARGIN);
                self.y -= 4.0;
            }
            Block::Item(t) => {
                self.room(BODY * 1.35, pages);
                self.line(REGULAR, BODY, MARGIN + 6.0, "\u{2022}");
                self.wrapped(pages, t, REGULAR, BODY, MARGIN + 18.0);
                self.y -= 2.0;
            }
            Block::Command(c) => {
                let (size, lines) = command_lines(c);
                let x = MARGIN + 18.0;
                let step = size * 1.5;
                let height = lines.len() as f32 * step;
                self.room(height + size, pages);
                self.content
                    .set_fill_gray(0.92)
                    .rect(
                        x - 4.0,
                        self.y - height + step - size * 0.5,
                        PAGE_W - MARGIN - x + 4.0,
                        height + size * 0.2,
                    )
                    .fill_nonzero()
                    .set_fill_gray(0.0);
                for (i, l) in lines.iter().enumerate() {
                    let indent = if i == 0 { 0.0 } else { size * 0.6 * 4.0 };
                    self.line(COURIER, size, x + indent, l);
                    self.y -= step;
                }
                self.y -= size * 0.6;
            }
            Block::Key(k) => {
                self.room(QR_SIZE + 30.0, pages);
                // On one line, as the text sheet has it; the QR code under it.
                let x = MARGIN + 18.0;
                self.y -= 8.0;
                self.line(COURIER, 10.0, x, k);
                self.y -= 8.0;
                // The code's own quiet zone lines it up with the text.
                self.qr(k, x - QR_SIZE * 4.0 / 41.0, self.y - QR_SIZE);
                self.y -= QR_SIZE + 14.0;
            }
            Block::Field { label, value } => {
                match value {
                    Some(v) => self.wrapped(pages, &format!("{label}: {v}"), REGULAR, BODY, MARGIN),
                    None => {
                        self.room(BODY * 3.0, pages);
                        self.line(REGULAR, BODY, MARGIN, &format!("{label}:"));
                        let start = MARGIN + helvetica_width(label, false) * BODY + 12.0;
                        self.content
                            .set_line_width(0.4)
                            .move_to(start, self.y - 2.0)
                            .line_to(PAGE_W - MARGIN, self.y - 2.0)
                            .stroke();
                        self.y -= BODY * 2.2;
                    }
                }
                self.y -= 2.0;
            }
            Block::Gap => self.y -= BODY,
        }
    }

    /// The QR code of `text` with its lower left corner at (`x`, `y`).
    fn qr(&mut self, text: &str, x: f32, y: f32) {
        let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
            return;
        };
        let n = code.width();
        // Four modules of quiet zone on each side.
        let module = QR_SIZE / (n + 8) as f32;
        let colors = code.to_colors();
        self.content.set_fill_gray(0.0);
        for (i, c) in colors.iter().enumerate() {
            if *c == Color::Dark {
                let (cx, cy) = ((i % n) as f32, (i / n) as f32);
                self.content.rect(
                    x + (cx + 4.0) * module,
                    y + QR_SIZE - (cy + 5.0) * module,
                    module,
                    module,
                );
            }
        }
        self.content.fill_nonzero();
    }
}

/// Courier size and lines of a command: one line at 9.5 pt, or smaller
/// down to 7 pt; longer ones go on more lines at 7.5 pt, each but the last ending
/// in ` ^` (cmd.exe's continuation: the lines are typed as one command).
fn command_lines(c: &str) -> (f32, Vec<String>) {
    let width = PAGE_W - 2.0 * MARGIN - 18.0 - 8.0;
    let chars = |n: usize| width / (n as f32 * 0.6);
    let n = c.chars().count();
    if chars(n) >= 7.0 {
        return (MONO.min(chars(n)), vec![c.to_string()]);
    }
    let size = 7.5;
    let max = (width / (size * 0.6)) as usize - 6;
    let mut lines = wrap(c, max, |s| s.chars().count() as f32);
    let last = lines.len() - 1;
    for l in &mut lines[..last] {
        l.push_str(" ^");
    }
    (size, lines)
}

/// `text` in WinAnsi (Windows-1252) bytes; a character it lacks becomes `?`.
pub fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{A0}'..='\u{FF}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '→' => b'>',
            _ => b'?',
        })
        .collect()
}

/// Width of `text` in Helvetica (or Helvetica-Bold, about 5 % wider) at
/// size 1, from the AFM widths of the ASCII range; other letters count as
/// their base letter (`ä` as `a`).
fn helvetica_width(text: &str, bold: bool) -> f32 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
        278, // ' '../
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
        278, 278, 584, 584, 584, 556, 1015, // :..@
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A-M
        722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
        278, 278, 278, 469, 556, 333, // [..`
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a-m
        556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n-z
        334, 260, 334, 584, // {..~
    ];
    let units: u32 = text
        .chars()
        .map(|c| {
            let base = match c {
                'ä' => 'a',
                'ö' => 'o',
                'ü' => 'u',
                'Ä' => 'A',
                'Ö' => 'O',
                'Ü' => 'U',
                'ß' => 'B',
                other => other,
            };
            match base {
                ' '..='~' => u32::from(ASCII[base as usize - 32]),
                _ => 556,
            }
        })
        .sum();
    units as f32 / 1000.0 * if bold { 1.05 } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_letters_are_win_ansi_bytes() {
        assert_eq!(win_ansi("Ärzte – Größe"), b"\xc4rzte \x96 Gr\xf6\xdfe");
        assert_eq!(win_ansi("→ 🙂"), b"> ?");
    }

    #[test]
    fn widths_follow_the_afm() {
        assert!((helvetica_width("Wi", false) - 1.166).abs() < 1e-3);
        assert!(helvetica_width("Übung", true) > helvetica_width("Ubung", false));
    }

    #[test]
    fn a_pdf_has_its_pages_fonts_and_encoding() {
        let blocks: Vec<Block> = std::iter::once(Block::Title("Notfallblatt".into()))
            .chain((0..200).map(|i| Block::Para(format!("Absatz {i} über Größe"))))
            .collect();
        let pdf = render(&blocks, "Notfallblatt");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/WinAnsiEncoding"));
        assert!(
            text.contains("/Count 4") || text.contains("/Count 5"),
            "{}",
            text.len()
        );
    }
}
