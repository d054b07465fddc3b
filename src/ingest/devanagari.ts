// Repairs Devanagari that a PDF text layer gives in visual (glyph) order instead of Unicode's
// logical order. Many PDF generators map each drawn glyph back to its characters, so the text
// comes out in the order the glyphs are painted:
//   - the i-matra (ि U+093F) is painted before its consonant cluster: `िदल्ली` for दिल्ली;
//   - the reph (र् drawn above a consonant) is painted after the cluster it sits on, and after
//     that cluster's vowel signs: `कायर्` for कार्य, `कीितर्` for कीर्ति.
// Logical text never has an i-matra that does not follow a consonant, and never has र्
// followed by anything but a consonant (or a joiner), so those two patterns prove visual order.
// A visual i-matra that happens to follow a consonant (`किमटी` for कमिटी) cannot be told from
// logical text on its own: the caller decides from the whole document (see `looksVisualOrder`).

const VIRAMA = '\u094D';
const NUKTA = '\u093C';
const I_MATRA = '\u093F';
const RA = '\u0930';
const ZWJ = '\u200D';
const ZWNJ = '\u200C';

const isConsonant = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  return (code >= 0x0915 && code <= 0x0939) || (code >= 0x0958 && code <= 0x095f) || (code >= 0x0978 && code <= 0x097f);
};

/** Vowel signs and other marks that follow their consonant cluster (nukta, anusvara, visarga…). */
const isDependentSign = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  return (
    (code >= 0x0900 && code <= 0x0903) ||
    code === 0x093a || code === 0x093b || code === 0x093c ||
    (code >= 0x093e && code <= 0x094c) ||
    (code >= 0x094e && code <= 0x094f) ||
    (code >= 0x0951 && code <= 0x0957) ||
    code === 0x0962 || code === 0x0963
  );
};

/** End index (exclusive) of the consonant cluster starting at `start`: C(nukta)?(virama C(nukta)?)*. */
function clusterEnd(chars: string[], start: number): number {
  let i = start;
  if (!isConsonant(chars[i])) return start;
  i++;
  if (chars[i] === NUKTA) i++;
  while (chars[i] === VIRAMA && isConsonant(chars[i + 1])) {
    i += 2;
    if (chars[i] === NUKTA) i++;
  }
  return i;
}

/** Start index of the consonant cluster that ends just before `end` (exclusive), or -1. */
function clusterStartBefore(chars: string[], end: number): number {
  let i = end - 1;
  if (chars[i] === NUKTA) i--;
  if (!isConsonant(chars[i])) return -1;
  while (i >= 2 && chars[i - 1] === VIRAMA && (isConsonant(chars[i - 2]) || (chars[i - 2] === NUKTA && isConsonant(chars[i - 3])))) {
    i -= chars[i - 2] === NUKTA ? 3 : 2;
  }
  return i;
}

/** Does the i-matra at `index` of the text built so far follow a consonant (so it is logical)? */
const followsConsonant = (out: string[]): boolean => {
  const prev = out[out.length - 1];
  return isConsonant(prev) || (prev === NUKTA && isConsonant(out[out.length - 2]));
};

function moveIMatras(chars: string[], allPreBase: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === I_MATRA && (allPreBase || !followsConsonant(out))) {
      const end = clusterEnd(chars, i + 1);
      if (end > i + 1) {
        out.push(...chars.slice(i + 1, end), I_MATRA);
        i = end - 1;
        continue;
      }
    }
    out.push(ch);
  }
  return out;
}

/** Is the र at `index` a displaced reph (र् painted after its cluster)? */
function isDisplacedReph(chars: string[], index: number, allDisplaced: boolean): boolean {
  if (chars[index] !== RA || chars[index + 1] !== VIRAMA) return false;
  if (chars[index - 1] === VIRAMA) return false; // subjoined ra (्र) followed by a virama
  const next = chars[index + 2];
  if (next === ZWJ || next === ZWNJ) return false; // eyelash ra, written on purpose
  if (allDisplaced) return true;
  return !isConsonant(next);
}

function moveRephs(chars: string[], allDisplaced: boolean): string[] {
  const out = [...chars];
  for (let i = 0; i < out.length; i++) {
    if (!isDisplacedReph(out, i, allDisplaced)) continue;
    let end = i;
    while (end > 0 && isDependentSign(out[end - 1])) end--;
    const start = clusterStartBefore(out, end);
    if (start < 0) continue;
    out.splice(i, 2);
    out.splice(start, 0, RA, VIRAMA);
    i += 1; // the reph moved left; continue after its old place
  }
  return out;
}

export type DevanagariOrder = 'auto' | 'visual';

/**
 * Puts visually ordered Devanagari back into logical order.
 * - `'visual'`: the text is known to be in visual order; every i-matra moves after the
 *   consonant cluster that follows it and every reph moves before the cluster it follows.
 * - `'auto'` (default): only repairs what cannot be logical order (an i-matra that does not
 *   follow a consonant, a र् not followed by a consonant), leaving valid text untouched.
 */
export function repairVisualOrder(text: string, order: DevanagariOrder = 'auto'): string {
  if (!/[\u0900-\u097F]/.test(text)) return text;
  const visual = order === 'visual';
  const chars = Array.from(text);
  return moveRephs(moveIMatras(chars, visual), visual).join('');
}

/** True when the text shows a pattern that only visual-order Devanagari has. */
export function looksVisualOrder(text: string): boolean {
  return repairVisualOrder(text, 'auto') !== text;
}
