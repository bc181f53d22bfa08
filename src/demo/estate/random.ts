// Randomness: a hash for per-entity decisions (order-independent), mulberry32 for picks in order;
// and the arithmetic of splitting a run of items into even blocks.

export function fmix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hash(seed: number, salt: number, index: number): number {
  return fmix(seed ^ fmix(Math.imul(salt, 0x9e3779b1) ^ fmix(index + 0x632be5ab)));
}

export function unit(seed: number, salt: number, index: number): number {
  return hash(seed, salt, index) / 4294967296;
}

/** P(k) ∝ 1/(k+1) over [0, n): low indices become hubs, the rest a long tail. */
export function zipfIndex(u: number, n: number): number {
  const k = Math.floor(Math.exp(u * Math.log(n + 1))) - 1;
  return k < n ? k : n - 1;
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  zipf(n: number): number {
    return zipfIndex(this.next(), n);
  }
}

export function at<T>(list: ArrayLike<T>, index: number): T {
  const value = list[index];
  if (value === undefined) throw new RangeError(`estate plan index ${index} out of range`);
  return value;
}

/** Start of part p when `total` items are split as evenly as possible into `parts`. */
export function blockStart(part: number, total: number, parts: number): number {
  return Math.floor((part * total) / parts);
}

/** The part holding item i under blockStart's split. */
export function blockOf(item: number, total: number, parts: number): number {
  return Math.ceil(((item + 1) * parts) / total) - 1;
}

export function pad(n: number, digits: number): string {
  return String(n).padStart(digits, "0");
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
