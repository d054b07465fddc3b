// Which kind of charge a line is: by its own words first, by its section heading second.
import type { Category } from '../domain/analysis.ts';
import { LINE_CATEGORIES, SECTION_CATEGORIES } from './vocabulary.ts';

export function sectionCategory(heading: string): Category | null {
  for (const [category, re] of SECTION_CATEGORIES) if (re.test(heading)) return category;
  return null;
}

export function categorise(description: string, section: Category | null): Category {
  const own = LINE_CATEGORIES.find(([, re]) => re.test(description))?.[0] ?? null;
  // A pharmacy section holds drugs and consumables; a line's own strong words win elsewhere.
  if (section === 'drug' && (own === null || own === 'investigation' || own === 'procedure')) return 'drug';
  if (own) return own;
  return section ?? 'other';
}
