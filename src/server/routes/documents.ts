// What a patient takes away from a stored analysis: the explanation as Markdown and the refund
// or complaint letters as PDF or DOCX (the report modules of the core write them; these routes
// only find the analysis and answer).
import { z } from 'zod';
import type { Analysis } from '../../domain/analysis.ts';
import type { LetterFormat } from '../core.ts';
import { ApiError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { errors, IdParams, LetterQuery, ReportQuery } from '../schemas.ts';
import type { App } from './types.ts';

const CONTENT_TYPES: Record<LetterFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** A file name safe in a Content-Disposition header. */
const safe = (s: string) => s.replace(/[^\w.-]/g, '').slice(0, 80) || 'analysis';

async function storedAnalysis(rt: Runtime, id: string): Promise<Analysis> {
  const stored = await rt.analyses.get(id);
  if (!stored) throw new ApiError('NOT_FOUND', 'no analysis with this id');
  return stored.analysis;
}

export function documentsRoutes(app: App, rt: Runtime): void {
  app.get('/v1/analyses/:id/report.md', {
    schema: {
      tags: ['analyses'],
      summary: 'The explanation of an analysis for the patient (Markdown, English or Hindi)',
      params: IdParams,
      querystring: ReportQuery,
      produces: ['text/markdown'],
      response: { 200: z.string().describe('Markdown'), ...errors(400, 404) },
    },
  }, async (request, reply) => {
    const analysis = await storedAnalysis(rt, request.params.id);
    const text = await rt.core.explanation(analysis, request.query.lang);
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `inline; filename="report-${safe(request.params.id)}-${request.query.lang}.md"`)
      .send(text);
  });

  for (const format of ['pdf', 'docx'] as const) {
    app.get(`/v1/analyses/:id/letter.${format}`, {
      schema: {
        tags: ['analyses'],
        summary: `A refund or complaint letter about the bill's disputed lines (${format.toUpperCase()})`,
        description: 'Only the red flags with money at stake that the recipient deals with are disputed (NPPA: medicines above their ceiling price or MRP). 422 NOTHING_TO_DISPUTE when there is none.',
        params: IdParams,
        querystring: LetterQuery,
        produces: [CONTENT_TYPES[format]],
        response: { 200: z.string().meta({ format: 'binary' }).describe(`the letter, ${format.toUpperCase()}`), ...errors(400, 404, 422) },
      },
    }, async (request, reply) => {
      const { to, lang, ...senderFields } = request.query;
      const analysis = await storedAnalysis(rt, request.params.id);
      const sender = Object.fromEntries(Object.entries(senderFields).filter(([, v]) => v !== undefined));
      const letter = await rt.core.letter(analysis, { to, lang, sender, format });
      if (!letter) {
        throw new ApiError('NOTHING_TO_DISPUTE', to === 'nppa' ? 'no medicine is priced above its NPPA ceiling price or MRP' : 'no red flag with money at stake');
      }
      request.log.info({ doc_id: analysis.doc_id, to, lang, format, disputed_lines: letter.lines }, 'letter written');
      return reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="letter-${to}-${safe(request.params.id)}-${lang}.${format}"`)
        .send(letter.bytes as unknown as string); // bytes as they are: the schema says binary
    });
  }
}
