/**
 * mulberry32 (public domain): a small, fast, seedable generator, so that demo data, generated
 * logs and benchmark traffic are the same on every run. Each output is a multiple of 2^-32, so
 * `Math.floor(random() * 2 ** 32)` gives back the generator's 32 raw bits.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
