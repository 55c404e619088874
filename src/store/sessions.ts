import type { Db } from './database.ts';
import { cached } from './statements.ts';
import type { StoredToken } from './tokens.ts';

export interface StoredSession {
  token: StoredToken;
  created_at: string;
  expires_at: string;
}

/**
 * Browser sessions opened by a token login. Rows are keyed by the SHA-256 of the cookie value; a session
 * ends at its expiry, at logout, or when its token is revoked.
 */
export class SessionLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  create(idSha256: string, tokenId: number, ttlMs: number): { created_at: string; expires_at: string } {
    const now = this.clock();
    const created_at = now.toISOString();
    const expires_at = new Date(now.getTime() + ttlMs).toISOString();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM api_sessions WHERE expires_at <= ?').run(created_at);
      this.db.prepare('INSERT INTO api_sessions (id_sha256, token_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(idSha256, tokenId, created_at, expires_at);
    })();
    return { created_at, expires_at };
  }

  /** The live session with this id hash, with its (active) token; undefined when unknown, expired or revoked. */
  find(idSha256: string): StoredSession | undefined {
    const row = cached(
      this.db,
      `SELECT s.created_at AS s_created, s.expires_at, t.id, t.name, t.role, t.created_at, t.created_by, t.last_used_at, t.revoked_at
       FROM api_sessions s JOIN api_tokens t ON t.id = s.token_id
       WHERE s.id_sha256 = ? AND s.expires_at > ? AND t.revoked_at IS NULL`,
    ).get(idSha256, this.clock().toISOString()) as (StoredToken & { s_created: string; expires_at: string }) | undefined;
    if (row === undefined) return undefined;
    const { s_created, expires_at, ...token } = row;
    return { token, created_at: s_created, expires_at };
  }

  delete(idSha256: string): boolean {
    return this.db.prepare('DELETE FROM api_sessions WHERE id_sha256 = ?').run(idSha256).changes > 0;
  }
}
