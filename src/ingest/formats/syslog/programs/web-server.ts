import { parseErrorLine } from '../../apache-error.ts';
import { parseAccessLine } from '../../web-access.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';

/**
 * Web servers logging to syslog (nginx `access_log syslog:…`, Apache `CustomLog "|logger"`): the message is an
 * NCSA access line, read by the web-access format, so web detections see these requests as well; an error line
 * (nginx's `yyyy/mm/dd hh:mm:ss [level] pid#tid: …, client: …, request: "…"`, pfSense's GUI among others) is read
 * by the error log format. Other messages keep the syslog fields.
 */

const PROGRAMS = ['nginx', 'apache', 'apache2', 'httpd', 'tomcat'];

function decode({ message, header }: DecodeInput): Decoded | undefined {
  const outcome = message.includes('] "') ? parseAccessLine(message) : parseErrorLine(message);
  const draft = outcome.kind === 'events' ? outcome.drafts[0] : undefined;
  if (draft === undefined) return undefined;
  const decoded: Decoded = { fields: draft.fields, dataset: draft.dataset };
  // A line whose syslog header a log store kept apart (`nginx: 1.2.3.4 - - [23/Nov/2024:10:00:02 +0000] …`) has the
  // request's own time only; under a header the header's time stays the event's, as it always was.
  if (header.time === undefined && typeof draft.time === 'string') decoded.time = draft.time;
  return decoded;
}

export const webServerDecoder: ProgramDecoder = {
  programs: PROGRAMS,
  dataset: () => undefined,
  decode,
};
