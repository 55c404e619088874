import type { Database } from 'better-sqlite3';
import { ACTIVITY_MIGRATION, CREATE_ACTIVITY_RECOUNT_TABLE } from './activity.ts';
import { CREATE_EVENT_INDEXES } from './indexes.ts';
import { CEF_TEXT_MIGRATION, JSON_URL_TEXT_MIGRATION, SEARCH_TEXT_MIGRATION, TEXT_INDEX_MIGRATION, WEB_TEXT_MIGRATION, ZEEK_TEXT_MIGRATION } from './text-keys.ts';
import { JOBS_TABLE_SQL } from './jobs.ts';
import { SOURCE_HEADS_TABLE_SQL } from './source-heads.ts';

/** Versioned schema migrations, applied in order; `PRAGMA user_version` records the last one applied. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'events, full-text index, ingest runs, audit chain, store state',
    sql: `
      CREATE TABLE events (
        rowid INTEGER PRIMARY KEY,
        id BLOB NOT NULL UNIQUE,
        ts TEXT,
        ts_ms INTEGER,
        format TEXT NOT NULL,
        dataset TEXT NOT NULL,
        category TEXT,
        action TEXT,
        outcome TEXT,
        code TEXT,
        source_ip TEXT,
        destination_ip TEXT,
        destination_port INTEGER,
        user_name TEXT,
        host_name TEXT,
        process_name TEXT,
        count INTEGER NOT NULL DEFAULT 1,
        file_path TEXT NOT NULL,
        line INTEGER,
        run_id INTEGER,
        message TEXT,
        original TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      ${CREATE_EVENT_INDEXES}
      CREATE VIRTUAL TABLE events_fts USING fts5(message, original, content='events', content_rowid='rowid');
      -- Bulk-friendly full-text index: an 8 MiB term buffer flushes one segment per write batch (the default
      -- 1 MiB cut each batch into several), and segments merge 16 at a time instead of 4, which roughly
      -- halves the indexing work on big ingests; queries still answer in milliseconds (docs/ARCHITECTURE.md).
      INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', 8388608);
      INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 16);

      CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        actor TEXT NOT NULL,
        options TEXT NOT NULL,
        status TEXT NOT NULL
      );
      CREATE TABLE ingest_files (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
        path TEXT NOT NULL,
        size INTEGER,
        format TEXT,
        format_score REAL,
        lines INTEGER NOT NULL,
        records INTEGER NOT NULL,
        events INTEGER NOT NULL,
        inserted INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        meta INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        fallbacks INTEGER NOT NULL,
        error_samples TEXT NOT NULL,
        problem TEXT,
        duration_ms INTEGER NOT NULL
      );
      CREATE INDEX ingest_files_run ON ingest_files(run_id);

      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

      -- Store-wide flags, e.g. the secondary indexes deferred by a running bulk ingest (indexes.ts).
      CREATE TABLE store_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'analyses, alerts, incidents',
    sql: `
      CREATE TABLE analyses (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        actor TEXT NOT NULL,
        options TEXT NOT NULL,
        rules TEXT NOT NULL,
        events INTEGER NOT NULL DEFAULT 0,
        alerts INTEGER NOT NULL DEFAULT 0,
        incidents INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL
      );
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        analysis_id INTEGER NOT NULL REFERENCES analyses(id),
        incident_id TEXT,
        rule_id TEXT NOT NULL,
        level TEXT NOT NULL,
        type TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        count INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX alerts_incident ON alerts(incident_id);
      CREATE INDEX alerts_rule ON alerts(rule_id);
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        analysis_id INTEGER NOT NULL REFERENCES analyses(id),
        severity TEXT NOT NULL,
        severity_rank INTEGER NOT NULL,
        score REAL NOT NULL,
        title TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX incidents_rank ON incidents(severity_rank, first_seen);
      CREATE TABLE incident_entities (
        incident_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (kind, value, incident_id)
      ) WITHOUT ROWID;
      CREATE TABLE incident_techniques (
        incident_id TEXT NOT NULL,
        technique TEXT NOT NULL,
        PRIMARY KEY (technique, incident_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'covering entity indexes and the failed-outcome index (assist facts)',
    sql: `
      DROP INDEX IF EXISTS events_source_ip;
      DROP INDEX IF EXISTS events_user;
      DROP INDEX IF EXISTS events_host;
      ${CREATE_EVENT_INDEXES}
    `,
  },
  {
    version: 4,
    name: 'chat sessions and messages',
    sql: `
      CREATE TABLE chat_sessions (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        title TEXT NOT NULL
      );
      CREATE TABLE chat_messages (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES chat_sessions(id),
        at TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        answer TEXT
      );
      CREATE INDEX chat_messages_session ON chat_messages(session_id, id);
    `,
  },
  {
    version: 5,
    name: 'message templates and the vector index state',
    // The vectors themselves live in a sqlite-vec `template_vectors` table whose width depends on the
    // embedder: it is created by the first index build, not here (docs/assist-retrieval.md).
    sql: `
      CREATE TABLE message_templates (
        id INTEGER PRIMARY KEY,
        hash BLOB NOT NULL UNIQUE,
        dataset TEXT NOT NULL,
        outcome TEXT,
        text TEXT NOT NULL,
        events INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE event_templates (
        event_rowid INTEGER PRIMARY KEY,
        template_id INTEGER NOT NULL
      );
      CREATE INDEX event_templates_template ON event_templates(template_id, event_rowid);
      CREATE TABLE vector_index_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        template_version INTEGER NOT NULL,
        last_event_rowid INTEGER NOT NULL,
        embedder TEXT,
        dimensions INTEGER,
        embedded_through INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT
      );
    `,
  },
  {
    version: 6,
    name: 'API tokens and browser sessions',
    sql: `
      -- Only the SHA-256 of a token's secret is kept; the secret is shown once, when it is created.
      CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
        secret_sha256 TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      -- A name stays taken while its token is active; a revoked token's name can be given again.
      CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;
      -- Sessions are keyed by the SHA-256 of the cookie's value, never the value itself.
      CREATE TABLE api_sessions (
        id_sha256 TEXT PRIMARY KEY,
        token_id INTEGER NOT NULL REFERENCES api_tokens(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX api_sessions_token ON api_sessions(token_id);
    `,
  },
  {
    version: 7,
    name: 'entity activity summary (assist facts), filled from the stored events',
    sql: ACTIVITY_MIGRATION,
  },
  {
    version: 8,
    name: 'full-text index keyed by time (newest matches first without sorting them)',
    sql: TEXT_INDEX_MIGRATION,
  },
  {
    // The number is written here only (tests find the migration by its table), so it can be renumbered at a merge.
    version: 9,
    name: 'job records (uploads, ingests, analyses of the server) kept across restarts',
    sql: JOBS_TABLE_SQL,
  },
  {
    version: 10,
    name: 'full-text index: JSON records indexed with their string escapes decoded',
    sql: SEARCH_TEXT_MIGRATION,
  },
  {
    version: 11,
    name: 'source heads: a log read again under another name keeps the identity of its first ingest',
    sql: SOURCE_HEADS_TABLE_SQL,
  },
  {
    version: 12,
    name: 'full-text index: CEF records indexed with their backslash escapes decoded',
    sql: CEF_TEXT_MIGRATION,
  },
  {
    version: 13,
    name: 'full-text index: web access records indexed with their URL encoding decoded',
    sql: WEB_TEXT_MIGRATION,
  },
  {
    version: 14,
    name: 'full-text index: Zeek TSV records indexed with their URL encoding and byte escapes decoded',
    sql: ZEEK_TEXT_MIGRATION,
  },
  {
    version: 15,
    name: 'full-text index: generic and Zeek JSON records indexed with their URL encoding decoded',
    sql: JSON_URL_TEXT_MIGRATION,
  },
  {
    version: 16,
    name: 'events updated in place by a refresh: counted per ingested file, their activity groups listed for counting again',
    sql: `ALTER TABLE ingest_files ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;\n${CREATE_ACTIVITY_RECOUNT_TABLE}`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** A store about to be brought to the current schema: what it holds and the migrations it needs. */
export interface StoreUpgrade {
  from: number;
  to: number;
  /** About how many events are stored (the highest rowid): what the migrations' cost grows with. */
  events: number;
  migrations: readonly string[];
}

/** Applies the migrations a store lacks, each in a transaction; `onUpgrade` hears of them first (not for a new store). */
export function migrate(db: Database, onUpgrade?: (upgrade: StoreUpgrade) => void): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (current > 0 && pending.length > 0 && onUpgrade !== undefined) {
    const events = db.prepare('SELECT coalesce(max(rowid), 0) FROM events').pluck().get() as number;
    onUpgrade({ from: current, to: SCHEMA_VERSION, events, migrations: pending.map((m) => `${String(m.version)}: ${m.name}`) });
  }
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return current;
}
