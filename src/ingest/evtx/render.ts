import { instantiate, type TemplateInstance, type XmlElement, type XmlNode } from './binxml.ts';
import { setOwn } from '../values.ts';
import { isEmptyValue, isNumeric, valueText, type EvtxValue } from './values.ts';

/**
 * An event's XML tree as JSON in the form evtx_dump writes (`{"Event":{"#attributes":…,"System":…,"EventData":…}}`):
 * an element with only text is its value (a number when it is one integer or boolean value), an empty one is
 * null, attributes go under `#attributes` and text beside them under `#text`, repeated names get `_1`, `_2`…,
 * and `<Data Name="X">v</Data>` in `EventData`/`UserData` becomes `"X": v` (unnamed ones `"Data":{"#text":[…]}`).
 * The Windows reader takes this form as it takes the same events exported as JSON.
 *
 * A tree is first turned into a plan (what does not depend on substitution values: names, keys of repeated
 * elements, which children are `Data`), once per template and chunk; each record then renders its template's
 * plan with its own values, without building its tree.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Values of a template instance's substitutions, by index (undefined where the instance has none). */
export type SubstitutionValues = readonly (EvtxValue | undefined)[];

/** Text or a value among an element's or attribute's content (elements are planned apart). */
type Piece = Exclude<XmlNode, XmlElement>;

interface ElementPlan {
  name: string;
  attributes: { name: string; content: Piece[] }[];
  content: Piece[];
  children: ElementPlan[];
  /** Each child's key outside a data container: its name, `_1`, `_2`… for repeats. */
  keys: string[];
  /** The same inside a data container, where `Data` children are keyed by their `Name` and not counted. */
  dataKeys: string[];
  /** Whether this is `EventData` or `UserData`. */
  dataContainer: boolean;
  /** The content of the first `Name` attribute, for a `Data` element. */
  nameAttribute: Piece[] | undefined;
}

const isElement = (node: XmlNode): node is XmlElement => node.kind === 'element';
const isDataContainer = (name: string) => name === 'EventData' || name === 'UserData';

function pieces(nodes: readonly XmlNode[]): Piece[] {
  const out: Piece[] = [];
  for (const node of nodes) if (node.kind !== 'element' && !(node.kind === 'text' && node.text === '')) out.push(node);
  return out;
}

function repeatKeys(children: readonly ElementPlan[], skipData: boolean): string[] {
  const keys: string[] = [];
  let seen: Map<string, number> | undefined;
  for (const child of children) {
    if (skipData && child.name === 'Data') {
      keys.push('');
      continue;
    }
    const count = seen?.get(child.name) ?? 0;
    (seen ??= new Map()).set(child.name, count + 1);
    keys.push(count === 0 ? child.name : `${child.name}_${String(count)}`);
  }
  return keys;
}

function planElement(element: XmlElement): ElementPlan {
  const children: ElementPlan[] = [];
  for (const child of element.children) if (child.kind === 'element') children.push(planElement(child));
  const dataContainer = isDataContainer(element.name);
  let nameAttribute: Piece[] | undefined;
  const attributes: ElementPlan['attributes'] = [];
  for (const attribute of element.attributes) {
    const content = pieces(attribute.value);
    if (attribute.name === 'Name') nameAttribute ??= content;
    attributes.push({ name: attribute.name, content });
  }
  return {
    name: element.name,
    attributes,
    content: pieces(element.children),
    children,
    keys: repeatKeys(children, false),
    dataKeys: dataContainer ? repeatKeys(children, true) : [],
    dataContainer,
    nameAttribute,
  };
}

type RecordPlan = ElementPlan;

/** A tree's plan: its first element (normally `Event`), or undefined when it has none. */
export function planOf(nodes: readonly XmlNode[]): RecordPlan | undefined {
  const root = nodes.find(isElement);
  return root === undefined ? undefined : planElement(root);
}

/** A piece's value: undefined when it stands for nothing (an empty or null value, an optional one left out). */
function resolve(piece: Piece, values: SubstitutionValues): EvtxValue | string | undefined {
  if (piece.kind === 'text') return piece.text;
  let value: EvtxValue | undefined;
  if (piece.kind === 'value') value = piece.value;
  else if (!(piece.optional && piece.nullType)) value = values[piece.index];
  return value === undefined || isEmptyValue(value) ? undefined : value;
}

