// Reading uploaded bills: multipart/form-data (streamed, each file's size limit enforced while
// it arrives) or JSON with the file base64-encoded. Field values are validated by the same zod
// schemas that document them.
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ContextOptions } from '../analyze.ts';
import type { Lang } from '../domain/analysis.ts';
import { ApiError } from './errors.ts';
import type { ContextFields } from './schemas.ts';

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface Upload<F> {
  files: UploadedFile[];
  fields: F;
}

/** The issues of a failed parse, in one sentence naming the fields. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => {
    const path = i.path.join('.');
    if (i.code === 'unrecognized_keys') return `unknown field(s) ${i.keys.join(', ')}`;
    return path ? `${path}: ${i.message}` : i.message;
  }).join('; ');
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('INVALID_FIELD', describeIssues(parsed.error));
  return parsed.data;
}

/** A file name as the client's machine had it, without any folders. */
export function cleanFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return base || fallback;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes base64 (standard or URL-safe, line breaks allowed, a data: URL prefix accepted). */
export function decodeBase64File(text: string, maxBytes: number): Uint8Array {
  const payload = text.replace(/^data:[^,]{0,200},/, '').replace(/\s+/g, '');
  if (!BASE64.test(payload)) throw new ApiError('INVALID_FIELD', 'file_content: not base64');
  if (Math.floor((payload.length * 3) / 4) > maxBytes + 3) throw new ApiError('FILE_TOO_LARGE', `the limit is ${formatMb(maxBytes)}`);
  const bytes = Buffer.from(payload, 'base64');
  if (bytes.length > maxBytes) throw new ApiError('FILE_TOO_LARGE', `the limit is ${formatMb(maxBytes)}`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const formatMb = (bytes: number) => `${Math.round((bytes / 1048576) * 100) / 100} MB`;

/**
 * Reads a multipart body: `file` parts (at most `maxFiles`, each at most `maxFileBytes`, all
 * together at most `maxTotalBytes`) and text fields validated by `fieldsSchema`.
 */
export async function readMultipart<S extends z.ZodType>(
  request: FastifyRequest,
  limits: { maxFiles: number; maxFileBytes: number; maxTotalBytes: number },
  fieldsSchema: S,
): Promise<Upload<z.infer<S>>> {
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  let total = 0;
  const parts = request.parts({ limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 32, fieldSize: 1024, parts: limits.maxFiles + 32, headerPairs: 100 } });
  try {
    await collectParts(parts, files, fields, (n) => {
      total += n;
      if (total > limits.maxTotalBytes) throw new ApiError('BATCH_TOO_LARGE', `the limit is ${formatMb(limits.maxTotalBytes)}`);
    });
  } catch (err) {
    // The multipart parser's own errors (a truncated body, a bad boundary) carry no status: the body is malformed.
    if (err instanceof ApiError || typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
    throw new ApiError('INVALID_MULTIPART', (err as Error).message);
  }
  if (files.length === 0) throw new ApiError('INVALID_FIELD', 'file: required (a multipart part named "file")');
  return { files, fields: parseOrThrow(fieldsSchema, fields) };
}

async function collectParts(parts: AsyncIterable<Multipart>, files: UploadedFile[], fields: Record<string, string>, count: (bytes: number) => void): Promise<void> {
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw new ApiError('INVALID_FIELD', `unexpected file field "${part.fieldname.slice(0, 40)}"; send the bill as "file"`);
      }
      const bytes = await part.toBuffer();
      count(bytes.length);
      files.push({ fileName: cleanFileName(part.filename, `file-${files.length + 1}`), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    } else {
      if (part.fieldname === 'file') throw new ApiError('INVALID_FIELD', 'file: must be a file part (with a filename), not a text field');
      if (part.fieldnameTruncated || part.valueTruncated) throw new ApiError('INVALID_FIELD', `${part.fieldname.slice(0, 40)}: too long`);
      fields[part.fieldname] = String(part.value);
    }
  }
}

/** The context options and lang of validated fields. */
export function contextOf(fields: ContextFields): { context: ContextOptions; lang: Lang | undefined } {
  const { accreditation, city_tier, ward, scheme, state, lang } = fields;
  const context: ContextOptions = {};
  if (accreditation) context.accreditation = accreditation;
  if (city_tier) context.city_tier = city_tier;
  if (ward) context.ward = ward;
  if (scheme) context.scheme = scheme;
  if (state) context.state = state;
  return { context, lang };
}
