// The ONE place the service touches the analysis core. Everything the service needs from it:
// analyse a bill, list and search the reference datasets (as `medbillguard data list|search`),
// and turn a stored analysis into its explanation (Markdown) or a letter (PDF, DOCX). The
// service adds no analysis logic.
//
// The report writers (pdfkit, docx, fonts) are imported on the first request for a letter, so
// `serve` and `worker` start without paying for them.
import { analyze, type Analysis, type AnalyzeRequest } from '../analyze.ts';
import type { Lang } from '../domain/analysis.ts';
import { loadReferences, type DatasetSummary } from '../reference/load.ts';
import { searchReferences, type SearchOptions, type SearchResult } from '../reference/search.ts';
import type { Recipient, Sender } from '../report/letter.ts';

export type { Analysis, AnalyzeRequest, SearchResult };

/** A dataset as `data list` shows it, with the file's name but not this machine's folders. */
export type DatasetInfo = DatasetSummary;

export type LetterFormat = 'pdf' | 'docx';

export interface Letter {
  bytes: Buffer;
  /** Disputed lines in the letter. */
  lines: number;
  /** The amount asked for, as printed. */
  total: string;
}

export interface Core {
  analyze(req: AnalyzeRequest): Promise<Analysis>;
  /** The reference datasets loaded; throws when they cannot be loaded. */
  listDatasets(): Promise<DatasetInfo[]>;
  searchReferences(query: string, options: SearchOptions): Promise<SearchResult[]>;
  /** The explanation of an analysis for the patient, as Markdown. */
  explanation(analysis: Analysis, lang: Lang): Promise<string>;
  /** The letter to `to` in `format`, or null when no line of the bill is disputed for that recipient. */
  letter(analysis: Analysis, request: { to: Recipient; lang: Lang; sender: Sender; format: LetterFormat }): Promise<Letter | null>;
}

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

export function defaultCore(): Core {
  return {
    analyze,
    async listDatasets() {
      return loadReferences().list().map((d) => ({ ...d, file: baseName(d.file) }));
    },
    async searchReferences(query, options) {
      return searchReferences(query, loadReferences(), options);
    },
    async explanation(analysis, lang) {
      const { explanationMarkdown } = await import('../report/explain.ts');
      return explanationMarkdown(analysis, lang);
    },
    async letter(analysis, { to, lang, sender, format }) {
      const { letterContent } = await import('../report/letter.ts');
      const content = letterContent(analysis, to, lang, sender);
      if (content.rows.length === 0) return null;
      const bytes = format === 'pdf'
        ? await (await import('../report/letter-pdf.ts')).renderLetterPdf(content)
        : await (await import('../report/letter-docx.ts')).renderLetterDocx(content);
      return { bytes, lines: content.rows.length, total: content.total };
    },
  };
}
