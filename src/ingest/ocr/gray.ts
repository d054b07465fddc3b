// Small, allocation-light image analysis on 8-bit greyscale buffers: background flattening,
// Otsu thresholding, glyph size and skew estimation. Pure functions, no I/O.

export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Box-downsamples by an integer factor (mean of each f×f block), one source row at a time. */
export function downsample(img: GrayImage, f: number): GrayImage {
  if (f <= 1) return img;
  const width = Math.max(1, Math.floor(img.width / f));
  const height = Math.max(1, Math.floor(img.height / f));
  const data = new Uint8Array(width * height);
  const sums = new Uint32Array(width);
  const area = f * f;
  const half = area >> 1;
  const src = img.data;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < f; dy++) {
      let i = (y * f + dy) * img.width;
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let dx = 0; dx < f; dx++) s += src[i++]!;
        sums[x]! += s;
      }
    }
    // Round half up, as Math.round(sum / area) does for these non-negative values.
    const row = y * width;
    for (let x = 0; x < width; x++) data[row + x] = ((sums[x]! + half) / area) | 0;
  }
  return { data, width, height };
}

/** Separable max filter (grey dilation): removes dark text strokes narrower than 2r+1. */
export function maxFilter(img: GrayImage, r: number): GrayImage {
  const { width, height } = img;
  const tmp = new Uint8Array(width * height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++) m = Math.max(m, img.data[y * width + k]!);
      tmp[y * width + x] = m;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++) m = Math.max(m, tmp[k * width + x]!);
      out[y * width + x] = m;
    }
  }
  return { data: out, width, height };
}

/** Separable box blur of radius r. */
export function boxBlur(img: GrayImage, r: number): GrayImage {
  const { width, height } = img;
  const tmp = new Float32Array(width * height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      let n = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++) { s += img.data[y * width + k]!; n++; }
      tmp[y * width + x] = s / n;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      let n = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++) { s += tmp[k * width + x]!; n++; }
      out[y * width + x] = Math.round(s / n);
    }
  }
  return { data: out, width, height };
}

/** The paper's brightness on a 1/f-size grid: text removed by a max filter, then smoothed. */
export interface PaperBackground {
  background: GrayImage;
  /** Source pixels per background pixel, on each side. */
  f: number;
}

export function paperBackground(img: GrayImage): PaperBackground {
  const f = Math.max(1, Math.round(Math.min(img.width, img.height) / 250));
  return { background: boxBlur(maxFilter(downsample(img, f), 4), 6), f };
}

/**
 * How uneven the paper is: the spread between the 5th and 95th percentile of its brightness.
 * A flatbed scan is under 15 grey levels; a photo with a shadow is far above.
 */
export function paperSpread(img: GrayImage, bg: PaperBackground = paperBackground(img)): number {
  const values = bg.background.data;
  if (values.length === 0) return 0;
  const hist = new Int32Array(256);
  for (let i = 0; i < values.length; i++) hist[values[i]!]!++;
  return percentile(hist, values.length, 0.95) - percentile(hist, values.length, 0.05);
}

/** The value at rank floor(n × q) of the sorted values a histogram counts. */
function percentile(hist: Int32Array, n: number, q: number): number {
  const rank = Math.floor(n * q);
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (seen > rank) return v;
  }
  return 255;
}

/**
 * Divides the image by an estimate of its paper brightness (text removed by a max filter on a
 * small copy, then smoothed), so shadows and gradients become flat white paper.
 */
export function flattenBackground(img: GrayImage, bg: PaperBackground = paperBackground(img)): GrayImage {
  const { background, f } = bg;
  // 16.16 fixed-point reciprocals of every paper level.
  const gain = new Uint32Array(256);
  for (let b = 0; b < 256; b++) gain[b] = Math.round((255 * 65536) / Math.max(24, b));
  const out = new Uint8Array(img.width * img.height);
  const src = img.data;
  const lastCell = background.width - 1;
  for (let y = 0; y < img.height; y++) {
    const bgRow = Math.min(background.height - 1, Math.floor(y / f)) * background.width;
    const row = y * img.width;
    // Runs of f pixels share one background cell (the last cell also takes the ragged edge).
    for (let cell = 0; cell <= lastCell; cell++) {
      const g = gain[background.data[bgRow + cell]!]!;
      const end = row + (cell === lastCell ? img.width : (cell + 1) * f);
      for (let i = row + cell * f; i < end; i++) {
        const v = (src[i]! * g) >>> 16;
        out[i] = v > 255 ? 255 : v;
      }
    }
  }
  return { data: out, width: img.width, height: img.height };
}

