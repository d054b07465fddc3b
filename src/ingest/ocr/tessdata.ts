// Where tesseract.js finds its models: the @tesseract.js-data npm packages, never the network.
// Each language ships in its own package, while tesseract.js reads every language from one
// `langPath` folder, so we link both files into one private temporary folder per process.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync, mkdtempSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** LSTM-only integer models: the ones tesseract.js itself uses for its LSTM engine. */
const MODEL_FOLDER = '4.0.0_best_int';
const LANGS = ['eng', 'hin'] as const;

const require = createRequire(import.meta.url);

export function traineddataFile(lang: (typeof LANGS)[number]): string {
  const pkgDir = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  const file = join(pkgDir, MODEL_FOLDER, `${lang}.traineddata.gz`);
  if (!existsSync(file)) throw new Error(`OCR model missing: ${file}`);
  return file;
}

let langPath: string | undefined;

/** A folder holding eng.traineddata.gz and hin.traineddata.gz; removed when the process exits. */
export function tesseractJsLangPath(): string {
  if (langPath && existsSync(langPath)) return langPath;
  const dir = mkdtempSync(join(tmpdir(), 'medbillguard-tessdata-'));
  for (const lang of LANGS) {
    const source = traineddataFile(lang);
    const target = join(dir, `${lang}.traineddata.gz`);
    try {
      symlinkSync(source, target);
    } catch {
      copyFileSync(source, target); // file systems without symlinks
    }
  }
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  langPath = dir;
  return dir;
}
