// Width and height of the page images handed to the engines (PNG, or binary/grey PNM as the
// clean-up writes them), read from the header without decoding pixels.
import { packBits, type GrayImage } from './gray.ts';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageSize(image: Uint8Array): { width: number; height: number } {
  if (image.length >= 24 && PNG_SIGNATURE.every((b, i) => image[i] === b)) {
    const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  const head = new TextDecoder('latin1').decode(image.subarray(0, 64));
  const pnm = /^P[1-6]\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)/.exec(head);
  if (pnm) return { width: Number(pnm[1]), height: Number(pnm[2]) };
  throw new Error('not a PNG or PNM image');
}

/** A grey image as binary PGM (P5): no compression to spend time on; Tesseract reads it directly. */
export function encodePgm(data: Uint8Array, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), data]);
}

/** A black-and-white image (below 128 = ink) as binary PBM (P4): 1 bit a pixel, so Tesseract skips its own thresholding. */
export function encodePbm(data: Uint8Array, width: number, height: number, majority = false): Buffer {
  return encodePbmThresholded({ data, width, height }, 127, majority);
}

/** A grey image thresholded (at or below `threshold` = ink) into a binary PBM, bits packed straight from the grey pixels. */
export function encodePbmThresholded(img: GrayImage, threshold: number, majority = false): Buffer {
  const header = Buffer.from(`P4\n${img.width} ${img.height}\n`, 'latin1');
  const out = Buffer.alloc(header.length + ((img.width + 7) >> 3) * img.height);
  header.copy(out);
  packBits(img, threshold, majority, out, header.length);
  return out;
}
