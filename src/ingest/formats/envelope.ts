import type { Draft, Envelope } from '../format.ts';
import { setOwn } from '../values.ts';

/**
 * What a wrapper (a Splunk export's row) says of a record, put on an event read from the record: its time when the
 * record's own is not an instant (a syslog line's has neither year nor zone) and the wrapper's is (a zone or an
 * epoch), its host for a record that names none, and its labels under the event's own.
 */

const ZONED_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const EPOCH_SECONDS = /^\d{9,10}(?:\.\d+)?$/;

/** The wrapper's time as a draft takes it, when it is unambiguous; undefined when it is not. */
function unambiguousTime(time: string): string | number | undefined {
  const trimmed = time.trim();
  if (EPOCH_SECONDS.test(trimmed)) return Number(trimmed);
  return ZONED_TIME.test(trimmed) ? trimmed : undefined;
}

/** True when a draft's own time needs nothing more to be an instant (an epoch, a zone, or UTC by its format). */
function isSure(draft: Draft): boolean {
  const own = draft.time;
  return draft.timeIsUtc === true || typeof own === 'number' || (own !== undefined && unambiguousTime(own) !== undefined);
}

export function applyEnvelope(draft: Draft, envelope: Envelope): void {
  if (envelope.time !== undefined && !isSure(draft)) {
    const time = unambiguousTime(envelope.time);
    if (time !== undefined) draft.time = time;
    else draft.time ??= envelope.time;
  }
  const fields = draft.fields;
  if (envelope.host !== undefined && fields.host?.name === undefined) fields.host = { ...fields.host, name: envelope.host };
  const labels = (fields.labels ??= {});
  for (const [key, value] of Object.entries(envelope.labels)) if (!Object.hasOwn(labels, key)) setOwn(labels, key, value);
}
