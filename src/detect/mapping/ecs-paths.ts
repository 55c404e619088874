import { z } from 'zod';
import { EventSchema } from '../../schema/event.ts';
import type { FieldGetter } from '../types.ts';
import { ownText, path } from './read.ts';

/**
 * Our own schema's dotted names (`source.ip`, `process.command_line`, `event.outcome`) resolve under every
 * logsource. The list is derived from the event schema itself, so it cannot drift from it: every leaf
 * that holds a scalar or a list of scalars, plus any key below the open records `labels.<key>` and
 * `winlog.event_data.<key>` (label keys may themselves contain dots: `labels.pam.tty`).
 */

const OPEN_RECORDS = ['labels', 'winlog.event_data'] as const;

function leaves(schema: z.ZodType, prefix: string, out: string[]): void {
  if (schema instanceof z.ZodOptional) {
    leaves(schema.unwrap() as z.ZodType, prefix, out);
    return;
  }
  if (schema instanceof z.ZodObject) {
    const shape: Readonly<Record<string, z.ZodType>> = schema.shape;
    for (const [key, child] of Object.entries(shape)) leaves(child, prefix === '' ? key : `${prefix}.${key}`, out);
    return;
  }
  if (schema instanceof z.ZodRecord) return;
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodObject) return;
  out.push(prefix);
}

function schemaLeaves(): ReadonlyMap<string, string> {
  const out: string[] = [];
  leaves(EventSchema, '', out);
  return new Map(out.map((leaf) => [leaf.toLowerCase(), leaf]));
}

/** Lower-cased schema path → its canonical spelling. */
const LEAVES = schemaLeaves();

/** Every schema path, canonical spelling (for documentation and tests). */
export const ECS_PATHS: readonly string[] = [...LEAVES.values()];

function openRecordGetter(name: string): FieldGetter | undefined {
  for (const record of OPEN_RECORDS) {
    const prefix = `${record}.`;
    if (name.length <= prefix.length || name.slice(0, prefix.length).toLowerCase() !== prefix) continue;
    const key = name.slice(prefix.length);
    if (record === 'labels') return (event) => ownText(event.labels, key);
    return (event) => ownText(event.winlog?.event_data, key);
  }
  return undefined;
}

/** The getter for one of our schema names (any case), or undefined when it is not one. */
export function ecsField(name: string): FieldGetter | undefined {
  const canonical = LEAVES.get(name.toLowerCase());
  if (canonical !== undefined) return path(canonical);
  return openRecordGetter(name);
}
