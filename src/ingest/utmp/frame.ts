import type { JsonRecord } from '../framing/json.ts';
import { UTMP_RECORD_SIZE, decodeUtmp, plausibleUtmp } from './record.ts';

/**
 * utmp framing: wtmp, btmp and utmp files (`/var/log/wtmp`, `/var/log/btmp`, `/run/utmp`), fixed-size records
 * read as a stream, each given as its fields (record.ts) and their JSON as its text. A record's `line` is
 * its number in the file, `offset` its byte offset. A record that is not one (damage) is a record error; a
 * truncated last record is reported.
 */

/** Records looked at to recognise a utmp file: up to 64, and at least one used slot among them. */
const SNIFF_RECORDS = 64;

/**
 * A utmp file when nearly all of its first records are plausible (a damaged one in five is allowed: damage is then
 * reported record by record) and some are used (a file of zeros is not a log).
 */
export function isUtmp(head: Buffer): boolean {
  const count = Math.min(Math.floor(head.length / UTMP_RECORD_SIZE), SNIFF_RECORDS);
  let used = 0;
  let bad = 0;
  for (let i = 0; i < count; i++) {
    const at = i * UTMP_RECORD_SIZE;
    if (!plausibleUtmp(head, at)) bad++;
    else if (head.readInt32LE(at) !== 0) used++;
  }
  return used > 0 && bad * 5 <= count;
}

export async function* frameUtmp(chunks: AsyncIterable<Buffer>): AsyncGenerator<JsonRecord[]> {
  let pending = Buffer.alloc(0);
  let offset = 0;
  let index = 0;
  for await (const chunk of chunks) {
    const buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const whole = Math.floor(buf.length / UTMP_RECORD_SIZE) * UTMP_RECORD_SIZE;
    const out: JsonRecord[] = [];
    for (let at = 0; at < whole; at += UTMP_RECORD_SIZE) {
      index++;
      if (!plausibleUtmp(buf, at)) {
        out.push({ text: '', line: index, offset, error: `not a utmp record (type ${String(buf.readInt32LE(at))}, or a time or text out of range)` });
      } else {
        const value = decodeUtmp(buf, at);
        out.push({ text: JSON.stringify(value), line: index, offset, value });
      }
      offset += UTMP_RECORD_SIZE;
    }
    pending = Buffer.from(buf.subarray(whole));
    if (out.length > 0) yield out;
  }
  if (pending.length > 0) yield [{ text: '', line: index + 1, offset, error: `truncated utmp record: ${String(pending.length)} of ${String(UTMP_RECORD_SIZE)} bytes` }];
}
