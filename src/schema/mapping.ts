import { z } from 'zod';

/** A user-supplied field mapping file: `{ "fields": { "<source field>": "<schema path>" } }` or the flat map. */
const target = z.string().regex(/^[@A-Za-z_][@A-Za-z0-9_.]*$/, 'a schema path such as source.ip or @timestamp');

export const FieldMappingSchema = z.union([
  z.object({ fields: z.record(z.string().min(1), target) }).transform((m) => m.fields),
  z.record(z.string().min(1), target),
]);
export type FieldMapping = Record<string, string>;
