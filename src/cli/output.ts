import { Writable } from 'node:stream';

/** Terminal output: colour and progress only on a TTY; log-derived text is neutralised before printing. */

export interface Output {
  json: boolean;
  quiet: boolean;
  color: boolean;
  tty: boolean;
  out: Writable;
  err: Writable;
}

export function createOutput(flags: { json?: boolean; quiet?: boolean; color?: boolean }, out: Writable = process.stdout, err: Writable = process.stderr): Output {
  const tty = (out as { isTTY?: boolean }).isTTY === true;
  const color = flags.color !== false && tty && process.env.NO_COLOR === undefined && !flags.json;
  return { json: flags.json === true, quiet: flags.quiet === true, color, tty, out, err };
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Shows control characters (ANSI escapes, bidi overrides) visibly instead of letting them act. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function paint(o: Output, code: 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan', text: string): string {
  if (!o.color) return text;
  const codes = { bold: 1, dim: 2, red: 31, yellow: 33, green: 32, cyan: 36 };
  return `\u001b[${codes[code]}m${text}\u001b[0m`;
}

export function line(o: Output, text = ''): void {
  o.out.write(`${text}\n`);
}

export function printJson(o: Output, value: unknown): void {
  o.out.write(`${JSON.stringify(value, null, 2)}\n`);
}

export { count as number } from '../util/count.ts';

export function table(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** A one-line progress indicator on stderr, shown only on a TTY and never in --json or --quiet mode. */
export class Progress {
  private last = 0;
  private shown = false;

  constructor(private readonly o: Output) {}

  private get enabled(): boolean {
    return (this.o.err as { isTTY?: boolean }).isTTY === true && !this.o.json && !this.o.quiet;
  }

  update(text: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    const width = ((this.o.err as { columns?: number }).columns ?? 80) - 1;
    this.o.err.write(`\r\u001b[K${terminalSafe(text).slice(0, width)}`);
  }

  done(): void {
    if (this.shown) this.o.err.write('\r\u001b[K');
    this.shown = false;
  }
}
