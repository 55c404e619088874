import type { ApiToken, Role } from '../../../schema/api/auth.ts';
import { VigilError } from '../../../util/errors.ts';
import { actorOf } from '../../auth/identity.ts';
import { ApiError, notFound } from '../../errors.ts';
import { presentToken } from '../../presenters/token.ts';
import { caller, type RouteContext } from '../../route.ts';

export function listTokens({ vigil }: RouteContext<unknown, unknown, unknown>): { tokens: ApiToken[] } {
  return { tokens: vigil.reads.tokens.list().map(presentToken) };
}

export async function createToken({ body, identity, vigil }: RouteContext<unknown, { name: string; role: Role }, unknown>): Promise<{ token: ApiToken; secret: string }> {
  const actor = actorOf(caller(identity));
  const created = await vigil.writes.run((store) => {
    try {
      const result = store.tokens.create(body.name, body.role, actor);
      store.audit.append({ actor, action: 'token-create', target: body.name, details: { role: body.role } });
      return result;
    } catch (error) {
      if (error instanceof VigilError) throw new ApiError('E_CONFLICT', error.message);
      throw error;
    }
  });
  return { token: presentToken(created.token), secret: created.secret };
}

/** Revokes a token; the last active admin token cannot be revoked through the API (it would lock admins out). */
export async function revokeToken({ params, identity, vigil }: RouteContext<unknown, unknown, { name: string }>): Promise<{ token: ApiToken }> {
  const actor = actorOf(caller(identity));
  const revoked = await vigil.writes.run((store) => {
    const token = store.tokens.active(params.name);
    if (token === undefined) throw notFound(`active token ${params.name}`);
    if (token.role === 'admin' && store.tokens.countActive('admin') <= 1) {
      throw new ApiError('E_CONFLICT', 'this is the last active admin token; create another admin token first (or use vigil token revoke on the server)');
    }
    const result = store.tokens.revoke(params.name)!;
    store.audit.append({ actor, action: 'token-revoke', target: params.name, details: { role: token.role } });
    return result;
  });
  return { token: presentToken(revoked) };
}
