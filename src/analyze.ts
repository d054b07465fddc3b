// The one analysis entry point shared by the CLI, the HTTP service, batch workers and tests.
// bytes ──▶ ingest ──▶ extract ──▶ match ──▶ rules ──▶ report
import type { Analysis, Accreditation, CityTier, Ward, Scheme, Lang } from './domain/analysis.ts';

export interface ContextOptions {
  accreditation?: Accreditation;
  city_tier?: CityTier;
  ward?: Ward;
  scheme?: Scheme;
  state?: string;
}

export interface AnalyzeRequest {
  /** The file's bytes. Several entries are the pages of one bill (photos of one bill). */
  files: Array<{ bytes: Uint8Array; fileName: string }>;
  /** Defaults to the sha256 of the input bytes. */
  docId?: string;
  context?: ContextOptions;
  lang?: Lang;
}

export type { Analysis };
