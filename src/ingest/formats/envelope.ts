import type { Draft, Envelope } from '../format.ts';
import { setOwn } from '../values.ts';

/**
 * What a wrapper (a Splunk export's row, a shipper's document) says of a record, put on an event read from the
 * record: its time as the fallback normalisation takes when the record's own is not an instant (a syslog line names
 * neither year nor zone), its host for a record that names none, and its labels under the event's own.
 */

export function applyEnvelope(draft: Draft, envelope: Envelope): void {
  if (envelope.time !== undefined) draft.fallbackTime = envelope.time;
  const fields = draft.fields;
  if (envelope.host !== undefined && fields.host?.name === undefined) fields.host = { ...fields.host, name: envelope.host };
  const labels = (fields.labels ??= {});
  for (const [key, value] of Object.entries(envelope.labels)) if (!Object.hasOwn(labels, key)) setOwn(labels, key, value);
}
