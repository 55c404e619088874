/** A count for sentences and reports: `1,234`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `1 attempt` / `3 attempts` / `1,024 distinct paths`: the noun in the singular for one. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}
