import { defineFormat, reject, stateless, type Sample } from '../format.ts';
import { parseEventXmlJson, windowsJsonFormat } from './windows-json/index.ts';

/**
 * Windows events as XML text: Event Viewer's "Save as XML" and copied XML views, `wevtutil qe /f:xml`,
 * `Get-WinEvent … ToXml()`, the XML a SIEM's Windows agent forwards. Framed by event, not by line
 * (framing/xml-events.ts), and read through the JSON of each event as EVTX records are, so the fields and
 * Sigma mapping are those of the Windows reader; the stored original is the event's XML.
 */

/** The sample opens with markup (a `- ` of a copied XML view aside) and holds an event with its System block. */
function looksLikeEventXml(sample: Sample): boolean {
  const first = sample.lines.find((line) => line.trim() !== '');
  if (first?.trimStart().replace(/^-\s*/, '').startsWith('<') !== true) return false;
  return sample.lines.some((line) => /<Event[\s>]/.test(line)) && sample.lines.some((line) => /<System[\s>]/.test(line));
}

export const windowsXmlFormat = defineFormat({
  id: 'windows-xml',
  title: 'Windows event log (XML)',
  description:
    'Windows events as XML (<Event><System>…</System><EventData>…</EventData></Event>): Event Viewer exports, ' +
    'wevtutil /f:xml, Get-WinEvent ToXml(), one or many events per line or pretty-printed; read as the Windows ' +
    'JSON reader reads the same events.',
  framing: 'xml',
  sniff: (sample) => (looksLikeEventXml(sample) ? 0.95 : 0),
  createParser: stateless((record) => (record.value === undefined ? reject('not a Windows event') : parseEventXmlJson(record.value))),
  logsources: windowsJsonFormat.logsources,
});
