import { META, defineFormat, events, lineShare, reject, type Draft, type FormatParser, type ParseOutcome, type ParserContext, type RawRecord, type Sample } from '../format.ts';
import { mapRecord } from './aliases.ts';
import { findTimestamp } from './aliases/time.ts';
import { kvPairs } from './kv/pairs.ts';
import { withLoginClaim } from './login-text.ts';

/**
 * Applications that log `key=value` pairs (logfmt: Go's logrus and slog, Grafana, Authelia, Miniflux, Traefik;
 * Keycloak's events; endlessh), whole lines or after a prefix. The pairs are read
 * through the field alias table, like a flat JSON object; a line's time is its time key, else the first
 * timestamp of its prefix. A message that tells of a login (`Invalid username or password`) makes the event a
 * login attempt. Lines of the file without pairs are kept with their text and time.
 */

/** Pairs a line needs to count as a key=value line when sniffing: fewer is prose with an `=` in it. */
const SNIFF_PAIRS = 3;
/** Below every specific line format (0.5 and up) and CSV with a known column (0.3), above plain text. */
const SNIFF_SCORE = 0.28;
const MIN_SHARE = 0.3;
const SCAN_LIMIT = 1024;

function isKvLine(line: string): boolean {
  return !line.startsWith('{') && kvPairs(line).count >= SNIFF_PAIRS;
}

function sniff(sample: Sample): number {
  const share = lineShare(sample, isKvLine);
  return share < MIN_SHARE ? 0 : SNIFF_SCORE * share;
}

function parseLine(record: RawRecord, ctx: ParserContext): ParseOutcome {
  const line = record.text;
  // A JSON document among the pairs (logrus switched to JSON): the generic JSON format reads it.
  if (line.startsWith('{')) return reject('a JSON line');
  const pairs = kvPairs(line);
  const draft: Draft = mapRecord(pairs.values, { mapping: ctx.mapping, dataset: 'kv' });
  if (draft.time === undefined) {
    const prefix = line.slice(0, Math.min(pairs.first, SCAN_LIMIT));
    const time = findTimestamp(prefix);
    if (time !== undefined) draft.time = time.text;
  }
  draft.fields.message ??= line;
  // The whole line: `authentication failure; rhost=… msg=account disabled` says it outside its message key.
  draft.fields = withLoginClaim(draft.fields, line);
  return events(draft);
}

function createParser(ctx: ParserContext): FormatParser {
  return { parse: (record) => (record.text.trim() === '' ? META : parseLine(record, ctx)) };
}

export const kvFormat = defineFormat({
  id: 'kv',
  title: 'Key=value (logfmt)',
  description:
    'Lines of key=value pairs (logfmt and the like, alone or after a time and level), fields found by common aliases; ' +
    'login attempts told in the message (failed or successful) become authentication events',
  framing: 'lines',
  sniff,
  createParser,
  logsources: [],
});
