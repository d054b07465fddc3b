// Test helpers: the committed OCR fixtures (test/fixtures/images, made by make-fixtures.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IngestedDocument } from '../types.ts';
import { readImages } from '../image.ts';
import { wordRecall } from '../../../test/fixtures/images/score.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../test/fixtures/images/', import.meta.url));

export interface FixtureTruth {
  about: string;
  words: string[];
  itemWords: string[];
  rotation: number;
}

export function fixture(name: string): { fileName: string; bytes: Buffer } {
  return { fileName: name, bytes: readFileSync(FIXTURE_DIR + name) };
}

export function fixtureTruth(name: string): FixtureTruth {
  const all = JSON.parse(readFileSync(`${FIXTURE_DIR}fixtures.json`, 'utf8')) as Record<string, FixtureTruth>;
  const truth = all[name];
  if (!truth) throw new Error(`no truth for ${name}`);
  return truth;
}

/** Every word of the document's lines, in order. */
export function documentWords(doc: IngestedDocument): string[] {
  return doc.pages.flatMap((p) => p.lines.flatMap((l) => l.cells.flatMap((c) => c.text.split(/\s+/).filter(Boolean))));
}

/** Reads a fixture through the image reader and scores it against what was printed. */
export async function readFixture(name: string) {
  const doc = await readImages([fixture(name)]);
  const truth = fixtureTruth(name);
  const words = documentWords(doc);
  return { doc, truth, itemRecall: wordRecall(truth.itemWords, words), pageRecall: wordRecall(truth.words, words) };
}
