//! Smaller fonts to embed in SVG: a TrueType font with the outlines of only the glyphs a page
//! draws. Glyph ids, the character map and the metrics stay as they are, so the result is still
//! a complete font any browser loads; only the `glyf` data of unused glyphs goes (they become
//! empty), with the tables that only shaping needs (positions are explicit in the SVG).
//! PDF fonts are subset by krilla itself.

use skrifa::raw::TableProvider;
use skrifa::raw::tables::glyf::Glyph;
use skrifa::{GlyphId, MetadataProvider, Tag};
use std::collections::BTreeSet;

/// Tables kept: what a renderer needs to map characters and draw and hint outlines.
const KEPT_TABLES: [&[u8; 4]; 14] = [
    b"OS/2", b"cmap", b"cvt ", b"fpgm", b"gasp", b"glyf", b"head", b"hhea", b"hmtx", b"loca",
    b"maxp", b"name", b"post", b"prep",
];

/// Composite glyphs nest at most this deep (as in the TrueType rasterisers).
const MAX_COMPOSITE_DEPTH: usize = 32;

/// `data` with outlines only for `chars` (and `.notdef`). `None` for fonts without TrueType
/// outlines or that do not parse; the caller then embeds the font whole.
pub fn subset_truetype(data: &[u8], index: u32, chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let font = skrifa::FontRef::from_index(data, index).ok()?;
    let loca = font.loca(None).ok()?;
    let glyf = font.glyf().ok()?;
    let num_glyphs = loca.len().checked_sub(1)?;
    let charmap = font.charmap();
    let mut keep = BTreeSet::new();
    let mut todo: Vec<(u32, usize)> = chars
        .iter()
        .filter_map(|&c| charmap.map(c))
        .map(|g| (g.to_u32(), 0))
        .collect();
    todo.push((0, 0)); // .notdef
    while let Some((gid, depth)) = todo.pop() {
        if gid as usize >= num_glyphs || !keep.insert(gid) {
            continue;
        }
        if depth >= MAX_COMPOSITE_DEPTH {
            continue;
        }
        if let Ok(Some(Glyph::Composite(composite))) = loca.get_glyf(GlyphId::new(gid), &glyf) {
            todo.extend(
                composite
                    .components()
                    .map(|component| (component.glyph.to_u32(), depth + 1)),
            );
        }
    }

    let glyf_data = font.table_data(Tag::new(b"glyf"))?;
    let glyf_bytes = glyf_data.as_bytes();
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((num_glyphs + 1) * 4);
    for gid in 0..num_glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if keep.contains(&(gid as u32)) {
            let start = loca.get_raw(gid)? as usize;
            let end = loca.get_raw(gid + 1)? as usize;
            new_glyf.extend_from_slice(glyf_bytes.get(start..end)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let mut head = font.table_data(Tag::new(b"head"))?.as_bytes().to_vec();
    if head.len() < 54 {
        return None;
    }
    head[8..12].copy_from_slice(&[0; 4]); // checkSumAdjustment, set last
    head[50..52].copy_from_slice(&1i16.to_be_bytes()); // indexToLocFormat: long offsets

    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for record in font.table_directory.table_records() {
        let tag = record.tag().into_bytes();
        if !KEPT_TABLES.contains(&&tag) {
            continue;
        }
        let bytes = match &tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"head" => std::mem::take(&mut head),
            _ => font.table_data(record.tag())?.as_bytes().to_vec(),
        };
        tables.push((tag, bytes));
    }
    tables.sort_by_key(|(tag, _)| *tag);
    Some(write_sfnt(&tables))
}

/// Sum of the big-endian 32-bit words of `bytes`, zero-padded (the OpenType table checksum).
fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// An OpenType file with TrueType outlines from its tables (sorted by tag).
fn write_sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let entry_selector = 15 - n.max(1).leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&(n * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, bytes) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(bytes).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += bytes.len().div_ceil(4) * 4;
    }
    for (_, bytes) in tables {
        out.extend_from_slice(bytes);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ubuntu() -> Vec<u8> {
        let fonts = egui::FontDefinitions::default();
        let data = fonts
            .font_data
            .get("Ubuntu-Light")
            .expect("egui's default font");
        (*data.font).as_ref().to_vec()
    }

    #[test]
    fn subset_keeps_the_used_glyphs_and_is_much_smaller() {
        let full = ubuntu();
        let chars: BTreeSet<char> = "Camarena killed 1985 …".chars().collect();
        let small = subset_truetype(&full, 0, &chars).expect("subset");
        assert!(
            small.len() * 3 < full.len(),
            "{} vs {}",
            small.len(),
            full.len()
        );
        let font = skrifa::FontRef::new(&small).expect("still a font");
        let outlines = font.outline_glyphs();
        let map = font.charmap();
        let mut pen = skrifa::outline::pen::ControlBoundsPen::default();
        for c in ['C', 'k', '9', '…'] {
            let gid = map.map(c).expect("still mapped");
            let glyph = outlines.get(gid).expect("an outline");
            let mut bounds = skrifa::outline::pen::ControlBoundsPen::default();
            glyph
                .draw(skrifa::instance::Size::unscaled(), &mut bounds)
                .expect("draws");
            assert!(bounds.bounding_box().is_some(), "{c} has ink");
        }
        // A character not asked for keeps its id but has no outline.
        let z = outlines.get(map.map('Z').unwrap()).unwrap();
        z.draw(skrifa::instance::Size::unscaled(), &mut pen)
            .unwrap();
        assert!(pen.bounding_box().is_none());
        // The whole-font checksum is the magic number.
        assert_eq!(checksum(&small), 0xB1B0_AFBA);
    }
}
