import type { VigilEvent } from '../../schema/event.ts';
import type { FieldGetter, FieldValue } from '../types.ts';
import { perEvent } from './read.ts';

/**
 * What keyword (field-less) detections search: the original record, as Sigma backends search the raw
 * event. Two additions where the original hides text behind an encoding:
 *  - the message, when the original does not hold it verbatim (JSON records escape `\` and quotes;
 *    CEF unescapes `\=`), so `'C:\Windows\Temp'` matches what the record says;
 *  - the EventData values of Windows records, unescaped (the record itself is JSON).
 * Built once per event, however many keyword rules ask.
 */
function keywordText(event: VigilEvent): FieldValue {
  const original = event.event.original;
  const message = event.message;
  const extra = message !== undefined && message !== '' && !original.includes(message) ? message : undefined;
  const data = event.winlog?.event_data;
  if (data === undefined) return extra === undefined ? original : [original, extra];
  const texts = [original];
  if (extra !== undefined) texts.push(extra);
  for (const key in data) {
    const value = data[key];
    if (value !== undefined && value !== '') texts.push(value);
  }
  return texts;
}

export const keywordGetter: FieldGetter = perEvent(keywordText);
