// Picks the OCR engine: MEDBILLGUARD_OCR_ENGINE=auto|native|tesseractjs (default auto).
// auto = the native `tesseract` program when it runs and has both eng and hin, else tesseract.js.
import { UserError } from '../../domain/errors.ts';
import { NativeTesseractEngine, probeNativeTesseract } from './native.ts';
import { TesseractJsEngine } from './tesseractjs.ts';
import type { OcrEngine, OcrEngineName } from './types.ts';

export type OcrEngineChoice = 'auto' | OcrEngineName;

export const OCR_ENGINE_ENV = 'MEDBILLGUARD_OCR_ENGINE';

export function engineChoiceFromEnv(env: NodeJS.ProcessEnv = process.env): OcrEngineChoice {
  const raw = (env[OCR_ENGINE_ENV] ?? 'auto').trim().toLowerCase();
  if (raw === '' || raw === 'auto') return 'auto';
  if (raw === 'native' || raw === 'tesseractjs') return raw;
  throw new UserError('BAD_USAGE', { detail: `${OCR_ENGINE_ENV} must be auto, native or tesseractjs, not "${raw}"` });
}

/** Which engine a choice resolves to on this machine. */
export async function resolveEngineName(choice: OcrEngineChoice): Promise<OcrEngineName> {
  if (choice === 'tesseractjs') return 'tesseractjs';
  const info = await probeNativeTesseract();
  if (choice === 'native') {
    if (!info?.langs.includes('eng')) {
      throw new UserError('OCR_FAILED', { detail: `${OCR_ENGINE_ENV}=native but the tesseract program with English data is not installed` });
    }
    return 'native';
  }
  return info && info.langs.includes('eng') && info.langs.includes('hin') ? 'native' : 'tesseractjs';
}

/** A factory for engines of the resolved kind (the pool makes one per slot). */
export async function engineFactory(choice: OcrEngineChoice): Promise<{ name: OcrEngineName; create: () => OcrEngine }> {
  const name = await resolveEngineName(choice);
  if (name === 'native') {
    const info = await probeNativeTesseract();
    if (!info) throw new UserError('OCR_FAILED', { detail: 'the tesseract program stopped working' });
    return { name, create: () => new NativeTesseractEngine(info) };
  }
  return { name, create: () => new TesseractJsEngine() };
}