/** Count of each grey level. */
export function histogram(img: GrayImage): Int32Array {
  const hist = new Int32Array(256);
  const data = img.data;
  const n = data.length;
  for (let i = 0; i < n; i++) hist[data[i]!]!++;
  return hist;
}

/** Otsu's threshold over the histogram: the grey level that best separates ink from paper. */
export function otsuThreshold(img: GrayImage, hist: Int32Array = histogram(img)): number {
  let total = 0;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) { total += hist[i]!; sumAll += i * hist[i]!; }
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    weightB += hist[t]!;
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * hist[t]!;
    const meanB = sumB / weightB;
    const meanF = (sumAll - sumB) / weightF;
    const between = weightB * weightF * (meanB - meanF) ** 2;
    if (between > best) { best = between; threshold = t; }
  }
  return threshold;
}

/** 1 for ink, 0 for paper. */
export function inkMask(img: GrayImage, threshold = otsuThreshold(img)): Uint8Array {
  const src = img.data;
  const mask = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) mask[i] = src[i]! <= threshold ? 1 : 0;
  return mask;
}

/**
 * Histogram of the page as a 3×3 median filter would leave it, from every `step`-th pixel of
 * every `step`-th row (a noisy page's threshold belongs to its filtered histogram).
 */
export function medianHistogram(img: GrayImage, step = 2): Int32Array {
  const { width, height, data } = img;
  const hist = new Int32Array(256);
  const v = new Uint8Array(9);
  for (let y = 1; y + 1 < height; y += step) {
    for (let x = 1; x + 1 < width; x += step) {
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const row = (y + dy) * width + x;
        v[k++] = data[row - 1]!; v[k++] = data[row]!; v[k++] = data[row + 1]!;
      }
      hist[median9(v)]!++;
    }
  }
  return hist;
}

/** The median of nine values: the largest of the five smallest, kept sorted in v[0..4]. */
function median9(v: Uint8Array): number {
  for (let i = 1; i < 5; i++) {
    const x = v[i]!;
    let j = i;
    while (j > 0 && v[j - 1]! > x) { v[j] = v[j - 1]!; j--; }
    v[j] = x;
  }
  for (let i = 5; i < 9; i++) {
    const x = v[i]!;
    if (x >= v[4]!) continue;
    let j = 4;
    while (j > 0 && v[j - 1]! > x) { v[j] = v[j - 1]!; j--; }
    v[j] = x;
  }
  return v[4]!;
}

/**
 * Thresholds straight into rows of packed bits, 1 = ink (the PBM raster: MSB first, rows padded
 * to whole bytes). With `majority`, a pixel is ink when at least 5 of its 3×3 neighbourhood are
 * (pixels outside the image count as paper): the same as a 3×3 median filter before thresholding
 * at this level, without sorting anything. Writes into `out` from `offset` when given (the
 * bytes there must be zero).
 */
export function packBits(img: GrayImage, threshold: number, majority = false, out?: Uint8Array, offset = 0): Uint8Array {
  const { width, height, data: src } = img;
  const rowBytes = (width + 7) >> 3;
  const bits = out ?? new Uint8Array(rowBytes * height);
  if (bits.length < offset + rowBytes * height) throw new RangeError('packBits: output too small');
  if (!majority) {
    for (let y = 0; y < height; y++) {
      let i = y * width;
      let o = offset + y * rowBytes;
      for (let x = 0; x < width; x += 8) {
        let byte = 0;
        const end = Math.min(8, width - x);
        for (let b = 0; b < end; b++) if (src[i + b]! <= threshold) byte |= 0x80 >> b;
        bits[o++] = byte;
        i += 8;
      }
    }
    return bits;
  }
  // Ink counts of each column over rows y-1..y+1, rolled down the image one row at a time.
  const ink = new Uint8Array(width * 3);
  const cols = new Uint8Array(width);
  const inkRow = (y: number, slot: number): void => {
    const base = slot * width;
    if (y < 0 || y >= height) { ink.fill(0, base, base + width); return; }
    const row = y * width;
    for (let x = 0; x < width; x++) ink[base + x] = src[row + x]! <= threshold ? 1 : 0;
  };
  inkRow(-1, 0);
  inkRow(0, 1);
  for (let y = 0; y < height; y++) {
    inkRow(y + 1, (y + 2) % 3);
    const a = (y % 3) * width;
    const b = ((y + 1) % 3) * width;
    const c = ((y + 2) % 3) * width;
    for (let x = 0; x < width; x++) cols[x] = ink[a + x]! + ink[b + x]! + ink[c + x]!;
    const o = offset + y * rowBytes;
    let left = 0;
    let mid = cols[0]!;
    for (let x = 0; x < width; x++) {
      const right = x + 1 < width ? cols[x + 1]! : 0;
      if (left + mid + right >= 5) bits[o + (x >> 3)]! |= 0x80 >> (x & 7);
      left = mid;
      mid = right;
    }
  }
  return bits;
}

