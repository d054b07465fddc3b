// Name helpers for the CGHS builder: comparing names across editions and cleaning published text.

const STOP = new Set(['of', 'the', 'and', 'with', 'for', 'in', 'a', 'an', 'or', 'to', 'by', 'on', 'under', 'including']);

/** Lower-case word tokens of a name, without punctuation and filler words. */
export function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !STOP.has(w));
}

/** Dice similarity of two names' word multisets, 0…1. */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (!ta.length || !tb.length) return 0;
  const counts = new Map<string, number>();
  for (const w of tb) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of ta) {
    const n = counts.get(w) ?? 0;
    if (n > 0) { common++; counts.set(w, n - 1); }
  }
  return (2 * common) / (ta.length + tb.length);
}

/** Share of `part`'s words found in `whole` (how much of an older name a garbled cell still holds). */
export function containment(part: string, whole: string): number {
  const tp = nameTokens(part);
  if (!tp.length) return 0;
  const tw = new Set(nameTokens(whole));
  return tp.filter((w) => tw.has(w)).length / tp.length;
}

/** Joins the lines of a published name: single spaces, no space before closing punctuation. */
export function joinNameLines(lines: string[]): string {
  return lines
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim();
}

/** "…(Select CGHS rate code 1517 for approved rate)" → "1517". */
export function selectCodeIn(name: string): string | null {
  const m = name.match(/select\s+cghs\s+rate\s*\(?\s*code\s+(\d{1,4})\b/i) ?? name.match(/\bsee\s+code\s+(\d{1,4})\b/i);
  return m ? m[1]! : null;
}
