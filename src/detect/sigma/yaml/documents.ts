import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { entryOf, lineOf, mergeMaps, toYNode, type YMap } from './nodes.ts';

/**
 * A rule file as rule documents. Several documents per file are allowed; the legacy Sigma 1.0 collection
 * actions are applied: `action: global` (merged into every following document until `action: reset`),
 * `action: repeat` (the previous rule with this document merged over it). Nothing is dropped silently: a
 * document that cannot be read becomes a problem with its line.
 */

export interface RuleDocument {
  map: YMap;
  /** Line of the document's first key. */
  line: number;
  /** Position of the document among the file's rule documents (0-based). */
  index: number;
}

export interface DocumentProblem {
  line: number;
  status: 'invalid' | 'unsupported';
  reason: string;
}

export interface ParsedFile {
  documents: RuleDocument[];
  problems: DocumentProblem[];
}

const MAX_DOCUMENTS = 10_000;

export function parseRuleFile(text: string): ParsedFile {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const out: ParsedFile = { documents: [], problems: [] };
  if (!Array.isArray(parsed)) return out;
  const collection = new Collection(out);
  for (const doc of parsed.slice(0, MAX_DOCUMENTS)) {
    const map = readDocument(doc, lines, out);
    if (map !== undefined) collection.add(map);
  }
  collection.end();
  if (parsed.length > MAX_DOCUMENTS) out.problems.push({ line: 1, status: 'unsupported', reason: `more than ${MAX_DOCUMENTS} YAML documents in one file` });
  return out;
}

function readDocument(doc: Document.Parsed, lines: LineCounter, out: ParsedFile): YMap | undefined {
  const docLine = lineOf(lines, doc.contents ?? { range: doc.range }, 1);
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = lines.linePos(error.pos[0]).line;
    out.problems.push({ line, status: 'invalid', reason: `YAML: ${firstLine(error.message)}` });
    return undefined;
  }
  if (doc.contents === null) return undefined;
  const node = toYNode(doc.contents, doc, lines, docLine);
  if (node.kind !== 'map') {
    out.problems.push({ line: docLine, status: 'invalid', reason: `a rule document must be a mapping, not a ${node.kind === 'seq' ? 'list' : 'scalar'}` });
    return undefined;
  }
  return node;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** Applies the legacy collection actions in document order. */
class Collection {
  private global: YMap | undefined;
  private globalUsed = false;
  private previous: YMap | undefined;

  constructor(private readonly out: ParsedFile) {}

  add(map: YMap): void {
    const action = entryOf(map, 'action');
    const rest: YMap = { ...map, entries: map.entries.filter((e) => e.key !== 'action') };
    if (action === undefined) {
      this.globalUsed = true;
      return this.rule(this.global === undefined ? map : mergeMaps(this.global, map));
    }
    const name = action.value.kind === 'scalar' ? String(action.value.value) : '';
    if (name === 'global') {
      this.global = this.global === undefined ? rest : mergeMaps(this.global, rest);
      this.globalUsed = false;
    } else if (name === 'reset') {
      this.end();
      this.global = undefined;
    } else if (name === 'repeat') {
      if (this.previous === undefined) this.problem(action.line, 'invalid', '`action: repeat` without a previous rule document in the file');
      else this.rule(mergeMaps(this.previous, rest));
    } else this.problem(action.line, 'invalid', `unknown collection action ${JSON.stringify(name)} (global, reset or repeat)`);
  }

  /** A global document that no rule document followed would be lost: say so. */
  end(): void {
    if (this.global !== undefined && !this.globalUsed) this.problem(this.global.line, 'invalid', '`action: global` document not followed by any rule document');
    this.globalUsed = true;
  }

  private rule(map: YMap): void {
    this.previous = map;
    this.out.documents.push({ map, line: map.line, index: this.out.documents.length });
  }

  private problem(line: number, status: DocumentProblem['status'], reason: string): void {
    this.out.problems.push({ line, status, reason });
  }
}
