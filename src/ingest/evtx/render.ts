import type { XmlElement, XmlNode } from './binxml.ts';
import { setOwn } from '../values.ts';
import { isEmptyValue, isNumeric, valueText } from './values.ts';

/**
 * An event's XML tree as JSON in the form evtx_dump writes (`{"Event":{"#attributes":…,"System":…,"EventData":…}}`):
 * an element with only text is its value (a number when it is one integer or boolean value), an empty one is
 * null, attributes go under `#attributes` and text beside them under `#text`, repeated names get `_1`, `_2`…,
 * and `<Data Name="X">v</Data>` in `EventData`/`UserData` becomes `"X": v` (unnamed ones `"Data":{"#text":[…]}`).
 * The Windows reader takes this form as it takes the same events exported as JSON.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const isElement = (node: XmlNode): node is XmlElement => node.kind === 'element';

function hasText(nodes: readonly XmlNode[]): boolean {
  return nodes.some((n) => (n.kind === 'text' ? n.text !== '' : n.kind === 'value' && !isEmptyValue(n.value)));
}

/** Content as a JSON value: one numeric value as a number or boolean, else the text of every piece. */
function contentValue(nodes: readonly XmlNode[]): Json {
  const pieces = nodes.filter((n) => !isElement(n) && !(n.kind === 'value' && isEmptyValue(n.value)) && !(n.kind === 'text' && n.text === ''));
  const only = pieces.length === 1 ? pieces[0] : undefined;
  if (only?.kind === 'value' && isNumeric(only.value)) return only.value.value as number | boolean;
  return pieces.map((n) => (n.kind === 'text' ? n.text : n.kind === 'value' ? valueText(n.value) : '')).join('');
}

/** Content as text (a `Name` attribute as a key). */
function textOf(nodes: readonly XmlNode[]): string {
  const value = contentValue(nodes);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function attributesObject(element: XmlElement): { [key: string]: Json } | undefined {
  let out: { [key: string]: Json } | undefined;
  for (const attribute of element.attributes) {
    if (!hasText(attribute.value)) continue;
    out ??= {};
    setOwn(out, attribute.name, contentValue(attribute.value));
  }
  return out;
}

const isDataContainer = (name: string) => name === 'EventData' || name === 'UserData';

function nameAttribute(element: XmlElement): XmlNode[] | undefined {
  return element.attributes.find((a) => a.name === 'Name')?.value;
}

function dataValue(element: XmlElement): Json {
  const hasChild = element.children.some(isElement);
  if (hasChild) return body(element, false);
  return hasText(element.children) ? contentValue(element.children) : '';
}

function body(element: XmlElement, dataContainer: boolean): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  const attributes = attributesObject(element);
  if (attributes !== undefined) out['#attributes'] = attributes;
  if (hasText(element.children)) out['#text'] = contentValue(element.children);
  const children = element.children.filter(isElement);
  const data = dataContainer ? children.filter((c) => c.name === 'Data') : [];
  const named = data.some((d) => hasText(nameAttribute(d) ?? []));
  if (data.length > 0 && !named) out['Data'] = { '#text': data.length === 1 ? dataValue(data[0]!) : data.map(dataValue) };
  const seen = new Map<string, number>();
  for (const child of children) {
    if (dataContainer && child.name === 'Data') {
      const name = named ? nameAttribute(child) : undefined;
      if (name !== undefined && hasText(name)) setOwn(out, textOf(name), dataValue(child));
      continue;
    }
    const count = seen.get(child.name) ?? 0;
    seen.set(child.name, count + 1);
    setOwn(out, count === 0 ? child.name : `${child.name}_${String(count)}`, elementValue(child));
  }
  return out;
}

function elementValue(element: XmlElement): Json {
  const hasChild = element.children.some(isElement);
  const text = hasText(element.children);
  const attributes = element.attributes.some((a) => hasText(a.value));
  if (!hasChild && !text && !attributes) return null;
  if (!hasChild && !attributes) return contentValue(element.children);
  return body(element, isDataContainer(element.name));
}

/** The JSON of a record's tree: its root element (normally `Event`) under its name. */
export function recordJson(nodes: readonly XmlNode[]): { [key: string]: Json } | undefined {
  const root = nodes.find(isElement);
  if (root === undefined) return undefined;
  const out: { [key: string]: Json } = {};
  setOwn(out, root.name, elementValue(root));
  return out;
}
