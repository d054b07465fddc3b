// Every input limit, named once. The README documents each of them.
export const MAX_FILE_BYTES = 15 * 1024 * 1024; // 15 MB per input file
export const MAX_PDF_PAGES = 50;
export const MAX_IMAGE_PAGES = 50; // pages of one multi-page TIFF, and of the images given as one bill with --pages
export const MAX_IMAGE_PIXELS = 50_000_000; // about a 600 dpi A4 page; 20,000 × 20,000 is refused
export const MAX_IMAGE_SIDE = 12_000; // pixels on either side
export const OCR_PAGE_TIMEOUT_MS = 60_000;
export const MAX_LINE_ITEMS = 2_000;
