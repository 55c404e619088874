import { BINXML_TYPE, EvtxFormatError, NULL_TYPE, readSizedValue, utf16Text, type EvtxValue } from './values.ts';

/**
 * Windows binary XML, the encoding of EVTX records: a token stream whose element and attribute names live
 * elsewhere in the 64 KiB chunk (by offset), and whose records are mostly instances of templates defined once
 * per chunk and filled with typed substitution values. Parsed into a small tree (elements, attributes, values);
 * templates are parsed once per chunk and instantiated per record. Every offset is checked against the chunk:
 * a damaged record throws EvtxFormatError, caught per record by the reader.
 */

export interface XmlElement {
  kind: 'element';
  name: string;
  attributes: { name: string; value: XmlNode[] }[];
  children: XmlNode[];
}

export type XmlNode =
  | XmlElement
  | { kind: 'value'; value: EvtxValue }
  | { kind: 'text'; text: string }
  | { kind: 'substitution'; index: number; optional: boolean; nullType: boolean };

const END_OF_STREAM = 0x00;
const OPEN_START_ELEMENT = 0x01;
const CLOSE_START_ELEMENT = 0x02;
const CLOSE_EMPTY_ELEMENT = 0x03;
const END_ELEMENT = 0x04;
const VALUE = 0x05;
const ATTRIBUTE = 0x06;
const CDATA = 0x07;
const CHAR_REF = 0x08;
const ENTITY_REF = 0x09;
const PI_TARGET = 0x0a;
const PI_DATA = 0x0b;
const TEMPLATE_INSTANCE = 0x0c;
const NORMAL_SUBSTITUTION = 0x0d;
const OPTIONAL_SUBSTITUTION = 0x0e;
const FRAGMENT_HEADER = 0x0f;

const MAX_DEPTH = 64;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The state of one chunk: its bytes, and the names and templates read from it so far. */
export class ChunkContext {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, XmlNode[]>();

  constructor(readonly buf: Buffer) {}

  name(offset: number): string {
    let name = this.names.get(offset);
    if (name === undefined) {
      if (offset + 8 > this.buf.length) throw new EvtxFormatError(`name offset ${String(offset)} outside the chunk`);
      const chars = this.buf.readUInt16LE(offset + 6);
      if (offset + 8 + chars * 2 > this.buf.length) throw new EvtxFormatError(`name at ${String(offset)} runs past the chunk`);
      name = this.buf.toString('utf16le', offset + 8, offset + 8 + chars * 2);
      this.names.set(offset, name);
    }
    return name;
  }

  template(offset: number, depth: number): XmlNode[] {
    let nodes = this.templates.get(offset);
    if (nodes === undefined) {
      if (offset + 24 > this.buf.length) throw new EvtxFormatError(`template offset ${String(offset)} outside the chunk`);
      const size = this.buf.readUInt32LE(offset + 20);
      const reader = new TokenReader(this, offset + 24, Math.min(this.buf.length, offset + 24 + size), true, depth + 1);
      nodes = reader.fragment();
      this.templates.set(offset, nodes);
    }
    return nodes;
  }
}

/** Reads one token stream (a record's fragment, a template definition, or a BinXML substitution value). */
class TokenReader {
  private pos: number;

  constructor(
    private readonly chunk: ChunkContext,
    start: number,
    private readonly end: number,
    /** Template definitions write a dependency identifier in each element's header; other streams do not. */
    private readonly dependencyIds: boolean,
    private readonly depth: number,
  ) {
    this.pos = start;
    if (depth > MAX_DEPTH) throw new EvtxFormatError('binary XML nested too deep');
  }

  private get buf(): Buffer {
    return this.chunk.buf;
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.end) throw new EvtxFormatError(`binary XML ends early at ${String(this.pos)}`);
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  private u16(): number {
    this.need(2);
    const value = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return value;
  }