/**
 * Median height in pixels of the glyph-sized connected ink components (letters and digits),
 * or null when there are too few to tell. Rules, boxes and specks are left out.
 */
export function medianGlyphHeight(mask: Uint8Array, width: number, height: number): number | null {
  const parent = new Int32Array(width * height).fill(-1);
  const find = (i: number): number => {
    while (parent[i] !== i) { parent[i] = parent[parent[i]!]!; i = parent[i]!; }
    return i;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      parent[i] = i;
      const up = y > 0 && mask[i - width] ? find(i - width) : -1;
      const left = x > 0 && mask[i - 1] ? find(i - 1) : -1;
      const upLeft = x > 0 && y > 0 && mask[i - width - 1] ? find(i - width - 1) : -1;
      const upRight = x + 1 < width && y > 0 && mask[i - width + 1] ? find(i - width + 1) : -1;
      for (const root of [up, left, upLeft, upRight]) {
        if (root >= 0 && root !== find(i)) parent[find(i)] = root;
      }
    }
  }
  const boxes = new Map<number, [number, number, number, number, number]>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      const r = find(i);
      const b = boxes.get(r);
      if (!b) boxes.set(r, [x, y, x, y, 1]);
      else { b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y); b[4]++; }
    }
  }
  const heights: number[] = [];
  for (const [x0, y0, x1, y1, area] of boxes.values()) {
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    if (h < 3 || h > height / 8 || w > h * 4 || area < 4) continue;
    if (area / (w * h) < 0.08) continue;
    heights.push(h);
  }
  if (heights.length < 20) return null;
  heights.sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)]!;
}

/**
 * The skew of the text lines in degrees (positive = lines rise to the right, counter-clockwise),
 * from the angle whose horizontal ink projection is sharpest. Searches ±maxDegrees.
 */
export function estimateSkew(mask: Uint8Array, width: number, height: number, maxDegrees = 6): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) { xs.push(x); ys.push(y); }
    }
  }
  if (xs.length < 50) return 0;
  const diag = Math.ceil(Math.hypot(width, height));
  const bins = new Float64Array(diag * 2 + 2);
  const score = (deg: number): number => {
    const t = (deg * Math.PI) / 180;
    const s = Math.sin(t);
    const c = Math.cos(t);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! * c + xs[i]! * s) + diag]!++;
    let sum = 0;
    for (const b of bins) sum += b * b;
    return sum;
  };
  let best = 0;
  let bestScore = score(0);
  for (let deg = -maxDegrees; deg <= maxDegrees + 1e-9; deg += 0.5) {
    const sc = score(deg);
    if (sc > bestScore) { bestScore = sc; best = deg; }
  }
  const coarse = best;
  for (let deg = coarse - 0.45; deg <= coarse + 0.45 + 1e-9; deg += 0.05) {
    const sc = score(deg);
    if (sc > bestScore) { bestScore = sc; best = deg; }
  }
  return Math.round(best * 100) / 100;
}

/**
 * Speckle noise on the paper: mean absolute difference between horizontally adjacent paper
 * pixels (both brighter than `paperAbove`), sampled on every 4th row. Gaussian noise of
 * standard deviation σ gives about 1.1σ; a clean scan gives under 3.
 */
export function paperNoise(img: GrayImage, paperAbove: number): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < img.height; y += 4) {
    const row = y * img.width;
    for (let x = 0; x + 1 < img.width; x += 2) {
      const a = img.data[row + x]!;
      const b = img.data[row + x + 1]!;
      if (a > paperAbove && b > paperAbove) { sum += Math.abs(a - b); n++; }
    }
  }
  return n ? sum / n : 0;
}

/**
 * Which way the text lines run, from how peaked the ink's row and column projections are
 * (each normalised to 1 for ink spread evenly): lines of text make the profile across them
 * peaky. 'unknown' when neither clearly wins (a photo at an angle, a sparse page).
 */
export function lineDirection(mask: Uint8Array, width: number, height: number): 'horizontal' | 'vertical' | 'unknown' {
  const rows = new Float64Array(height);
  const cols = new Float64Array(width);
  let ink = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) { rows[y]!++; cols[x]!++; ink++; }
    }
  }
  if (ink < 100) return 'unknown';
  let rowPeak = 0;
  let colPeak = 0;
  for (const v of rows) rowPeak += v * v;
  for (const v of cols) colPeak += v * v;
  const ratio = (rowPeak * height) / (colPeak * width);
  return ratio >= 1.25 ? 'horizontal' : ratio <= 0.8 ? 'vertical' : 'unknown';
}
