import { Option } from 'commander';
import { ROLES, RoleSchema, TokenNameSchema } from '../../schema/api/auth.ts';
import { presentToken as presented } from '../../server/presenters/token.ts';
import { VigilError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { line, paint, printJson, table, terminalSafe } from '../output.ts';
import { defineCommand } from './command.ts';

const ACTIONS = ['create', 'list', 'revoke'] as const;

function checkedName(value: unknown): string {
  const parsed = TokenNameSchema.safeParse(value);
  if (!parsed.success) throw new VigilError('E_USAGE', `token name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export const tokenCommand = defineCommand({
  name: 'token',
  define: (c) =>
    c
      .description('Manage API tokens of `vigil serve`: create (the secret is shown once), list, revoke.')
      .argument('<action>', ACTIONS.join(', '))
      .argument('[name]', 'token name (revoke)')
      .option('--name <name>', 'token name (create): letters, digits, . _ - @')
      .addOption(new Option('--role <role>', 'role (create)').choices([...ROLES]).default('viewer')),
  run(ctx: CliContext, args, options) {
    const action = args[0] as string;
    if (!(ACTIONS as readonly string[]).includes(action)) throw new VigilError('E_USAGE', `token: unknown action ${action} (${ACTIONS.join(', ')})`);
    const store = ctx.openStore();
    try {
      if (action === 'list') {
        const tokens = store.tokens.list().map(presented);
        if (ctx.output.json) printJson(ctx.output, { tokens });
        else if (tokens.length === 0) line(ctx.output, 'no tokens yet: vigil token create --name <name> --role viewer|analyst|admin');
        else line(ctx.output, table([['NAME', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED'], ...tokens.map((t) => [terminalSafe(t.name), t.role, t.created_at, t.last_used_at ?? '-', t.revoked_at ?? '-'])]));
        return Promise.resolve(0);
      }
      if (action === 'create') {
        const name = checkedName(options.name);
        const role = RoleSchema.parse(options.role);
        const created = store.db.transaction(() => {
          const result = store.tokens.create(name, role, ctx.actor);
          store.audit.append({ actor: ctx.actor, action: 'token-create', target: name, details: { role } });
          return result;
        })();
        if (ctx.output.json) printJson(ctx.output, { token: presented(created.token), secret: created.secret });
        else {
          line(ctx.output, `created ${role} token ${name}; its secret is shown this once (only a hash is stored):`);
          line(ctx.output, `  ${paint(ctx.output, 'bold', created.secret)}`);
        }
        return Promise.resolve(0);
      }
      const name = checkedName(args[1] ?? options.name);
      const revoked = store.db.transaction(() => {
        const token = store.tokens.revoke(name);
        if (token !== undefined) store.audit.append({ actor: ctx.actor, action: 'token-revoke', target: name, details: { role: token.role } });
        return token;
      })();
      if (revoked === undefined) throw new VigilError('E_USAGE', `no active token named ${name} (vigil token list)`);
      if (ctx.output.json) printJson(ctx.output, { token: presented(revoked) });
      else line(ctx.output, `revoked token ${name} (${revoked.role}); its sessions are ended`);
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
});
