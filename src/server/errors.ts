// Every error the HTTP API can answer with, declared once with a stable code, status and
// message (the core's UserError codes are answered with their own status). Bodies are always
// { "error": { "code", "message" } }.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isUserError } from '../domain/errors.ts';
import { isUnavailable } from '../store/db.ts';

export const HTTP_ERRORS = {
  INVALID_FIELD: { status: 400, message: 'a field is invalid' },
  INVALID_JSON: { status: 400, message: 'the body is not valid JSON' },
  INVALID_MULTIPART: { status: 400, message: 'the multipart body is malformed' },
  NOT_FOUND: { status: 404, message: 'not found' },
  NOTHING_TO_DISPUTE: { status: 422, message: 'the analysis has no disputed line for this recipient, so there is no letter to write' },
  DOC_ID_CONFLICT: { status: 409, message: 'this doc_id was already used for a different file or context' },
  FILE_TOO_LARGE: { status: 413, message: 'the file is too large' },
  TOO_MANY_FILES: { status: 413, message: 'too many files in one request' },
  BATCH_TOO_LARGE: { status: 413, message: 'the files of this batch are too large together' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'send multipart/form-data or application/json' },
  RATE_LIMITED: { status: 429, message: 'too many requests; slow down' },
  INTERNAL_ERROR: { status: 500, message: 'internal error' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'a service this request needs is unavailable; retry later' },
  NOT_READY: { status: 503, message: 'the service is not ready' },
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

export class ApiError extends Error {
  readonly statusCode: number;
  constructor(readonly code: HttpErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${HTTP_ERRORS[code].message}: ${detail}` : HTTP_ERRORS[code].message, options);
    this.name = 'ApiError';
    this.statusCode = HTTP_ERRORS[code].status;
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

const body = (code: string, message: string): ErrorBody => ({ error: { code, message } });

/** Fastify's and its plugins' own error codes, mapped onto ours. */
const FRAMEWORK_ERRORS: Record<string, HttpErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_FILES_LIMIT: 'TOO_MANY_FILES',
  FST_PARTS_LIMIT: 'TOO_MANY_FILES',
  FST_FIELDS_LIMIT: 'INVALID_MULTIPART',
  FST_PROTO_VIOLATION: 'INVALID_MULTIPART',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_FIELD',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'INVALID_FIELD',
};

/** The status and body for any error; logs what deserves a log (never the request's content). */
export function toErrorResponse(err: unknown, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) return { status: err.statusCode, body: body(err.code, err.message) };
  if (isUserError(err)) return { status: err.httpStatus, body: body(err.code, err.message) };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'request';
    const issues = err.validation.map((v) => `${where}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}: ${v.message}`).join('; ');
    return { status: 400, body: body('INVALID_FIELD', `${HTTP_ERRORS.INVALID_FIELD.message}: ${issues}`) };
  }
  if (isUnavailable(err)) {
    request.log.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'dependency unavailable');
    return { status: 503, body: body('SERVICE_UNAVAILABLE', HTTP_ERRORS.SERVICE_UNAVAILABLE.message) };
  }
  const fe = err as Partial<FastifyError>;
  const mapped = typeof fe.code === 'string' ? FRAMEWORK_ERRORS[fe.code] : undefined;
  if (mapped) return { status: HTTP_ERRORS[mapped].status, body: body(mapped, fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || mapped === 'INVALID_FIELD' ? `${HTTP_ERRORS[mapped].message}: ${fe.message}` : HTTP_ERRORS[mapped].message) };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Any other client error a plugin raised (a malformed multipart stream, a bad header…).
    const code = fe.statusCode === 413 ? 'FILE_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : fe.statusCode === 404 ? 'NOT_FOUND' : fe.statusCode === 429 ? 'RATE_LIMITED' : 'INVALID_FIELD';
    return { status: fe.statusCode, body: body(code, fe.message ?? HTTP_ERRORS[code].message) };
  }
  request.log.error({ err }, 'unhandled error');
  return { status: 500, body: body('INTERNAL_ERROR', HTTP_ERRORS.INTERNAL_ERROR.message) };
}

export function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  const { status, body: b } = toErrorResponse(err, reply.request);
  return reply.code(status).type('application/json; charset=utf-8').send(b);
}
