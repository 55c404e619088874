import type { Statement } from 'better-sqlite3';
import type { BatchObserver } from '../../store/batch-observer.ts';
import type { Db } from '../../store/index.ts';
import { ROW, type EventRow } from '../../store/rows.ts';
import { readIndexState, writeIndexState, type IndexState } from './index-state.ts';
import { TEMPLATE_VERSION, TemplateCatalog, rowTemplateSource } from './templates.ts';

/**
 * Gives events their template as they are written (an observer of the store's EventWriter), in the batch's own
 * transaction, moving the index's watermark with it. The pass after an ingest (`updateVectorIndex`) then only
 * embeds the new templates: reading each event back to template it cost a fifth of the ingest.
 *
 * It only does so while the mapping is complete up to the batch (watermark = last rowid before it, current
 * template version); otherwise it stays out of the way and that pass catches up, as it always did.
 */
export class TemplatesAsWritten implements BatchObserver {
  private readonly catalog: TemplateCatalog;
  private readonly map: Statement;
  private state: IndexState | undefined;
  /** Events given their template by committed batches, and the highest template id before the first. */
  events = 0;
  readonly templatesBefore: number;
  /** The open batch's new events and their templates, written when it commits. */
  private readonly rowids: number[] = [];
  private readonly templates: number[] = [];
  /** Events counted by the batch's `commit`, taken back should the COMMIT itself fail. */
  private counted = 0;
  /** Template texts by key, for the input being written (TemplateKeyer), and the ids found for them. */
  private readonly keyedTexts: string[] = [];
  private readonly keyedIds: number[] = [];
  /** The key of the next row's template, or -1 when it has none. */
  private nextKey = -1;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.catalog = new TemplateCatalog(db);
    this.map = db.prepare('INSERT OR REPLACE INTO event_templates (event_rowid, template_id) VALUES (?, ?)');
    this.templatesBefore = db.prepare('SELECT coalesce(max(id), 0) FROM message_templates').pluck().get() as number;
  }

  begin(before: number): void {
    this.counted = 0;
    let state = readIndexState(this.db);
    if (state === undefined && before === 0) {
      state = { templateVersion: TEMPLATE_VERSION, lastEventRowid: 0, embedder: null, dimensions: null, embeddedThrough: 0, updatedAt: null };
    }
    this.state = state?.templateVersion === TEMPLATE_VERSION && state.lastEventRowid === before ? state : undefined;
  }

  /** A new input starts: its rows' template keys (if any) count from 0 again. */
  startInput(): void {
    this.keyedTexts.length = 0;
    this.keyedIds.length = 0;
    this.nextKey = -1;
  }

  /** The texts of template keys given out next (`TemplateKeyer.takeNew`), in key order. */
  learn(texts: readonly string[]): void {
    for (const text of texts) this.keyedTexts.push(text);
  }

  /** The template key of the row written next (-1: none, its template is made from the row). */
  keyNext(key: number): void {
    this.nextKey = key;
  }

  added(rowid: number, row: EventRow): void {
    const key = this.nextKey;
    this.nextKey = -1;
    if (this.state === undefined) return;
    try {
      const id = key >= 0 ? this.idOfKey(key, row) : this.catalog.idOf(rowTemplateSource(row));
      this.rowids.push(rowid);
      this.templates.push(id);
    } catch (error) {
      // The event stays (the writer keeps a batch's rows up to a failure); without its template, the watermark
      // must not pass it: this batch is left to the pass after the ingest.
      this.rollback();
      throw error;
    }
  }

  private idOfKey(key: number, row: EventRow): number {
    let id = this.keyedIds[key];
    if (id === undefined) {
      const text = this.keyedTexts[key];
      if (text === undefined) throw new Error(`template key ${String(key)} was never learnt`);
      id = this.catalog.idOfText(text, row[ROW.dataset], row[ROW.outcome]);
      this.keyedIds[key] = id;
    }
    this.catalog.count(id);
    return id;
  }

  /** The mapping is written in one go at the end of the batch: interleaved with the event rows it cost ~12 % of the ingest more. */
  commit(last: number): void {
    const state = this.state;
    if (state === undefined) return;
    const { rowids, templates } = this;
    for (let i = 0; i < rowids.length; i++) this.map.run(rowids[i], templates[i]);
    this.catalog.flushCounts();
    writeIndexState(this.db, { ...state, lastEventRowid: last, updatedAt: this.now().toISOString() });
    this.counted = rowids.length;
    this.events += rowids.length;
    this.clear();
  }

  rollback(): void {
    // Ids cached during the batch may be of templates it added; a commit that failed after `commit` counted its events.
    this.catalog.forget();
    this.keyedIds.length = 0;
    this.events -= this.counted;
    this.counted = 0;
    this.clear();
  }

  private clear(): void {
    this.rowids.length = 0;
    this.templates.length = 0;
    this.state = undefined;
  }
}
