//! A TrueType subsetter for the build script: keeps the outlines of some characters and
//! of every glyph those can turn into (GSUB: ligatures, localised and case forms) or be
//! built from (composite glyphs), and empties every other outline.
//!
//! Glyph ids stay as they are, so the tables that index glyphs (metrics, GSUB, GPOS, the
//! hinting programs) stay valid without being rewritten: the dropped glyphs keep a few
//! bytes each in those tables, a small price for a subsetter this simple. The character
//! map keeps only the chosen characters, so a dropped one is missing, not blank, and egui
//! falls back or draws a box as for any other character the font lacks.

use read_fonts::collections::IntSet;
use read_fonts::tables::glyf::Glyph;
use read_fonts::types::{GlyphId, Tag};
use read_fonts::{FontRef, ReadError, TableProvider as _};

/// What went wrong: the font is not one this subsetter can cut.
pub type Error = Box<dyn std::error::Error>;

/// Tables that nothing in egui reads (device metrics, a signature that no longer matches,
/// ttfautohint's own source, glyph names) and that would only cost bytes.
const DROPPED: [&[u8; 4]; 5] = [b"hdmx", b"VDMX", b"DSIG", b"TTFA", b"LTSH"];

/// `original` with only the glyphs of `chars` (inclusive ranges), renamed with `suffix`
/// (" derivative Redeem": modified versions of the Ubuntu fonts must say so in their name).
pub fn subset(original: &[u8], chars: &[(char, char)], suffix: &str) -> Result<Vec<u8>, Error> {
    let font = FontRef::new(original)?;

    let cmap = font.cmap()?;
    let mut mapping: Vec<(u16, u16)> = Vec::new();
    for &(first, last) in chars {
        for c in first..=last {
            let Some(glyph) = cmap.map_codepoint(c) else {
                continue;
            };
            if glyph.to_u32() != 0 {
                mapping.push((u16::try_from(u32::from(c))?, u16::try_from(glyph.to_u32())?));
            }
        }
    }
    mapping.sort_unstable();
    mapping.dedup_by_key(|(c, _)| *c);

    let mut glyphs: IntSet<GlyphId> = IntSet::empty();
    glyphs.insert(GlyphId::NOTDEF);
    for &(_, glyph) in &mapping {
        glyphs.insert(GlyphId::from(glyph));
    }
    match font.gsub() {
        Ok(gsub) => {
            let lookups = gsub.collect_lookups(&IntSet::all())?;
            gsub.closure_glyphs(&lookups, &mut glyphs)?;
        }
        Err(ReadError::TableIsMissing(_)) => {}
        Err(error) => return Err(error.into()),
    }
    let loca = font.loca(None)?;
    let glyf = font.glyf()?;
    let mut to_visit: Vec<GlyphId> = glyphs.iter().collect();
    while let Some(glyph) = to_visit.pop() {
        if let Some(Glyph::Composite(composite)) = loca.get_glyf(glyph, &glyf)? {
            for component in composite.components() {
                let component = GlyphId::from(component.glyph);
                if glyphs.insert(component) {
                    to_visit.push(component);
                }
            }
        }
    }

    // The outlines: the kept ones as they were, every other one empty.
    let glyph_count = usize::from(font.maxp()?.num_glyphs());
    let glyf_data = glyf.offset_data().as_bytes();
    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(glyph_count + 1);
    for index in 0..glyph_count {
        offsets.push(new_glyf.len());
        if glyphs.contains(GlyphId::new(u32::try_from(index)?)) {
            let start = loca.get_raw(index).ok_or("loca too short")?;
            let end = loca.get_raw(index + 1).ok_or("loca too short")?;
            let outline = glyf_data
                .get(usize::try_from(start)?..usize::try_from(end)?)
                .ok_or("a glyph outside glyf")?;
            new_glyf.extend_from_slice(outline);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    offsets.push(new_glyf.len());
    let short_loca = u16::try_from(new_glyf.len() / 2).is_ok();
    let mut new_loca = Vec::new();
    for offset in offsets {
        if short_loca {
            new_loca.extend_from_slice(&u16::try_from(offset / 2)?.to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u32::try_from(offset)?.to_be_bytes());
        }
    }

    let table = |tag: &[u8; 4]| -> Result<&[u8], Error> {
        Ok(font
            .table_data(Tag::new(tag))
            .ok_or_else(|| format!("no {} table", String::from_utf8_lossy(tag)))?
            .as_bytes())
    };
    let mut head = table(b"head")?.to_vec();
    // checkSumAdjustment is set once the whole font is written; indexToLocFormat.
    head.get_mut(8..12).ok_or("head too short")?.fill(0);
    head.get_mut(50..52)
        .ok_or("head too short")?
        .copy_from_slice(&i16::from(!short_loca).to_be_bytes());
    // post version 3: the same metrics, no glyph names.
    let mut post = table(b"post")?.get(..32).ok_or("post too short")?.to_vec();
    post[..4].copy_from_slice(&0x0003_0000_u32.to_be_bytes());

    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for record in font.table_directory().table_records() {
        let tag = record.tag().to_be_bytes();
        let data = match &tag {
            b"glyf" => new_glyf.clone(),
            b"loca" => new_loca.clone(),
            b"head" => head.clone(),
            b"post" => post.clone(),
            b"cmap" => character_map(&mapping)?,
            b"name" => renamed(table(b"name")?, suffix)?,
            _ if DROPPED.contains(&&tag) => continue,
            _ => table(&tag)?.to_vec(),
        };
        tables.push((tag, data));
    }
    write_font(tables)
}

/// A `cmap` with one format 4 subtable (Unicode BMP), under both the Unicode and the
/// Windows platform. `mapping` is sorted by character.
fn character_map(mapping: &[(u16, u16)]) -> Result<Vec<u8>, Error> {
    // Segments of consecutive characters whose glyph ids are consecutive too, so that
    // each maps by a constant delta, then the closing 0xFFFF segment.
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // start, end, delta
    for &(c, glyph) in mapping {
        let delta = glyph.wrapping_sub(c);
        match segments.last_mut() {
            Some((_, end, last_delta)) if end.checked_add(1) == Some(c) && *last_delta == delta => {
                *end = c;
            }
            _ => segments.push((c, c, delta)),
        }
    }
    if segments.last().is_some_and(|&(_, end, _)| end == 0xFFFF) {
        return Err("U+FFFF cannot be mapped".into());
    }
    segments.push((0xFFFF, 0xFFFF, 1));

    let count = u16::try_from(segments.len())?;
    let entry_selector = 15 - count.leading_zeros(); // floor(log2(count))
    let search_range = 2 * (1_u16 << entry_selector);
    let length = 16 + 8 * count;
    let mut sub = Vec::with_capacity(usize::from(length));
    for value in [
        4, // format
        length,
        0, // language
        2 * count,
        search_range,
        u16::try_from(entry_selector)?,
        2 * count - search_range,
    ] {
        sub.extend_from_slice(&value.to_be_bytes());
    }
    for &(_, end, _) in &segments {
        sub.extend_from_slice(&end.to_be_bytes());
    }
    sub.extend_from_slice(&0_u16.to_be_bytes()); // reservedPad
    for &(start, _, _) in &segments {
        sub.extend_from_slice(&start.to_be_bytes());
    }
    for &(_, _, delta) in &segments {
        sub.extend_from_slice(&delta.to_be_bytes());
    }
    for _ in &segments {
        sub.extend_from_slice(&0_u16.to_be_bytes()); // idRangeOffset: deltas only
    }

    let mut cmap = Vec::new();
    cmap.extend_from_slice(&0_u16.to_be_bytes()); // version
    cmap.extend_from_slice(&2_u16.to_be_bytes()); // encoding records
    for (platform, encoding) in [(0_u16, 3_u16), (3, 1)] {
        cmap.extend_from_slice(&platform.to_be_bytes());
        cmap.extend_from_slice(&encoding.to_be_bytes());
        cmap.extend_from_slice(&20_u32.to_be_bytes()); // both share the one subtable
    }
    cmap.extend_from_slice(&sub);
    Ok(cmap)
}

/// The `name` table with `suffix` added to the family, full, unique and PostScript names
/// (spaces become hyphens in the last); the copyright, licence and every other record
/// stay as they were.
fn renamed(name: &[u8], suffix: &str) -> Result<Vec<u8>, Error> {
    let field = |at: usize| -> Result<u16, Error> {
        let bytes = name.get(at..at + 2).ok_or("name too short")?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    };
    if field(0)? != 0 {
        return Err("only name table format 0 is supported".into());
    }
    let count = usize::from(field(2)?);
    let storage = usize::from(field(4)?);

    let mut records = Vec::with_capacity(count);
    for index in 0..count {
        let at = 6 + 12 * index;
        let (platform, encoding, language, name_id) =
            (field(at)?, field(at + 2)?, field(at + 4)?, field(at + 6)?);
        let (length, offset) = (usize::from(field(at + 8)?), usize::from(field(at + 10)?));
        let mut text = name
            .get(storage + offset..storage + offset + length)
            .ok_or("a name outside the table")?
            .to_vec();
        let added = match name_id {
            1 | 3 | 4 | 16 => Some(suffix.to_owned()),
            6 => Some(suffix.replace(' ', "-")),
            _ => None,
        };
        if let Some(added) = added {
            match platform {
                // Unicode and Windows: UTF-16BE.
                0 | 3 => text.extend(added.encode_utf16().flat_map(u16::to_be_bytes)),
                // Macintosh Roman: ASCII is the same bytes.
                1 if added.is_ascii() => text.extend_from_slice(added.as_bytes()),
                _ => return Err(format!("cannot rename a name of platform {platform}").into()),
            }
        }
        records.push(([platform, encoding, language, name_id], text));
    }

    let header_length = 6 + 12 * count;
    let mut table = Vec::new();
    let mut strings = Vec::new();
    for value in [0, u16::try_from(count)?, u16::try_from(header_length)?] {
        table.extend_from_slice(&value.to_be_bytes());
    }
    for (ids, text) in &records {
        for value in ids {
            table.extend_from_slice(&value.to_be_bytes());
        }
        table.extend_from_slice(&u16::try_from(text.len())?.to_be_bytes());
        table.extend_from_slice(&u16::try_from(strings.len())?.to_be_bytes());
        strings.extend_from_slice(text);
    }
    table.extend_from_slice(&strings);
    Ok(table)
}

/// The sum of `data` as big-endian 32-bit words, zero-padded: a TrueType checksum.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4)
        .map(|chunk| {
            let mut word = [0; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            u32::from_be_bytes(word)
        })
        .fold(0, u32::wrapping_add)
}

/// A TrueType font file of `tables`, sorted by tag, each padded to four bytes.
fn write_font(mut tables: Vec<([u8; 4], Vec<u8>)>) -> Result<Vec<u8>, Error> {
    tables.sort_by_key(|(tag, _)| *tag);
    let count = u16::try_from(tables.len())?;
    let entry_selector = 15 - count.leading_zeros(); // floor(log2(count))
    let search_range = 16 * (1_u16 << entry_selector);

    let mut font = Vec::new();
    font.extend_from_slice(&0x0001_0000_u32.to_be_bytes()); // TrueType outlines
    for value in [
        count,
        search_range,
        u16::try_from(entry_selector)?,
        16 * count - search_range,
    ] {
        font.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        font.extend_from_slice(tag);
        font.extend_from_slice(&checksum(data).to_be_bytes());
        font.extend_from_slice(&u32::try_from(offset)?.to_be_bytes());
        font.extend_from_slice(&u32::try_from(data.len())?.to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        font.extend_from_slice(data);
        font.resize(font.len().next_multiple_of(4), 0);
    }
    let head_at = head_at.ok_or("no head table")?;
    let adjustment = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&font));
    font[head_at + 8..head_at + 12].copy_from_slice(&adjustment.to_be_bytes());
    Ok(font)
}
