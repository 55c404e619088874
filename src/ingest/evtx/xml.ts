import type { XmlElement, XmlNode } from './binxml.ts';

/**
 * Windows event XML as text (Event Viewer's "Save as XML", `wevtutil qe /f:xml`, `Get-WinEvent … ToXml()`,
 * the Windows agents of SIEMs) → the tree the EVTX reader builds, so both are rendered to the same JSON
 * (render.ts) and read by the same Windows reader. A small, strict parser for that document shape: elements,
 * attributes, text, the five named entities and numeric character references, CDATA; comments, processing
 * instructions and a doctype are skipped (no entity of a doctype is ever expanded). Whitespace between elements
 * is layout and dropped; an element holding text only keeps it exactly. Anything else is an XmlFormatError.
 */

export class XmlFormatError extends Error {}

const MAX_DEPTH = 64;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const isNameChar = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45 || code === 46 || code === 58 || code > 127;
/** XML's white space (space, tab, line feed, carriage return). */
export const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/** Text with its entity and character references replaced. */
function decodeText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{1,10});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      // Characters XML forbids (NUL, lone surrogates, beyond Unicode) stay as written.
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

class XmlReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  private fail(what: string): never {
    throw new XmlFormatError(`${what} at character ${String(this.pos)}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private name(): string {
    const start = this.pos;
    while (this.pos < this.text.length && isNameChar(this.text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail('a name expected');
    return this.text.slice(start, this.pos);
  }

  /** Skips `<?…?>`, `<!--…-->` and `<!DOCTYPE …>` at the position, if one is there. True when it did. */
  private skipMarkup(): boolean {
    const text = this.text;
    for (const [open, close] of [['<?', '?>'], ['<!--', '-->'], ['<!DOCTYPE', '>']] as const) {
      if (!text.startsWith(open, this.pos)) continue;
      const end = text.indexOf(close, this.pos + open.length);
      if (end < 0) this.fail(`unclosed ${open}`);
      this.pos = end + close.length;
      return true;
    }
    return false;
  }

  /** The whole text as one element (markup and whitespace around it allowed). */
  document(): XmlNode[] {
    const nodes: XmlNode[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) break;
      if (this.skipMarkup()) continue;
      if (this.text.charCodeAt(this.pos) !== 60) this.fail('text outside the element');
      if (nodes.length > 0) this.fail('a second root element');
      nodes.push(this.element(0));
    }
    if (nodes.length === 0) this.fail('no element');
    return nodes;
  }

  private element(depth: number): XmlElement {
    if (depth > MAX_DEPTH) this.fail('elements nested too deep');
    this.pos++; // <
    const element: XmlElement = { kind: 'element', name: this.name(), attributes: [], children: [] };
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const code = this.text.charCodeAt(this.pos);
      if (code === 47) {
        if (this.text.charCodeAt(this.pos + 1) !== 62) this.fail('"/>" expected');
        this.pos += 2;
        return element;
      }
      if (code === 62) {
        this.pos++;
        break;
      }
      if (this.pos === before || this.pos >= this.text.length) this.fail(`unterminated start tag <${element.name}>`);
      const name = this.name();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 61) this.fail(`"=" expected after attribute ${name}`);
      this.pos++;
      this.skipSpace();
      const quote = this.text[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`quoted value expected for attribute ${name}`);
      const end = this.text.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail(`unterminated value of attribute ${name}`);
      const value = decodeText(this.text.slice(this.pos + 1, end));
      this.pos = end + 1;
      element.attributes.push({ name, value: value === '' ? [] : [{ kind: 'text', text: value }] });
    }
    this.content(element, depth);
    return element;
  }

  private content(element: XmlElement, depth: number): void {
    const text = this.text;
    let hasElement = false;
    for (;;) {
      if (this.pos >= text.length) this.fail(`<${element.name}> is not closed`);
      const lt = text.indexOf('<', this.pos);
      if (lt < 0) this.fail(`<${element.name}> is not closed`);
      if (lt > this.pos) element.children.push({ kind: 'text', text: decodeText(text.slice(this.pos, lt)) });
      this.pos = lt;
      if (text.startsWith('</', lt)) {
        this.pos += 2;
        const name = this.name();
        if (name !== element.name) this.fail(`</${name}> closes <${element.name}>`);
        this.skipSpace();
        if (text.charCodeAt(this.pos) !== 62) this.fail(`">" expected after </${name}`);
        this.pos++;
        break;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0) this.fail('unclosed CDATA section');
        element.children.push({ kind: 'text', text: text.slice(lt + 9, end) });
        this.pos = end + 3;
        continue;
      }
      if (this.skipMarkup()) continue;
      element.children.push(this.element(depth + 1));
      hasElement = true;
    }
    // Between elements whitespace is layout (pretty-printed exports); an element of text alone keeps it.
    if (hasElement) element.children = element.children.filter((n) => n.kind !== 'text' || n.text.trim() !== '');
  }
}

/** The tree of one XML document (normally one `<Event>`). Throws XmlFormatError when it is not well-formed. */
export function parseEventXml(text: string): XmlNode[] {
  return new XmlReader(text).document();
}
