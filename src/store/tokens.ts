import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, Role } from '../schema/api/auth.ts';
import { VigilError } from '../util/errors.ts';
import type { Db } from './database.ts';
import { cached } from './statements.ts';

/** Secrets look like `vgl_` + 43 base64url characters (256 random bits); only their SHA-256 is stored. */
export const TOKEN_PREFIX = 'vgl_';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newSecret(prefix = TOKEN_PREFIX): string {
  return prefix + randomBytes(32).toString('base64url');
}

export interface StoredToken extends ApiToken {
  id: number;
}

const COLUMNS = 'id, name, role, created_at, created_by, last_used_at, revoked_at';

/** API tokens: created (the secret returned once), listed, found by the hash of a presented secret, revoked. */
export class TokenLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  create(name: string, role: Role, createdBy: string): { token: StoredToken; secret: string } {
    if (this.active(name) !== undefined) throw new VigilError('E_USAGE', `an active token named ${name} already exists`);
    const secret = newSecret();
    const at = this.clock().toISOString();
    const result = this.db
      .prepare('INSERT INTO api_tokens (name, role, secret_sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(name, role, sha256Hex(secret), at, createdBy);
    return { token: { id: Number(result.lastInsertRowid), name, role, created_at: at, created_by: createdBy, last_used_at: null, revoked_at: null }, secret };
  }

  /** Every token, active first, then by name and creation. */
  list(): StoredToken[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, name, id`).all() as StoredToken[];
  }

  active(name: string): StoredToken | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE name = ? AND revoked_at IS NULL`).get(name) as StoredToken | undefined;
  }

  byId(id: number): StoredToken | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`).get(id) as StoredToken | undefined;
  }

  /** The active token whose secret this is, else undefined. */
  authenticate(secret: string): StoredToken | undefined {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return undefined;
    return cached(this.db, `SELECT ${COLUMNS} FROM api_tokens WHERE secret_sha256 = ? AND revoked_at IS NULL`).get(sha256Hex(secret)) as StoredToken | undefined;
  }

  countActive(role?: Role): number {
    return this.db
      .prepare('SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL AND (@role IS NULL OR role = @role)')
      .pluck()
      .get({ role: role ?? null }) as number;
  }

  /** Revokes the active token of this name and ends its sessions; undefined when there is none. */
  revoke(name: string): StoredToken | undefined {
    const token = this.active(name);
    if (token === undefined) return undefined;
    const at = this.clock().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run(at, token.id);
      this.db.prepare('DELETE FROM api_sessions WHERE token_id = ?').run(token.id);
    })();
    return { ...token, revoked_at: at };
  }

  /** Records when tokens were last used (the times are batched by the caller). */
  touch(lastUsed: ReadonlyMap<number, string>): void {
    const update = this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)');
    this.db.transaction(() => {
      for (const [id, at] of lastUsed) update.run(at, id, at);
    })();
  }
}
