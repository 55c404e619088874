import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../store/index.ts';
import { ROW, type EventRow } from '../../store/rows.ts';
import { maskEntity, maskText } from './mask.ts';

/**
 * Message templates: an event's message (its original record when it has none) with its own user and host
 * names and then all addresses, ids and numbers masked (mask.ts), after its dataset, action, outcome and
 * event code. Entities are masked because a brute force tries thousands of user names in one shape: they
 * are for the structured filters and full-text search, not for the meaning. Logs repeat a few thousand
 * shapes millions of times, so the vector index holds one vector per template and maps events to them.
 * Changing how a template is made changes TEMPLATE_VERSION, which rebuilds the mapping.
 */

/** 2: ISO 8601 date-times are masked whole (a record without a message, such as EVTX's, was one template per event). */
export const TEMPLATE_VERSION = 2;
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

/** What a stored row's template is made from. */
export function rowTemplateSource(row: EventRow): TemplateSource {
  return {
    dataset: row[ROW.dataset], action: row[ROW.action], outcome: row[ROW.outcome], code: row[ROW.code],
    user: row[ROW.userName], host: row[ROW.hostName], text: row[ROW.message] ?? row[ROW.original],
  };
}

/**
 * Templates keyed per input where its rows are made (the parse thread): each row then travels with a small
 * number, and each template's text travels once, so the writer neither masks messages nor hashes template
 * texts. Keys count from 0 per input; past KEY_LIMIT templates (at most ~10 MB of text, within the parse
 * thread's heap) rows get no key and the writer makes their template itself.
 */
export class TemplateKeyer {
  private readonly keys = new Map<string, number>();
  private fresh: string[] = [];

  /** The row's template key, or -1 when the input has too many templates to key. */
  keyOf(row: EventRow): number {
    const text = templateText(rowTemplateSource(row));
    let key = this.keys.get(text);
    if (key === undefined) {
      if (this.keys.size >= KEY_LIMIT) return -1;
      key = this.keys.size;
      this.keys.set(text, key);
      this.fresh.push(text);
    }
    return key;
  }

  /** The texts of the keys given out since the last call, in key order. */
  takeNew(): string[] {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }
}

const KEY_LIMIT = 5000;

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
    const id = this.idOfText(templateText(source), source.dataset, source.outcome);
    this.count(id);
    return id;
  }

  /** The id of a template by its text (made by `templateText`), adding it when it is new; counts nothing. */
  idOfText(text: string, dataset: string, outcome: string | null): number {
    let id = this.cache.get(text);
    if (id === undefined) {
      const hash = templateHash(text);
      id = this.find.get(hash) as number | undefined;
      id ??= Number(this.insert.run(hash, dataset, outcome, text).lastInsertRowid);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(text, id);
    }
    return id;
  }

  /** Counts one more event for a template. */
  count(id: number): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
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
