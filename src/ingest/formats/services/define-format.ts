import type { EventFields } from '../../../schema/event.ts';
import { META, defineFormat, events, lineFormatScore, reject, stateless, type FormatDefinition, type LogSource, type Sample } from '../../format.ts';
import { compactOwned } from '../../values.ts';
import { parseHeader } from '../syslog/header.ts';
import { labelsOf, mergeFields } from '../syslog/util.ts';
import type { ServiceDecoder, ServiceLine } from './login.ts';

/**
 * A service's own log file (vsftpd.log, MySQL's error log, SQL Server's ERRORLOG…) as a line format: `split`
 * cuts each line into time and message, the service's decoder reads the message. Lines that syslog reads with a
 * program tag are syslog's (the syslog format decodes the same services by program name).
 */

export interface ServiceFormatOptions {
  id: string;
  title: string;
  description: string;
  decoder: ServiceDecoder;
  split: (line: string) => ServiceLine | undefined;
  /** The fields of a split line; the decoder's reading of its message by default. */
  decode?: (line: ServiceLine) => EventFields | undefined;
  /**
   * For layouts any log could have (a time, then text): a message only this service writes. The file must
   * hold at least one such line among its first lines to be taken for this service's log.
   */
  signature?: RegExp;
  /** Lines that carry no event of their own (Samba's debug header before each message). */
  meta?: RegExp;
  logsources?: LogSource[];
}

/** A `split` for lines that are a time and then the message: the pattern's first group is the time, its second the message. */
export function timeThenMessage(pattern: RegExp): (line: string) => ServiceLine | undefined {
  return (line) => {
    const m = pattern.exec(line);
    return m === null ? undefined : { time: m[1], message: m[2] ?? '' };
  };
}

function sniffer(options: ServiceFormatOptions): (sample: Sample) => number {
  return (sample) => {
    if (sample.lines.length === 0) return 0;
    let split = 0;
    let signed = 0;
    for (const line of sample.lines) {
      if (options.meta?.test(line) === true) {
        split++;
        continue;
      }
      const parts = options.split(line);
      if (parts === undefined || parseHeader(line)?.program !== undefined) continue;
      split++;
      if (options.signature?.test(parts.message) === true) signed++;
    }
    if (options.signature !== undefined && signed === 0) return 0;
    return lineFormatScore(split / sample.lines.length);
  };
}

export function defineServiceFormat(options: ServiceFormatOptions): FormatDefinition {
  const { decoder } = options;
  const decode = options.decode ?? ((line: ServiceLine) => decoder.decode(line.message));
  const notOurs = `not a ${options.title} line`;
  return defineFormat({
    id: options.id,
    title: options.title,
    description: options.description,
    framing: 'lines',
    sniff: sniffer(options),
    createParser: stateless((record) => {
      const line = options.split(record.text);
      if (line === undefined) return options.meta?.test(record.text) === true ? META : reject(notOurs);
      const base: EventFields = {
        message: line.message,
        event: { provider: decoder.service },
        process: line.pid === undefined ? undefined : { pid: line.pid },
        labels: line.labels === undefined ? undefined : labelsOf(line.labels),
      };
      if (line.fields !== undefined) mergeFields(base, line.fields);
      const decoded = decode(line);
      if (decoded !== undefined) mergeFields(base, decoded);
      return events({ time: line.time, dataset: decoder.service, fields: compactOwned(base) });
    }),
    logsources: options.logsources ?? [{ product: 'linux', service: decoder.service }, { category: 'authentication' }],
  });
}
