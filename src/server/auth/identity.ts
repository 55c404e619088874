import { ROLE_RANK, type Role } from '../../schema/api/auth.ts';

/** Who a request acts as: the token it presented (directly or through a session). */
export interface Identity {
  tokenId: number;
  name: string;
  role: Role;
  via: 'bearer' | 'session';
  /** SHA-256 of the session cookie's value, for session-authenticated requests. */
  sessionHash?: string;
  sessionExpiresAt?: string;
  /** The cookie's value itself (never stored), to derive the CSRF token. */
  sessionId?: string;
}

/** Who may call a route: anyone (`public`), or a token of at least this role. */
export type Access = 'public' | Role;

/** How the audit log names the acting token, e.g. `token:alice(analyst)`. */
export function actorOf(identity: Pick<Identity, 'name' | 'role'>): string {
  return `token:${identity.name}(${identity.role})`;
}

export function allows(access: Access, role: Role): boolean {
  return access === 'public' || ROLE_RANK[role] >= ROLE_RANK[access];
}
