import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ipOrDomain, jsonStringBody, str } from '../values.ts';
import { labelsOf, requestFields, statusOutcome } from './web/http.ts';

/**
 * The access log of Go services built on Gin (Gotify, and many self-hosted APIs), its default logger:
 * `[GIN] 2024/02/07 - 10:49:33 | 401 |  505.317µs |  10.1.2.3 | POST  "/client"`, in colour when written to a
 * terminal, followed on the same line by the errors the handlers attached. Gin writes the local time, without a zone.
 */

const LINE = /^\[GIN\] (\d{4})\/(\d{2})\/(\d{2}) - (\d{2}:\d{2}:\d{2}) \| *(\d{3}) *\| *([^|\s]{1,32}) *\| *([^|\s]{1,255}) *\| *([A-Z]{1,16}) +"((?:[^"\\]|\\.){0,8192})"(.*)$/;
/** The colour codes Gin writes around the status and the method on a terminal. */
const COLOUR = /\x1b\[[\d;]{0,16}m/g;

export function parseGinLine(raw: string): ParseOutcome {
  const text = raw.includes('\x1b') ? raw.replace(COLOUR, '') : raw;
  const m = LINE.exec(text);
  if (m === null) return reject('not a Gin access log line');
  const [, year, month, day, clock, statusText, latency, client = '', method = '', path = '', rest = ''] = m;
  const status = int(statusText);
  // Gin logs the decoded path (spaces and all) and its raw query: not a request line to split.
  const { url, http } = requestFields({ method, target: jsonStringBody(path) });
  const fields: EventFields = {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source: ipOrDomain(client),
    url,
    http: { ...http, response: { status_code: status } },
    labels: labelsOf({ latency, error: str(rest.trim()) }),
  };
  return events({ time: `${year ?? ''}-${month ?? ''}-${day ?? ''}T${clock ?? ''}`, dataset: 'gin.access', fields: compact(fields) });
}

export const ginAccessFormat = defineFormat({
  id: 'gin-access',
  title: 'Gin access log (Go web services)',
  description: "Gin's default request logger (`[GIN] yyyy/mm/dd - HH:MM:SS | status | latency | client | METHOD \"path\"`), with or without colours",
  framing: 'lines',
  sniff: sniffLines((line) => line.startsWith('[GIN] ') && parseGinLine(line).kind === 'events'),
  createParser: stateless((record) => parseGinLine(record.text)),
  logsources: [{ category: 'webserver' }],
  lineFallback: true,
});
