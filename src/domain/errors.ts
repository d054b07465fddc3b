// Every error a user of the product can see, declared once with a stable code.
// The CLI prints `medbillguard: <file>: <message>` and exits with `exitCode`;
// the HTTP service maps `httpStatus`.

export const USER_ERRORS = {
  FILE_NOT_FOUND: { exitCode: 3, httpStatus: 404, message: 'file not found' },
  NOT_A_FILE: { exitCode: 3, httpStatus: 400, message: 'is a directory, not a file' },
  FILE_EMPTY: { exitCode: 3, httpStatus: 422, message: 'the file is empty' },
  FILE_TOO_LARGE: { exitCode: 3, httpStatus: 413, message: 'the file is too large' },
  UNSUPPORTED_TYPE: { exitCode: 3, httpStatus: 415, message: 'unsupported file type' },
  BINARY_FILE: { exitCode: 3, httpStatus: 415, message: 'the file is binary, not text' },
  PDF_CORRUPT: { exitCode: 3, httpStatus: 422, message: 'the PDF is damaged and cannot be read' },
  PDF_ENCRYPTED: { exitCode: 3, httpStatus: 422, message: 'the PDF is password-protected' },
  PDF_TOO_MANY_PAGES: { exitCode: 3, httpStatus: 413, message: 'the PDF has too many pages' },
  PDF_SCANNED_NO_OCR: { exitCode: 3, httpStatus: 422, message: 'the PDF has pages without a text layer and OCR is not available' },
  IMAGE_UNREADABLE: { exitCode: 3, httpStatus: 422, message: 'the image cannot be decoded' },
  IMAGE_TOO_LARGE: { exitCode: 3, httpStatus: 413, message: 'the image has too many pixels' },
  IMAGE_TOO_MANY_PAGES: { exitCode: 3, httpStatus: 413, message: 'the image has too many pages' },
  OCR_FAILED: { exitCode: 3, httpStatus: 422, message: 'text recognition failed' },
  READ_FAILED: { exitCode: 3, httpStatus: 422, message: 'the file could not be read' },
  TOO_MANY_LINE_ITEMS: { exitCode: 3, httpStatus: 413, message: 'the bill has too many line items' },
  BAD_USAGE: { exitCode: 2, httpStatus: 400, message: 'invalid usage' },
  DATASET_INVALID: { exitCode: 3, httpStatus: 400, message: 'the dataset file is invalid' },
} as const;

export type UserErrorCode = keyof typeof USER_ERRORS;

/** Marks a UserError across copies of this module (the bundled CLI loads some commands separately). */
const USER_ERROR_BRAND = Symbol.for('medbillguard.UserError');

export class UserError extends Error {
  readonly [USER_ERROR_BRAND] = true;
  readonly code: UserErrorCode;
  readonly file: string | undefined;
  readonly detail: string | undefined;

  constructor(code: UserErrorCode, options: { file?: string; detail?: string } = {}) {
    const base = USER_ERRORS[code].message;
    super(options.detail ? `${base}: ${options.detail}` : base);
    this.name = 'UserError';
    this.code = code;
    this.file = options.file;
    this.detail = options.detail;
  }

  get exitCode(): number { return USER_ERRORS[this.code].exitCode; }
  get httpStatus(): number { return USER_ERRORS[this.code].httpStatus; }

  /** One line for a terminal: names the file and the cause. */
  toLine(): string {
    return this.file ? `${this.file}: ${this.message}` : this.message;
  }
}

export const isUserError = (e: unknown): e is UserError =>
  e instanceof UserError || (typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[USER_ERROR_BRAND] === true);
