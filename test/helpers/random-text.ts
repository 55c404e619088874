/** Deterministic random numbers and text for tests: fuzzing, generated fixtures, scanner-vs-regex equivalence. */

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickFrom<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/**
 * One to four edits of `text`: a piece inserted, a character replaced by a piece, a few characters deleted,
 * a stretch repeated, the text cut short, or a random BMP character inserted.
 */
export function randomEdits(text: string, random: () => number, pieces: readonly string[]): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.3) out = out.slice(0, at) + pickFrom(random, pieces) + out.slice(at);
    else if (kind < 0.5) out = out.slice(0, at) + pickFrom(random, pieces) + out.slice(at + 1);
    else if (kind < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 4));
    else if (kind < 0.8) out = out.slice(0, at) + out.slice(at, at + 1 + Math.floor(random() * 12)) + out.slice(at);
    else if (kind < 0.9) out = out.slice(0, at);
    else out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + out.slice(at);
  }
  return out;
}
