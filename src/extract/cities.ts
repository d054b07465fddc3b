// The bill's city → CGHS city tier and state, from data/city-tiers.json.
import { readFileSync } from 'node:fs';

interface CityRow { name: string; state: string; tier: 1 | 2 | 3 }

let cities: { rows: CityRow[]; pattern: RegExp } | null = null;

function load(): { rows: CityRow[]; pattern: RegExp } {
  if (cities) return cities;
  const rows = (JSON.parse(readFileSync(new URL('../../data/city-tiers.json', import.meta.url), 'utf8')) as { rows: CityRow[] }).rows;
  const names = [...rows].sort((a, b) => b.name.length - a.name.length).map((r) => r.name.replace(/ /g, '\\s+'));
  cities = { rows, pattern: new RegExp(`\\b(${names.join('|')})\\b`, 'i') };
  return cities;
}

export function cityFromText(text: string): CityRow | null {
  const { rows, pattern } = load();
  const m = pattern.exec(text);
  if (!m) return null;
  const found = m[1]!.replace(/\s+/g, ' ').toLowerCase();
  return rows.find((r) => r.name.toLowerCase() === found) ?? null;
}
