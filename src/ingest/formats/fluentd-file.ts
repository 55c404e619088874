import { META, defineFormat, events, isObject, reject, sniffLines, type Envelope, type FormatParser, type ParserContext, type RawRecord } from '../format.ts';
import { setOwn, str } from '../values.ts';
import { mapRecord } from './aliases.ts';
import { recordLabels } from './cloud/record.ts';
import { shippedEnvelope } from './shipped.ts';

/**
 * Fluentd's `out_file` (and Fluent Bit's `file` output in its `out_file` format): `<time>\t<tag>\t<record JSON>` per
 * line, the time ISO 8601 with its zone (`2024-11-23T10:00:01+0000`). The record is what the input made of a line:
 * a syslog message taken apart (`ident`, `pid`, `host`, `message`) or a container's (`log`, `kubernetes`), read as
 * shipped JSON is (shipped.ts); a line kept whole (`message`, `log`) read by the format of its log, sniffed per tag;
 * else the record itself, by the JSON formats. Fluentd's time stands in for a line's own when that is not an instant;
 * the tag and the record's other fields are labels.
 */

const LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2}))\t([^\t]{1,256})\t(\{.*\})\s*$/;

interface FluentdLine {
  time: string;
  tag: string;
  json: string;
  record: Record<string, unknown>;
}

function fluentdLine(text: string): FluentdLine | undefined {
  const m = LINE.exec(text);
  if (m === null) return undefined;
  try {
    const record: unknown = JSON.parse(m[3]!);
    return isObject(record) ? { time: m[1]!, tag: m[2]!, json: m[3]!, record } : undefined;
  } catch {
    return undefined;
  }
}

export function fluentdEnvelope(raw: RawRecord): Envelope | undefined {
  const line = fluentdLine(raw.text);
  if (line === undefined) return undefined;
  const { time, tag, json, record } = line;
  const shipped = shippedEnvelope({ text: json, line: raw.line, offset: raw.offset, value: record });
  if (shipped !== undefined) return { ...shipped, key: shipped.key === '' ? tag : shipped.key, time: shipped.time ?? time, labels: { ...shipped.labels, 'fluentd.tag': tag } };
  const lineKey = typeof record.message === 'string' ? 'message' : typeof record.log === 'string' ? 'log' : undefined;
  const kept = lineKey === undefined ? undefined : str(record[lineKey]);
  const labels: Record<string, string> = { 'fluentd.tag': tag };
  if (kept === undefined) return { text: json, value: record, key: tag, labels, time };
  const own = recordLabels(record, new Set([lineKey!]));
  if (own !== undefined) for (const [path, value] of Object.entries(own)) setOwn(labels, path, value);
  return { text: kept.replace(/\r?\n$/, ''), key: tag, labels, time };
}

/** A record no format reads: through the alias table, Fluentd's time and tag beside it. */
function createParser(ctx: ParserContext): FormatParser {
  return {
    parse(raw) {
      if (raw.text.trim() === '') return META;
      const line = fluentdLine(raw.text);
      if (line === undefined) return reject('not a Fluentd out_file line (time, tag and a JSON record, tab-separated)');
      const draft = mapRecord(line.record, { mapping: ctx.mapping, dataset: line.tag });
      draft.fallbackTime = line.time;
      draft.time ??= line.time;
      const labels = (draft.fields.labels ??= {});
      if (!Object.hasOwn(labels, 'fluentd.tag')) labels['fluentd.tag'] = line.tag;
      return events(draft);
    },
  };
}

export const fluentdFileFormat = defineFormat({
  id: 'fluentd-file',
  title: "Fluentd's out_file output",
  description:
    "Fluentd's (and Fluent Bit's) file output, time<TAB>tag<TAB>record JSON per line: each record's line read by the format " +
    "of its log (sniffed per tag), syslog and container records as shipped JSON, with Fluentd's time and tag",
  framing: 'lines',
  sniff: sniffLines((text) => fluentdLine(text) !== undefined),
  createParser,
  envelope: fluentdEnvelope,
  logsources: [],
});
