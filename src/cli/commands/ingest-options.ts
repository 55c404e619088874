import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { FORMATS } from '../../ingest/formats/index.ts';
import { parseZoneRule, type ZoneRule } from '../../normalize/source-zones.ts';
import { FieldMappingSchema, type FieldMapping } from '../../schema/mapping.ts';
import { VigilError, errorMessage } from '../../util/errors.ts';

/** Options shared by the verbs that read logs (ingest, analyze). */
export function withIngestOptions(command: Command): Command {
  return command
    .argument('<paths...>', 'files, directories (recursive), .gz/.zip/.tar archives, or - for stdin')
    .addOption(new Option('--format <id>', 'force a format instead of detecting it from content').choices(FORMATS.map((f) => f.id)))
    .option('--tz <zone>', "time zone for timestamps that carry none (IANA name or ±hh:mm; default: the configuration's ingest.tz, else UTC)")
    .option(
      '--tz-for <pattern=zone>',
      "time zone of the inputs whose name matches a glob, before --tz (repeatable; first match wins): 'dc01/**=Europe/Berlin', '*.iis.log=-05:00'",
      (value: string, rules: ZoneRule[] | undefined) => [...(rules ?? []), parseZoneRule(value)],
    )
    .option('--year <year>', 'year of the first year-less syslog timestamp (default: from the file modification time)', parseYear)
    .option('--mapping <file>', 'JSON field mapping for generic JSON/CSV: {"fields": {"src": "source.ip"}}')
    .option('--parse-thread', 'parse on a second thread while writing (default: from 8 MiB of input on a machine with 2+ CPUs; ~45–70 MB more memory, 20–32 % less time)')
    .option('--no-parse-thread', 'parse on the writing thread, whatever the input size')
    .option('--refresh', 'read logs stored before with this version: events it reads differently (a field now mapped, a time now resolved) are updated in place, keeping their ids');
}

function parseYear(value: string): number {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 1970 || year > 2200) throw new VigilError('E_USAGE', `--year expects a year such as 2024, got ${value}`);
  return year;
}

export interface IngestFlags {
  parseThread?: boolean;
  refresh?: boolean;
  format?: string;
  tz?: string;
  tzFor?: ZoneRule[];
  year?: number;
  mapping?: string;
}

export async function loadMapping(path: string | undefined): Promise<FieldMapping | undefined> {
  if (path === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new VigilError('E_CONFIG', `cannot read mapping file ${path}: ${errorMessage(error)}`);
  }
  const parsed = FieldMappingSchema.safeParse(raw);
  if (!parsed.success) throw new VigilError('E_CONFIG', `invalid mapping file ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
