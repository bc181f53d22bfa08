/**
 * The set of CI keys an import has seen, as 64-bit fingerprints in typed arrays (16 bytes a key
 * at most, against 60 or more for a Set of strings): a document of a million CIs finds its
 * duplicate keys in 16 MB. Two different keys share a fingerprint with a probability of about
 * n²/2⁶⁵ (3·10⁻⁸ for a million keys).
 */
export class KeyFingerprints {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private used = new Uint8Array(1 << 16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    const [h, l] = fingerprint(key);
    const mask = this.used.length - 1;
    for (let i = l & mask; ; i = (i + 1) & mask) {
      if (!this.used[i]) return false;
      if (this.hi[i] === h && this.lo[i] === l) return true;
    }
  }

  add(key: string): void {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    if (this.insert(...fingerprint(key))) this.count += 1;
  }

  private insert(h: number, l: number): boolean {
    const mask = this.used.length - 1;
    for (let i = l & mask; ; i = (i + 1) & mask) {
      if (!this.used[i]) {
        this.used[i] = 1;
        this.hi[i] = h;
        this.lo[i] = l;
        return true;
      }
      if (this.hi[i] === h && this.lo[i] === l) return false;
    }
  }

  private grow(): void {
    const { hi, lo, used } = this;
    this.hi = new Uint32Array(used.length * 2);
    this.lo = new Uint32Array(used.length * 2);
    this.used = new Uint8Array(used.length * 2);
    for (let i = 0; i < used.length; i++)
      if (used[i]) this.insert(hi[i] as number, lo[i] as number);
  }
}

/** Two 32-bit FNV-1a hashes with different seeds, over UTF-16 code units. */
export function fingerprint(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [b >>> 0, a >>> 0];
}
