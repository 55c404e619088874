import { z } from 'zod';

/** Roles, least to most privileged: viewers read, analysts also act on data, admins also manage the server. */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, analyst: 1, admin: 2 };

/** Token names appear in the audit log (`token:<name>(<role>)`): short, printable, no spaces or markup. */
export const TokenNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'a token name is 1-64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit');

/** A token as listed: never its secret (only its SHA-256 is stored). */
export const ApiTokenSchema = z.object({
  name: z.string(),
  role: RoleSchema,
  created_at: z.string(),
  created_by: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const TokenCreateSchema = z.object({ name: TokenNameSchema, role: RoleSchema }).strict();

/** The answer to a token creation: the only time the secret is shown. */
export const TokenCreatedSchema = z.object({ token: ApiTokenSchema, secret: z.string() });

export const TokenListSchema = z.object({ tokens: z.array(ApiTokenSchema) });

export const LoginSchema = z.object({ token: z.string().min(1).max(200) }).strict();

/** Who is calling and how; `csrfToken` is what cookie-authenticated state-changing requests must send back. */
export const SessionInfoSchema = z.object({
  actor: z.string(),
  name: z.string(),
  role: RoleSchema,
  via: z.enum(['bearer', 'session']),
  csrfToken: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