/** Content as a JSON value (one numeric value as a number or boolean, else its text), undefined when empty. */
function contentValue(content: readonly Piece[], values: SubstitutionValues): Json | undefined {
  let count = 0;
  let only: EvtxValue | string | undefined;
  let text = '';
  for (const piece of content) {
    const value = resolve(piece, values);
    if (value === undefined) continue;
    count++;
    only = value;
    text += typeof value === 'string' ? value : valueText(value);
  }
  if (count === 0) return undefined;
  if (count === 1 && typeof only === 'object' && isNumeric(only)) return only.value as number | boolean;
  return text;
}

function attributesObject(plan: ElementPlan, values: SubstitutionValues): { [key: string]: Json } | undefined {
  let out: { [key: string]: Json } | undefined;
  for (const attribute of plan.attributes) {
    const value = contentValue(attribute.content, values);
    if (value === undefined) continue;
    out ??= {};
    setOwn(out, attribute.name, value);
  }
  return out;
}

function dataName(plan: ElementPlan, values: SubstitutionValues): string | undefined {
  const name = plan.nameAttribute === undefined ? undefined : contentValue(plan.nameAttribute, values);
  return name === undefined || typeof name === 'string' ? name : JSON.stringify(name);
}

function dataValue(plan: ElementPlan, values: SubstitutionValues): Json {
  if (plan.children.length > 0) return body(plan, values, false, attributesObject(plan, values), contentValue(plan.content, values));
  return contentValue(plan.content, values) ?? '';
}

function body(plan: ElementPlan, values: SubstitutionValues, dataContainer: boolean, attributes: { [key: string]: Json } | undefined, text: Json | undefined): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  if (attributes !== undefined) out['#attributes'] = attributes;
  if (text !== undefined) out['#text'] = text;
  const { children } = plan;
  let named = false;
  if (dataContainer) {
    let data: ElementPlan[] | undefined;
    for (const child of children) {
      if (child.name !== 'Data') continue;
      (data ??= []).push(child);
      if (!named && dataName(child, values) !== undefined) named = true;
    }
    if (data !== undefined && !named) out['Data'] = { '#text': data.length === 1 ? dataValue(data[0]!, values) : data.map((d) => dataValue(d, values)) };
  }
  const keys = dataContainer ? plan.dataKeys : plan.keys;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (dataContainer && child.name === 'Data') {
      const name = named ? dataName(child, values) : undefined;
      if (name !== undefined) setOwn(out, name, dataValue(child, values));
      continue;
    }
    setOwn(out, keys[i]!, elementValue(child, values));
  }
  return out;
}

function elementValue(plan: ElementPlan, values: SubstitutionValues): Json {
  const text = contentValue(plan.content, values);
  const attributes = attributesObject(plan, values);
  const hasChild = plan.children.length > 0;
  if (!hasChild && attributes === undefined) return text ?? null;
  return body(plan, values, plan.dataContainer, attributes, text);
}

/** The JSON of a record: its plan's root element under its name, rendered with the record's values. */
export function renderPlan(plan: RecordPlan, values: SubstitutionValues): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  setOwn(out, plan.name, elementValue(plan, values));
  return out;
}

/** The JSON of a record's tree (no substitutions left in it): its root element (normally `Event`) under its name. */
export function treeJson(nodes: readonly XmlNode[]): { [key: string]: Json } | undefined {
  const plan = planOf(nodes);
  return plan === undefined ? undefined : renderPlan(plan, []);
}

const scalarOnly = (values: TemplateInstance['values']): values is EvtxValue[] => !values.some((v) => Array.isArray(v));

/** Plans by template definition (a definition is parsed once per chunk; the map forgets it with its chunk). */
const plans = new WeakMap<readonly XmlNode[], RecordPlan | null>();

/**
 * The JSON of a record as read: a template instance renders its template's plan with its values; one with a
 * BinXML value (elements of its own in place of a placeholder) or a record of plain nodes renders its tree.
 */
export function recordJson(record: TemplateInstance | XmlNode[]): { [key: string]: Json } | undefined {
  if (Array.isArray(record)) return treeJson(record);
  const { nodes, values } = record;
  if (!scalarOnly(values)) return treeJson(instantiate(nodes, values));
  let plan = plans.get(nodes);
  if (plan === undefined) {
    plan = planOf(nodes) ?? null;
    plans.set(nodes, plan);
  }
  return plan === null ? undefined : renderPlan(plan, values);
}
