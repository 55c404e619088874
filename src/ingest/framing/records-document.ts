/**
 * JSON documents that wrap a list of records, as services write them and APIs return them (saved with curl, the
 * portal's "download"): AWS CloudTrail's and Azure's exports (`{"Records":[…]}`, `{"records":[…]}`), an Elasticsearch
 * or OpenSearch search response (`{"took":…,"timed_out":…,"_shards":…,"hits":{"total":…,"hits":[…]}}`), Splunk's
 * results (`{"preview":…,"init_offset":…,"results":[…]}`), AWS's findings (`{"Findings":[…]}`), Defender XDR's hunting API (`{"Schema":[…],"Results":
 * […]}`) and Microsoft Graph (`{"@odata.context":…,"value":[…]}`). A document is told from an ordinary record by its
 * first key, and its records are the elements of the array at the path that key implies; what else the document
 * holds (counts, paging links, a schema) says nothing of the records.
 */

/** The first key of each kind of document, and the path of its records array. */
const DOCUMENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Records', ['Records']],
  ['records', ['records']],
  ['took', ['hits', 'hits']],
  ['timed_out', ['hits', 'hits']],
  ['_scroll_id', ['hits', 'hits']],
  ['_shards', ['hits', 'hits']],
  ['pit_id', ['hits', 'hits']],
  // `filter_path=hits.hits` leaves only them.
  ['hits', ['hits', 'hits']],
  ['preview', ['results']],
  ['init_offset', ['results']],
  ['Schema', ['Results']],
  // `aws guardduty get-findings` and `aws securityhub get-findings`.
  ['Findings', ['Findings']],
  ['@odata.context', ['value']],
]);

/** Bytes of a document read before its records array at most (a search response's counts, a hunting schema). */
export const MAX_DOCUMENT_PROBE = 64 * 1024;
const MAX_KEY = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;

export type ProbeState = 'more' | 'records' | 'ordinary';

/**
 * Reads a top-level object byte by byte, from just after its `{`, until it is known to be a records document (its
 * records array just opened) or an ordinary value. Keys are read only as far as the path needs.
 */
export class DocumentProbe {
  /** Objects and arrays open (the document's own object included): `o` or `a`. */
  private readonly open: ('o' | 'a')[] = ['o'];
  /** The key of each open object, by depth. */
  private readonly keys: string[] = [];
  private inString = false;
  private escaped = false;
  private key: number[] | undefined;
  /** In an object, before a key (after `{` or `,`), rather than after `:`. */
  private beforeKey = true;
  private target: readonly string[] | undefined;
  private bytes = 1;
  /** Objects still open around the records array once it is found (1 for `{"Records":[`). */
  enclosing = 0;

  step(byte: number): ProbeState {
    if (++this.bytes > MAX_DOCUMENT_PROBE) return 'ordinary';
    if (this.inString) return this.stringByte(byte);
    const top = this.open[this.open.length - 1];
    switch (byte) {
      case QUOTE:
        this.inString = true;
        this.key = top === 'o' && this.beforeKey ? [] : undefined;
        return 'more';
      case COLON:
        this.beforeKey = false;
        return 'more';
      case COMMA:
        this.beforeKey = top === 'o';
        return 'more';
      case 0x5b: // [
        if (top === 'o' && this.atTarget()) {
          this.enclosing = this.open.length;
          return 'records';
        }
        this.open.push('a');
        return 'more';
      case 0x7b: // {
        this.open.push('o');
        this.beforeKey = true;
        return 'more';
      case 0x5d: // ]
      case 0x7d: // }
        this.open.pop();
        this.keys.length = Math.min(this.keys.length, this.open.length);
        this.beforeKey = false;
        return this.open.length === 0 ? 'ordinary' : 'more';
      default:
        return 'more';
    }
  }

  private stringByte(byte: number): ProbeState {
    if (this.escaped) this.escaped = false;
    else if (byte === BACKSLASH) this.escaped = true;
    else if (byte === QUOTE) {
      this.inString = false;
      if (this.key !== undefined) return this.keyRead(String.fromCharCode(...this.key));
      return 'more';
    }
    if (this.key !== undefined && this.key.length <= MAX_KEY) this.key.push(byte);
    return 'more';
  }

  private keyRead(key: string): ProbeState {
    this.key = undefined;
    const depth = this.open.length;
    this.keys[depth - 1] = key;
    this.keys.length = depth;
    if (depth === 1 && this.target === undefined) {
      this.target = DOCUMENTS.get(key);
      if (this.target === undefined) return 'ordinary';
    }
    return 'more';
  }

  /** True when the value about to open is the records array: the keys of the open objects are the target path. */
  private atTarget(): boolean {
    const target = this.target;
    if (target === undefined || this.beforeKey || this.keys.length !== target.length || this.open.length !== target.length) return false;
    for (let i = 0; i < target.length; i++) if (this.open[i] !== 'o' || this.keys[i] !== target[i]) return false;
    return true;
  }
}

/** Where the records of a document written as text begin (just after its array's `[`); undefined for other text. */
export function recordsStart(text: string): number | undefined {
  const begin = text.search(/\S/);
  if (begin === -1 || text.charCodeAt(begin) !== 0x7b) return undefined;
  const probe = new DocumentProbe();
  const end = Math.min(text.length, begin + MAX_DOCUMENT_PROBE);
  for (let i = begin + 1; i < end; i++) {
    const state = probe.step(text.charCodeAt(i));
    if (state === 'records') return i + 1;
    if (state === 'ordinary') return undefined;
  }
  return undefined;
}
