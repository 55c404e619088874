import { z } from 'zod';

/** Rate-limit policies by name; a route names the one it falls under (docs/api.md lists them). */
export const RATE_POLICIES = ['login', 'upload', 'analyze', 'search', 'export', 'ask'] as const;
export const RatePolicySchema = z.enum(RATE_POLICIES);
export type RatePolicy = z.infer<typeof RatePolicySchema>;

/** The `server:` block of vigil.config.yml (`vigil serve`); command-line options win over it. */
export const ServerConfigSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    /** Where uploaded files are kept (default: `<store>.uploads` beside the store file). */
    uploadDir: z.string().min(1).optional(),
    uploadMaxFileMb: z.number().positive().optional(),
    uploadMaxFiles: z.number().int().positive().max(1000).optional(),
    sessionHours: z.number().positive().max(24 * 30).optional(),
    /** Mark the session cookie `Secure` (set it when a TLS proxy fronts the server). */
    secureCookies: z.boolean().optional(),
    /** Requests per minute and client for each policy. */
    rateLimits: z.partialRecord(RatePolicySchema, z.number().int().positive()).optional(),
  })
  .strict();
export type ServerConfig = z.infer<typeof ServerConfigSchema>;
