import { AnalysisLog } from './analyses.ts';
import { AuditLog } from './audit.ts';
import { ChatLog } from './chats.ts';
import { openDatabase, type Db, type OpenOptions } from './database.ts';
import { refreshRevision } from './event-refresh.ts';
import { EventWriter } from './events.ts';
import { deferIndexes, deferredBy, restoreIndexes } from './indexes.ts';
import { JobLog } from './jobs.ts';
import { RunLog } from './runs.ts';
import { SessionLog } from './sessions.ts';
import { SourceHeads } from './source-heads.ts';
import { TokenLog } from './tokens.ts';

/** The embedded store: one SQLite file holding events, FTS, ingest runs and the audit chain. */
export class Store {
  readonly audit: AuditLog;
  readonly runs: RunLog;
  readonly analyses: AnalysisLog;
  readonly chats: ChatLog;
  readonly tokens: TokenLog;
  readonly sessions: SessionLog;
  readonly jobs: JobLog;
  readonly heads: SourceHeads;
  private writer: EventWriter | undefined;

  constructor(
    readonly db: Db,
    readonly path: string,
    clock: () => Date = () => new Date(),
  ) {
    this.audit = new AuditLog(db, clock);
    this.runs = new RunLog(db, clock);
    this.analyses = new AnalysisLog(db, clock);
    this.chats = new ChatLog(db, clock);
    this.tokens = new TokenLog(db, clock);
    this.sessions = new SessionLog(db, clock);
    this.jobs = new JobLog(db, clock);
    this.heads = new SourceHeads(db);
  }

  get events(): EventWriter {
    this.writer ??= new EventWriter(this.db);
    return this.writer;
  }

  /** Whether an event with this id (32 hex digits) is stored. */
  hasEvent(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM events WHERE id = unhex(?)').get(id) !== undefined;
  }

  /** About how many events are stored (the highest rowid): instant on any size, exact without deletions. */
  approximateEventCount(): number {
    return this.db.prepare('SELECT coalesce(max(rowid), 0) FROM events').pluck().get() as number;
  }

  /**
   * Changes whenever the data an answer is computed from changes: new events (the highest rowid), events read
   * again and updated (`ingest --refresh`) or a new analysis (alerts and incidents).
   */
  dataRevision(): string {
    const events = this.approximateEventCount();
    const analysis = this.db.prepare("SELECT coalesce(max(id), 0) FROM analyses WHERE status = 'completed'").pluck().get() as number;
    const refreshed = refreshRevision(this.db);
    return `e${events}${refreshed === '0' ? '' : `.r${refreshed}`}.a${analysis}`;
  }

  /** Drops the secondary event indexes for a bulk load; `restoreIndexes` builds them again (indexes.ts). */
  deferIndexes(): void {
    deferIndexes(this.db);
  }

  restoreIndexes(): void {
    restoreIndexes(this.db);
  }

  get indexesDeferred(): boolean {
    return deferredBy(this.db) !== undefined;
  }

  close(): void {
    this.db.close();
  }
}

export function openStore(path: string, options: OpenOptions & { clock?: () => Date } = {}): Store {
  return new Store(openDatabase(path, options), path, options.clock);
}

export type { Db, OpenOptions };
export type { StoreUpgrade } from './migrations.ts';
export { searchEvents, type SearchQuery, type SearchResult } from './search.ts';
export { storeStats, type StoreStats } from './stats.ts';
export type { FileReport } from './runs.ts';
export { storeWriteError } from './events.ts';
export type { AuditEntry } from './audit.ts';
export type { ChatSession, ChatMessage as StoredChatMessage } from './chats.ts';
export type { IncidentFilter, AnalysisCounts } from './analyses.ts';
export type { StoredToken } from './tokens.ts';
export type { StoredSession } from './sessions.ts';
export { eventsInTimeOrder, eventsByIds, countEvents } from './event-stream.ts';
