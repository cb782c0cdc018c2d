// Dedup and decontamination of generated problems, run before any more tokens are spent on them.
// - exact: sha256 of the normalised statement;
// - near-duplicate: MinHash over word 3-shingles with LSH banding to find candidates among every stored
//   problem (band buckets persist in `problem_lsh`), confirmed by the exact Jaccard of the shingle sets;
// - contamination: any word n-gram (default 10) shared with a benchmark prompt the user listed.
import crypto from 'node:crypto';

export const SHINGLE_WORDS = 3;
// 16 bands x 8 rows: a pair with Jaccard s becomes a candidate with probability 1-(1-s^8)^16, which is
// ~0.5 at s=0.7 (the default threshold) and >0.99 at s=0.85; candidates are then checked exactly.
export const BANDS = 16;
export const ROWS = 8;
const PERMUTATIONS = BANDS * ROWS;

export function normaliseWords(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean);
}

export function statementHash(text: string): string {
  return crypto.createHash('sha256').update(normaliseWords(text).join(' ')).digest('hex');
}

export function shingles(text: string, size = SHINGLE_WORDS): Set<string> {
  const words = normaliseWords(text);
  const out = new Set<string>();
  if (words.length < size) {
    if (words.length > 0) out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(' '));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Fixed seeds so signatures stay comparable across processes and releases: changing them means re-indexing.
const SEEDS = Array.from({ length: PERMUTATIONS }, (_, i) => {
  const a = (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0;
  const b = Math.imul(i + 7, 0x85ebca6b) >>> 0;
  return [a, b] as const;
});

function mix(x: number, a: number, b: number): number {
  let h = (Math.imul(x, a) + b) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export function minhash(set: Set<string>): Uint32Array {
  const sig = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const item of set) {
    const x = fnv1a(item);
    for (let i = 0; i < PERMUTATIONS; i++) {
      const [a, b] = SEEDS[i] as readonly [number, number];
      const v = mix(x, a, b);
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

/** One bucket per band: a 48-bit hash of the band's rows (fits a JS number and a bigint column). */
export function lshBuckets(sig: Uint32Array): number[] {
  const buckets: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    const rows = Buffer.from(sig.buffer, sig.byteOffset + band * ROWS * 4, ROWS * 4);
    const digest = crypto.createHash('sha1').update(rows).digest();
    buckets.push(digest.readUIntBE(0, 6));
  }
  return buckets;
}

/** The word n-grams of a text, hashed, for contamination checks. */
export function ngramHashes(text: string, n: number): Set<string> {
  const words = normaliseWords(text);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) {
    out.add(crypto.createHash('sha1').update(words.slice(i, i + n).join(' ')).digest('base64'));
  }
  return out;
}

export interface BenchmarkIndex {
  n: number;
  /** n-gram hash -> the benchmark item it came from */
  grams: Map<string, string>;
  items: number;
}

export function createBenchmarkIndex(n: number): BenchmarkIndex {
  return { n, grams: new Map(), items: 0 };
}

export function addBenchmarkText(index: BenchmarkIndex, id: string, text: string): void {
  index.items++;
  for (const gram of ngramHashes(text, index.n)) if (!index.grams.has(gram)) index.grams.set(gram, id);
}

/** The benchmark item a text shares an n-gram with, or null. */
export function contaminatedBy(index: BenchmarkIndex, text: string): string | null {
  for (const gram of ngramHashes(text, index.n)) {
    const hit = index.grams.get(gram);
    if (hit !== undefined) return hit;
  }
  return null;
}