  private u32(): number {
    this.need(4);
    const value = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  /** A name reference: an offset, and the name itself right after it when it is defined here. */
  private nameRef(): string {
    const offset = this.u32();
    if (offset === this.pos) {
      this.need(8);
      const chars = this.buf.readUInt16LE(this.pos + 6);
      this.need(8 + chars * 2 + 2);
      this.pos += 8 + chars * 2 + 2;
    }
    return this.chunk.name(offset);
  }

  private peek(): number {
    this.need(1);
    return this.buf[this.pos]! & 0x0f;
  }

  /** A whole stream: its nodes until the end-of-stream token (or the end of its bytes). */
  fragment(): XmlNode[] {
    const nodes: XmlNode[] = [];
    while (this.pos < this.end) {
      const token = this.buf[this.pos]! & 0x0f;
      if (token === END_OF_STREAM) {
        this.pos++;
        break;
      }
      if (token === FRAGMENT_HEADER) {
        this.need(4);
        this.pos += 4;
      } else if (token === OPEN_START_ELEMENT) nodes.push(this.element());
      else if (token === TEMPLATE_INSTANCE) nodes.push(...this.templateInstance());
      else this.content(nodes, token);
    }
    return nodes;
  }

  private element(): XmlElement {
    const token = this.u8();
    if (this.dependencyIds) this.u16();
    this.u32(); // data size
    const element: XmlElement = { kind: 'element', name: this.nameRef(), attributes: [], children: [] };
    if ((token & 0x40) !== 0) this.u32(); // attribute list size
    while (this.peek() === ATTRIBUTE) {
      this.pos++;
      const attribute = { name: this.nameRef(), value: [] as XmlNode[] };
      for (let next = this.peek(); next !== ATTRIBUTE && next !== CLOSE_START_ELEMENT && next !== CLOSE_EMPTY_ELEMENT; next = this.peek()) {
        this.content(attribute.value, next);
      }
      element.attributes.push(attribute);
    }
    const close = this.u8() & 0x0f;
    if (close === CLOSE_EMPTY_ELEMENT) return element;
    if (close !== CLOSE_START_ELEMENT) throw new EvtxFormatError(`unexpected token 0x${close.toString(16)} in element <${element.name}>`);
    for (let next = this.peek(); next !== END_ELEMENT; next = this.peek()) {
      if (next === OPEN_START_ELEMENT) element.children.push(this.element());
      else if (next === TEMPLATE_INSTANCE) element.children.push(...this.templateInstance());
      else this.content(element.children, next);
    }
    this.pos++;
    return element;
  }

  /** A value, text or substitution token (in an element or an attribute). */
  private content(out: XmlNode[], token: number): void {
    switch (token) {
      case VALUE: {
        this.pos++;
        const type = this.u8();
        if (type !== 0x01) throw new EvtxFormatError(`value token of type 0x${type.toString(16)}`);
        const chars = this.u16();
        this.need(chars * 2);
        out.push({ kind: 'text', text: utf16Text(this.buf, this.pos, chars * 2) });
        this.pos += chars * 2;
        return;
      }
      case CDATA:
      case PI_DATA: {
        this.pos++;
        const chars = this.u16();
        this.need(chars * 2);
        if (token === CDATA) out.push({ kind: 'text', text: utf16Text(this.buf, this.pos, chars * 2) });
        this.pos += chars * 2;
        return;
      }
      case CHAR_REF:
        this.pos++;
        out.push({ kind: 'text', text: String.fromCharCode(this.u16()) });
        return;
      case ENTITY_REF: {
        this.pos++;
        const name = this.nameRef();
        out.push({ kind: 'text', text: ENTITIES[name] ?? `&${name};` });
        return;
      }
      case PI_TARGET:
        this.pos++;
        this.nameRef();
        return;
      case NORMAL_SUBSTITUTION:
      case OPTIONAL_SUBSTITUTION: {
        this.pos++;
        const index = this.u16();
        const type = this.u8();
        // A placeholder of a template definition (definitions are cached; instances fill them in).
        out.push({ kind: 'substitution', index, optional: token === OPTIONAL_SUBSTITUTION, nullType: type === NULL_TYPE });
        return;
      }
      default:
        throw new EvtxFormatError(`unexpected token 0x${token.toString(16)} at ${String(this.pos)}`);
    }
  }

  /** A template instance: its definition (parsed once per chunk) and its substitution values. */
  instance(): TemplateInstance {
    this.pos++;
    this.u8();
    this.u32(); // template id
    const definition = this.u32();
    if (definition === this.pos) {
      this.need(24);
      const size = this.buf.readUInt32LE(this.pos + 20);
      this.need(24 + size);
      this.pos += 24 + size;
    }
    const count = this.u32();
    this.need(count * 4);
    let at = this.pos + count * 4;
    const values: (EvtxValue | XmlNode[])[] = new Array<EvtxValue | XmlNode[]>(count);
    for (let i = 0; i < count; i++) {
      const size = this.buf.readUInt16LE(this.pos + i * 4);
      const type = this.buf[this.pos + i * 4 + 2]!;
      if (at + size > this.end) throw new EvtxFormatError(`binary XML ends early at ${String(at)}`);
      values[i] = type === BINXML_TYPE && size > 0
        ? new TokenReader(this.chunk, at, at + size, false, this.depth + 1).fragment()
        : readSizedValue(type, this.buf, at, size);
      at += size;
    }
    this.pos = at;
    return { nodes: this.chunk.template(definition, this.depth), values };
  }

  private templateInstance(): XmlNode[] {
    const { nodes, values } = this.instance();
    return instantiate(nodes, values);
  }

  /** A record's stream: one template instance as read (the usual case), else its nodes. */
  record(): TemplateInstance | XmlNode[] {
    const start = this.pos;
    this.skipFragmentHeaders();
    if (this.pos < this.end && (this.buf[this.pos]! & 0x0f) === TEMPLATE_INSTANCE) {
      const instance = this.instance();
      this.skipFragmentHeaders();
      if (this.pos >= this.end || (this.buf[this.pos]! & 0x0f) === END_OF_STREAM) return instance;
    }
    this.pos = start;
    return this.fragment();
  }

  private skipFragmentHeaders(): void {
    while (this.pos + 4 <= this.end && (this.buf[this.pos]! & 0x0f) === FRAGMENT_HEADER) this.pos += 4;
  }
}

/** A template's definition and the values of one instance (a BinXML value as its parsed nodes). */
export interface TemplateInstance {
  nodes: XmlNode[];
  values: (EvtxValue | XmlNode[])[];
}

/** A template's nodes with its placeholders replaced by the instance's values (optional empty ones dropped). */
export function instantiate(nodes: readonly XmlNode[], values: TemplateInstance['values']): XmlNode[] {
  const out: XmlNode[] = [];
  for (const node of nodes) {
    if (node.kind === 'substitution') {
      if (node.optional && node.nullType) continue;
      const value = values[node.index];
      if (value === undefined) continue;
      if (Array.isArray(value)) out.push(...value);
      else if (!(node.optional && value.value === null)) out.push({ kind: 'value', value });
    } else if (node.kind === 'element') {
      out.push({
        kind: 'element',
        name: node.name,
        attributes: node.attributes.map((a) => ({ name: a.name, value: instantiate(a.value, values) })),
        children: instantiate(node.children, values),
      });
    } else {
      out.push(node);
    }
  }
  return out;
}

/** The binary XML at [start, end) of a chunk: one record's event, as a template instance or as nodes. */
export function readRecord(chunk: ChunkContext, start: number, end: number): TemplateInstance | XmlNode[] {
  return new TokenReader(chunk, start, end, false, 0).record();
}
