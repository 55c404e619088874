import { z } from 'zod';
import { AssistConfigSchema, LlmConfigSchema } from './assist.ts';
import { ServerConfigSchema } from './api/server-config.ts';
import { TriageOptionsSchema } from './incident.ts';

/** Values of Sigma `expand` placeholders: a name (without `%`) → one value or a list. */
export const PlaceholdersSchema = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]));

/**
 * The operator's configuration file (`vigil.config.yml` in the working directory, `--config <file>` or
 * `$VIGIL_CONFIG`). Everything is optional; command-line options win over it.
 */
export const VigilConfigSchema = z
  .object({
    triage: TriageOptionsSchema.partial().strict().optional(),
    detection: z
      .object({
        /** Extra rule directories run on every analysis, beside the built-in pack. */
        rules: z.array(z.string()).optional(),
        placeholders: PlaceholdersSchema.optional(),
      })
      .strict()
      .optional(),
    ingest: z
      .object({
        /** The zone of timestamps that name none, when `--tz` (or an upload's `tz`) is not given. */
        tz: z.string().max(64).optional(),
        /** `<glob>=<zone>` rules (`--tz-for`), after those of the command line or the upload: the estate's zones, once. */
        tzFor: z.array(z.string().max(1100)).max(256).optional(),
      })
      .strict()
      .optional(),
    llm: LlmConfigSchema.optional(),
    assist: AssistConfigSchema.optional(),
    server: ServerConfigSchema.optional(),
  })
  .strict();
export type VigilConfig = z.infer<typeof VigilConfigSchema>;
