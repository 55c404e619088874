import type { ApiToken } from '../../schema/api/auth.ts';
import type { StoredToken } from '../../store/index.ts';

/** A token as the API shows it: no internal id, never a secret (only its hash is stored anyway). */
export function presentToken(token: StoredToken): ApiToken {
  return {
    name: token.name,
    role: token.role,
    created_at: token.created_at,
    created_by: token.created_by,
    last_used_at: token.last_used_at,
    revoked_at: token.revoked_at,
  };
}
