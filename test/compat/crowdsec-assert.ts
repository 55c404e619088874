import { readFileSync } from 'node:fs';

/**
 * Reads CrowdSec hub test expectations (`parser.assert`): lines such as
 * `results["s01-parse"]["crowdsecurity/sshd-logs"][3].Evt.Parsed["sshd_client_ip"] == "5.33.63.160"`.
 */

export interface ParserResult {
  /** Position in that parser's result list (the events that parser was run on, in order). */
  index: number;
  success?: boolean;
  /** `Parsed.message`, `Meta.source_ip`, `Unmarshaled.iptables.SRC`, … → expected string value. */
  fields: Map<string, string>;
}

const ASSERT_LINE = /^results\["s01-parse"\]\["([^"]+)"\]\[(\d+)\]\.(.+)$/;
const SUCCESS = /^Success == (true|false)$/;
const FIELD = /^Evt\.(Parsed|Meta|Unmarshaled)((?:\["[^"]*"\])+) == "(.*)"$/;
const KEYS = /\["([^"]*)"\]/g;

/** Go `strconv.Quote` body → string (the hub writes expectations with Go escapes, e.g. `\x00`, `\"`). */
export function unquoteGo(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, esc: string) => {
    const head = esc[0];
    if (head === 'x' || head === 'u' || head === 'U') return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]{3}$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
    return simple[esc] ?? esc;
  });
}

/** The s01-parse results of one parser (e.g. `crowdsecurity/sshd-logs`), by index. */
export function readParserResults(assertFile: string, parser: string): ParserResult[] {
  const byIndex = new Map<number, ParserResult>();
  for (const line of readFileSync(assertFile, 'utf8').split('\n')) {
    const m = ASSERT_LINE.exec(line.trim());
    if (m === null || m[1] !== parser) continue;
    const index = Number(m[2]);
    const entry = byIndex.get(index) ?? { index, fields: new Map<string, string>() };
    byIndex.set(index, entry);
    const rest = m[3] ?? '';
    const success = SUCCESS.exec(rest);
    if (success !== null) {
      entry.success = success[1] === 'true';
      continue;
    }
    const field = FIELD.exec(rest);
    if (field === null) continue;
    const keys = [...(field[2] ?? '').matchAll(KEYS)].map((k) => k[1] ?? '');
    entry.fields.set([field[1], ...keys].join('.'), unquoteGo(field[3] ?? ''));
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** Which parsers ran in s01-parse for this test (`crowdsecurity/sshd-logs`, …). */
export function parsersIn(assertFile: string): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(assertFile, 'utf8').split('\n')) {
    const m = ASSERT_LINE.exec(line.trim());
    if (m?.[1] !== undefined) out.add(m[1]);
  }
  return out;
}

export interface Located {
  result: ParserResult;
  /** 1-based line number in the log file. */
  line: number;
  /** How the line was found: by its asserted `Parsed.message`, or by position (no message asserted). */
  via: 'message' | 'position';
}

/**
 * Maps each result to its input line. CrowdSec feeds the non-empty lines in order, and a parser's result list
 * holds the events that parser was run on, so entry N is the N-th line that reached it. Every earlier parser
 * of the stage that succeeded takes a line away from the later ones (unifi: iptables then sshd), so we align
 * forward on the asserted `Parsed.message` (a substring of its line) and fall back to position only when
 * no message is asserted.
 */
export function locate(results: readonly ParserResult[], lines: readonly string[]): Located[] {
  const candidates = lines.map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '');
  const out: Located[] = [];
  let cursor = 0;
  for (const result of results) {
    const message = result.fields.get('Parsed.message');
    if (message !== undefined && message !== '') {
      const found = candidates.findIndex((c, i) => i >= cursor && c.text.includes(message.trimEnd()));
      if (found >= 0) {
        const hit = candidates[found];
        if (hit !== undefined) out.push({ result, line: hit.line, via: 'message' });
        cursor = found + 1;
        continue;
      }
    }
    const byPosition = candidates[result.index];
    if (byPosition !== undefined) {
      out.push({ result, line: byPosition.line, via: 'position' });
      cursor = Math.max(cursor, result.index + 1);
    }
  }
  return out;
}
