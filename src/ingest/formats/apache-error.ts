import { defineFormat, lineShare, reject, stateless, type ParseOutcome } from '../format.ts';
import { parseApacheErrorLine } from './web/apache-error-line.ts';
import { parseNginxErrorLine } from './web/nginx-error-line.ts';

/** Web server error logs: Apache httpd 2.2 and 2.4, and nginx (they share files behind reverse proxies). */

const NGINX_START = /^\d{4}\/\d{2}\/\d{2} /;

export function parseErrorLine(text: string): ParseOutcome {
  if (text.startsWith('[')) return parseApacheErrorLine(text);
  if (NGINX_START.test(text)) return parseNginxErrorLine(text);
  return reject('not an Apache or nginx error log line');
}

export const apacheErrorFormat = defineFormat({
  id: 'apache-error',
  title: 'Web server error log (Apache httpd, nginx)',
  description:
    'Apache httpd 2.2/2.4 error logs (`[time] [module:level] [pid] [client] AHxxxxx: message`) and nginx ' +
    'error logs (`yyyy/mm/dd HH:MM:SS [level] pid#tid: message, client: …`).',
  framing: 'lines',
  sniff: (sample) => lineShare(sample, (line) => parseErrorLine(line).kind === 'events'),
  createParser: stateless((record) => parseErrorLine(record.text)),
  // Sigma's Apache and nginx rules read the error log (`service: apache` / `service: nginx`).
  logsources: [{ service: 'apache' }, { service: 'nginx' }],
  lineFallback: true,
});
