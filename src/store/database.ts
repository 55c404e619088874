import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { VigilError, errorCode } from '../util/errors.ts';
import { recountActivity } from './activity.ts';
import { deferredBy, repairIndexes } from './indexes.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate, type StoreUpgrade } from './migrations.ts';
import { registerSearchText } from './search-text.ts';

export type Db = Database.Database;

const PAGE_SIZE = 16384;

export interface OpenOptions {
  readonly?: boolean;
  /** Told before an existing store is migrated (migrations of a large store can take minutes). */
  onUpgrade?: (upgrade: StoreUpgrade) => void;
}

/** Opens (creating if needed) a Vigil store: WAL mode, migrations applied. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
  } catch (error) {
    throw new VigilError('E_STORE', `cannot open store ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  loadVectorExtension(db);
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new VigilError('E_STORE', `store ${path} has schema version ${version}; this Vigil knows up to ${SCHEMA_VERSION}`);
    }
    if (!options.readonly) {
      // Only effective before the first table exists: larger pages keep ~1 KB event rows off overflow pages.
      if (version === 0) db.pragma(`page_size = ${PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // The writer's full-text statements and migrations 10 and 12–14 call these.
      registerSearchText(db);
      migrate(db, options.onUpgrade);
    } else if (version < SCHEMA_VERSION) {
      throw new VigilError('E_STORE', `store ${path} needs migrations ${version + 1}..${SCHEMA_VERSION}; open it once read-write`);
    }
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32768');
    // A 64 MiB WAL between checkpoints: index pages dirtied by several batches are copied back once.
    db.pragma('wal_autocheckpoint = 4000');
    // A bulk ingest that died before its end left the store without its secondary indexes.
    if (!options.readonly) {
      repairIndexes(db);
      // A refresh that died before its end left activity groups to count again (activity.ts); they need the indexes.
      if (deferredBy(db) === undefined) recountActivity(db);
    }
  } catch (error) {
    db.close();
    if (error instanceof VigilError) throw error;
    if (errorCode(error) === 'SQLITE_FULL') {
      throw new VigilError('E_STORE', `cannot open store ${path}: database or disk is full (free space and run the command again)`, { cause: error });
    }
    throw new VigilError('E_STORE', `store ${path} is not a usable Vigil database: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return db;
}

const vectorExtension = new WeakMap<Db, string | undefined>();

/**
 * sqlite-vec (the `vec0` tables of the vector index). A platform without its binary still opens stores:
 * retrieval is then full-text only, and `vectorExtensionProblem` says why.
 */
function loadVectorExtension(db: Db): void {
  try {
    sqliteVec.load(db);
    vectorExtension.set(db, undefined);
  } catch (error) {
    vectorExtension.set(db, `sqlite-vec did not load: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Why vector search is unavailable on this connection, or `undefined` when sqlite-vec is loaded. */
export function vectorExtensionProblem(db: Db): string | undefined {
  return vectorExtension.has(db) ? vectorExtension.get(db) : 'sqlite-vec was not loaded on this connection';
}

export { MIGRATIONS, SCHEMA_VERSION };
