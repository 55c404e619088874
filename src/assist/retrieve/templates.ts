import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../store/index.ts';
import { maskEntity, maskText } from './mask.ts';

/**
 * Message templates: an event's message (its original record when it has none) with its own user and host
 * names and then all addresses, ids and numbers masked (mask.ts), after its dataset, action, outcome and
 * event code. Entities are masked because a brute force tries thousands of user names in one shape: they
 * are for the structured filters and full-text search, not for the meaning. Logs repeat a few thousand
 * shapes millions of times, so the vector index holds one vector per template and maps events to them.
 * Changing how a template is made changes TEMPLATE_VERSION, which rebuilds the mapping.
 */

export const TEMPLATE_VERSION = 1;
/** Characters of the message read (the store is asked for no more), and of the masked template kept. */
export const MAX_SOURCE = 2000;
const MAX_TEMPLATE = 1000;
/**
 * Templates remembered per update run before the cache starts again (a store lookup is the fallback); at
 * most ~20 MB of text, within the CLI's 128 MB heap.
 */
const CACHE_LIMIT = 20_000;

export interface TemplateSource {
  dataset: string;
  action: string | null;
  outcome: string | null;
  code: string | null;
  user: string | null;
  host: string | null;
  text: string;
}

/** `dataset action outcome code: masked message`; dataset and outcome are also kept in columns (filters). */
export function templateText(source: TemplateSource): string {
  const head = [source.dataset, source.action, source.outcome, source.code].filter((part) => part !== null && part !== '').join(' ');
  let text = source.text.length > MAX_SOURCE ? source.text.slice(0, MAX_SOURCE) : source.text;
  if (source.user !== null) text = maskEntity(text, source.user, '<user>');
  if (source.host !== null) text = maskEntity(text, source.host, '<host>');
  const body = maskText(text);
  return `${head}: ${body.length > MAX_TEMPLATE ? body.slice(0, MAX_TEMPLATE) : body}`;
}

function templateHash(text: string): Buffer {
  return createHash('sha1').update(text).digest().subarray(0, 12);
}

/** Finds or adds templates for one update run; new templates' event counts are written by `flushCounts`. */
export class TemplateCatalog {
  private readonly cache = new Map<string, number>();
  private readonly counts = new Map<number, number>();
  private readonly find: Statement;
  private readonly insert: Statement;
  private readonly addCount: Statement;

  constructor(db: Db) {
    this.find = db.prepare('SELECT id FROM message_templates WHERE hash = ?').pluck();
    this.insert = db.prepare('INSERT INTO message_templates (hash, dataset, outcome, text, events) VALUES (?, ?, ?, ?, 0)');
    this.addCount = db.prepare('UPDATE message_templates SET events = events + ? WHERE id = ?');
  }

  /** The template id of an event, adding the template when it is new; counts one event for it. */
  idOf(source: TemplateSource): number {
    const text = templateText(source);
    let id = this.cache.get(text);
    if (id === undefined) {
      const hash = templateHash(text);
      id = this.find.get(hash) as number | undefined;
      id ??= Number(this.insert.run(hash, source.dataset, source.outcome, text).lastInsertRowid);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(text, id);
    }
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    return id;
  }

  /** Adds the counted events to their templates (inside the caller's transaction). */
  flushCounts(): void {
    for (const [id, count] of this.counts) this.addCount.run(count, id);
    this.counts.clear();
  }

  /** After a rolled-back batch: ids cached since may not exist. */
  forget(): void {
    this.cache.clear();
    this.counts.clear();
  }
}
