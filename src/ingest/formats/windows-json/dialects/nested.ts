import { isObject } from '../../../format.ts';
import { setOwn } from '../../../values.ts';
import { addScalars, auditOutcome, eventIdOf, scalarText, text, xmlAttr, type WinRecord } from '../record.ts';

/**
 * The event XML converted to JSON: `{"Event":{"System":{…},"EventData":{…}}}` as written by evtx_dump
 * (`#attributes`), xmltodict (`@Name`, `#text`) and similar tools; the `Event` wrapper may be missing.
 */
function eventOf(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const event = isObject(value['Event']) ? value['Event'] : value;
  return isObject(event['System']) ? event : undefined;
}

export function isNestedEvent(value: Record<string, unknown>): boolean {
  const event = eventOf(value);
  return event !== undefined && isObject(event['System']) && event['System']['EventID'] !== undefined;
}

/** One `<Data Name="…">value</Data>` element, or an unnamed one (`param<n>`). */
function addDataElement(out: Record<string, string>, element: unknown, index: number): void {
  if (isObject(element)) {
    const name = xmlAttr(element, 'Name');
    const value = scalarText(element['#text'] ?? element['value'] ?? element['Value']) ?? '';
    if (name !== undefined && name !== '') setOwn(out, name, value);
    else if (value !== '') out[`param${index + 1}`] = value;
    return;
  }
  const value = scalarText(element);
  if (value !== undefined) out[`param${index + 1}`] = value;
}

function readEventData(eventData: unknown, out: Record<string, string>): void {
  if (!isObject(eventData)) {
    const value = scalarText(eventData);
    if (value !== undefined && value !== '') out['param1'] = value;
    return;
  }
  const { Data: data, ...rest } = eventData;
  if (data !== undefined) {
    const textList = isObject(data) && Array.isArray(data['#text']) ? data['#text'] : undefined;
    const elements: unknown[] = textList ?? (Array.isArray(data) ? data : [data]);
    elements.forEach((element, index) => addDataElement(out, element, index));
  }
  addScalars(out, rest);
}

function readData(event: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {};
  readEventData(event['EventData'], data);
  if (isObject(event['UserData'])) addScalars(data, event['UserData'], true);
  return data;
}

function messageOf(value: Record<string, unknown>, event: Record<string, unknown>): string | undefined {
  const rendering = event['RenderingInfo'];
  if (isObject(rendering)) return text(rendering['Message']);
  return text(value['Message'] ?? value['message']);
}

/**
 * An attribute of a System element: on the element (`#attributes`, `@Name`) or, as the evtx crate writes it with
 * separate attributes (Chainsaw, `evtx_dump --separate-json-attributes`), on `<element>_attributes`.
 */
function systemAttr(system: Record<string, unknown>, element: string, name: string): string | undefined {
  const own = text(xmlAttr(system[element], name));
  if (own !== undefined) return own;
  const separate = system[`${element}_attributes`];
  return isObject(separate) ? text(separate[name]) : undefined;
}

export function readNestedEvent(value: Record<string, unknown>): WinRecord | undefined {
  const event = eventOf(value);
  if (event === undefined || !isObject(event['System'])) return undefined;
  const system = event['System'];
  const eventId = eventIdOf(system['EventID']);
  if (eventId === undefined) return undefined;
  const created = system['TimeCreated'];
  return {
    eventId,
    channel: text(system['Channel']),
    provider: systemAttr(system, 'Provider', 'Name') ?? systemAttr(system, 'Provider', 'EventSourceName'),
    computer: text(system['Computer']),
    recordId: text(system['EventRecordID']),
    time: text(isObject(created) ? xmlAttr(created, 'SystemTime') : created) ?? systemAttr(system, 'TimeCreated', 'SystemTime'),
    message: messageOf(value, event),
    data: readData(event),
    audit: auditOutcome(system['Keywords']),
    systemUserId: systemAttr(system, 'Security', 'UserID'),
  };
}
