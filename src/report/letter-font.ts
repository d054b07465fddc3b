// The letter font: IBM Plex Sans Devanagari (npm @ibm/plex-sans-devanagari, SIL Open Font
// License), which has Latin, Devanagari and the rupee sign ₹ in one face, so a Hindi letter full
// of English hospital names and amounts needs no font switching.
//
// The package ships WOFF only. fontkit reads WOFF, but inflates a table (with a pure-JS inflater)
// every time it is asked for one, and pdfkit asks for the glyph table once per glyph when it
// subsets the font: a one-page Hindi letter took 12 s. So the WOFF is unwrapped once into the
// plain TrueType/OpenType file it packs (WOFF 1.0, https://www.w3.org/TR/WOFF/: a header, a
// table directory, each table zlib-compressed unless that would not make it smaller), with
// node's native zlib, and cached.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);

export type LetterFontWeight = 'Regular' | 'SemiBold';

export const LETTER_FONT_FAMILY = 'IBM Plex Sans Devanagari';

const cache = new Map<LetterFontWeight, Buffer>();

/** The font as an sfnt (TrueType/OpenType) file, ready for pdfkit's registerFont. */
export function letterFont(weight: LetterFontWeight): Buffer {
  let font = cache.get(weight);
  if (!font) {
    const path = require.resolve(`@ibm/plex-sans-devanagari/fonts/complete/woff/IBMPlexSansDevanagari-${weight}.woff`);
    font = woffToSfnt(readFileSync(path));
    cache.set(weight, font);
  }
  return font;
}

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

interface TableEntry { tag: number; offset: number; compLength: number; origLength: number; checksum: number }

const pad4 = (n: number): number => (n + 3) & ~3;

/** Unwraps a WOFF 1.0 file into the sfnt it packs; throws on anything that is not one. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < WOFF_HEADER || woff.readUInt32BE(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const entries: TableEntry[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    entries.push({
      tag: woff.readUInt32BE(at), offset: woff.readUInt32BE(at + 4), compLength: woff.readUInt32BE(at + 8),
      origLength: woff.readUInt32BE(at + 12), checksum: woff.readUInt32BE(at + 16),
    });
  }
  const tables = entries.map((e) => {
    const stored = woff.subarray(e.offset, e.offset + e.compLength);
    const data = e.compLength < e.origLength ? inflateSync(stored) : stored;
    if (data.length !== e.origLength) throw new Error(`WOFF table ${tagName(e.tag)}: ${data.length} bytes, expected ${e.origLength}`);
    return { ...e, data };
  });
  // sfnt table records must be sorted by tag; WOFF requires the same order, but do not rely on it.
  tables.sort((a, b) => a.tag - b.tag);

  let size = SFNT_HEADER + SFNT_ENTRY * numTables;
  for (const t of tables) size += pad4(t.origLength);
  const out = Buffer.alloc(size);
  const power = 2 ** Math.floor(Math.log2(numTables));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = SFNT_HEADER + SFNT_ENTRY * numTables;
  tables.forEach((t, i) => {
    const at = SFNT_HEADER + i * SFNT_ENTRY;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.origLength, at + 12);
    t.data.copy(out, offset);
    offset += pad4(t.origLength);
  });
  return out;
}

const tagName = (tag: number): string => String.fromCharCode((tag >>> 24) & 255, (tag >>> 16) & 255, (tag >>> 8) & 255, tag & 255);
