// The bill's city → CGHS city tier and state, from data/city-tiers.json.
import { readFileSync } from 'node:fs';

interface CityRow { name: string; hindi?: string[]; state: string; tier: 1 | 2 | 3 }

interface Cities { rows: CityRow[]; pattern: RegExp; hindi: RegExp; byHindi: Map<string, CityRow> }

let cities: Cities | null = null;

/** Devanagari spelled the way bills vary it: nukta dropped (ज़ = ज), candrabindu read as anusvara. */
function foldDevanagari(text: string): string {
  return text.normalize('NFD').replace(/\u093C/g, '').replace(/\u0901/g, '\u0902').normalize('NFC');
}

function load(): Cities {
  if (cities) return cities;
  const rows = (JSON.parse(readFileSync(new URL('../../data/city-tiers.json', import.meta.url), 'utf8')) as { rows: CityRow[] }).rows;
  const names = [...rows].sort((a, b) => b.name.length - a.name.length).map((r) => r.name.replace(/ /g, '\\s+'));
  const byHindi = new Map<string, CityRow>();
  for (const row of rows) for (const h of row.hindi ?? []) byHindi.set(foldDevanagari(h), row);
  const hindiNames = [...byHindi.keys()].sort((a, b) => b.length - a.length).map((h) => h.replace(/ /g, '\\s+'));
  // \b does not see Devanagari letters: a name must not be part of a longer word.
  const hindi = new RegExp(`(?<![\\u0900-\\u097f])(${hindiNames.join('|')})(?![\\u0900-\\u097f])`);
  cities = { rows, pattern: new RegExp(`\\b(${names.join('|')})\\b`, 'i'), hindi, byHindi };
  return cities;
}

export function cityFromText(text: string): CityRow | null {
  const { rows, pattern, hindi, byHindi } = load();
  const m = pattern.exec(text);
  if (m) {
    const found = m[1]!.replace(/\s+/g, ' ').toLowerCase();
    return rows.find((r) => r.name.toLowerCase() === found) ?? null;
  }
  if (!/[\u0900-\u097f]/.test(text)) return null;
  const h = hindi.exec(foldDevanagari(text));
  return h ? byHindi.get(h[1]!.replace(/\s+/g, ' ')) ?? null : null;
}
