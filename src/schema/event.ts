import { z } from 'zod';

/**
 * The normalised event: an ECS-style subset. Every field but the identity, the event block and the
 * provenance (`log`, `vigil`) is optional; absent means "the source did not say", never a default.
 */

const port = z.number().int().min(0).max(65535);

export const OutcomeSchema = z.enum(['success', 'failure', 'unknown']);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const EventKindSchema = z.enum(['event', 'alert', 'metric', 'state', 'pipeline_error']);

export const EventBlockSchema = z.object({
  kind: EventKindSchema,
  category: z.array(z.string()).optional(),
  type: z.array(z.string()).optional(),
  action: z.string().optional(),
  outcome: OutcomeSchema.optional(),
  code: z.string().optional(),
  provider: z.string().optional(),
  module: z.string().optional(),
  dataset: z.string(),
  severity: z.number().optional(),
  reason: z.string().optional(),
  /** How many occurrences this one record stands for (`message repeated N times`). */
  count: z.number().int().positive().optional(),
  original: z.string(),
});

const ProcessCoreSchema = z.object({
  name: z.string().optional(),
  pid: z.number().int().optional(),
  entity_id: z.string().optional(),
  executable: z.string().optional(),
  command_line: z.string().optional(),
  working_directory: z.string().optional(),
});

export const ProcessSchema = ProcessCoreSchema.extend({
  parent: ProcessCoreSchema.optional(),
  hash: z
    .object({
      md5: z.string().optional(),
      sha1: z.string().optional(),
      sha256: z.string().optional(),
      imphash: z.string().optional(),
    })
    .optional(),
  user: z.object({ name: z.string().optional(), domain: z.string().optional() }).optional(),
  integrity_level: z.string().optional(),
});

const EndpointSchema = z.object({
  ip: z.string().optional(),
  port: port.optional(),
  domain: z.string().optional(),
  address: z.string().optional(),
  bytes: z.number().optional(),
  mac: z.string().optional(),
});

export const UserSchema = z.object({
  name: z.string().optional(),
  domain: z.string().optional(),
  id: z.string().optional(),
  target: z.object({ name: z.string().optional(), domain: z.string().optional(), id: z.string().optional() }).optional(),
  effective: z.object({ name: z.string().optional() }).optional(),
  group: z.object({ name: z.string().optional(), id: z.string().optional() }).optional(),
});

export const IndicatorTypeSchema = z.enum(['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'cve']);
export type IndicatorType = z.infer<typeof IndicatorTypeSchema>;
export const IpClassSchema = z.enum([
  'public',
  'private',
  'loopback',
  'link-local',
  'documentation',
  'multicast',
  'reserved',
  'unspecified',
  'shared',
]);
export type IpClass = z.infer<typeof IpClassSchema>;

export const IndicatorSchema = z.object({
  type: IndicatorTypeSchema,
  value: z.string(),
  class: IpClassSchema.optional(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

/** The fields a format module fills in from one record. */
export const EventFieldsSchema = z.object({
  message: z.string().optional(),
  event: EventBlockSchema.omit({ kind: true, dataset: true, original: true }).partial().optional(),
  source: EndpointSchema.optional(),
  destination: EndpointSchema.optional(),
  user: UserSchema.optional(),
  host: z.object({ name: z.string().optional(), ip: z.string().optional() }).optional(),
  process: ProcessSchema.optional(),
  file: z.object({ path: z.string().optional(), name: z.string().optional() }).optional(),
  registry: z.object({ path: z.string().optional(), value: z.string().optional(), data: z.string().optional() }).optional(),
  dns: z
    .object({
      question: z.object({ name: z.string().optional(), type: z.string().optional() }).optional(),
      answers: z.array(z.string()).optional(),
      response_code: z.string().optional(),
    })
    .optional(),
  url: z
    .object({
      original: z.string().optional(),
      path: z.string().optional(),
      query: z.string().optional(),
      domain: z.string().optional(),
      scheme: z.string().optional(),
    })
    .optional(),
  http: z
    .object({
      version: z.string().optional(),
      request: z.object({ method: z.string().optional(), referrer: z.string().optional(), bytes: z.number().optional() }).optional(),
      response: z.object({ status_code: z.number().int().optional(), bytes: z.number().optional() }).optional(),
    })
    .optional(),
  user_agent: z.object({ original: z.string().optional() }).optional(),
  network: z
    .object({
      transport: z.string().optional(),
      protocol: z.string().optional(),
      direction: z.string().optional(),
      bytes: z.number().optional(),
      packets: z.number().optional(),
      interface: z.object({ in: z.string().optional(), out: z.string().optional() }).optional(),
    })
    .optional(),
  tls: z.object({ version: z.string().optional(), server_name: z.string().optional() }).optional(),
  service: z.object({ name: z.string().optional() }).optional(),
  /** Software installed, removed or upgraded (Windows Installer, dpkg, apt): its name, version, architecture and packager (`msi`, `deb`). */
  package: z.object({ name: z.string().optional(), version: z.string().optional(), architecture: z.string().optional(), type: z.string().optional() }).optional(),
  /** The cloud an audit record comes from (AWS, Azure, GCP…): its region, account (or project) and service. */
  cloud: z
    .object({
      provider: z.string().optional(),
      region: z.string().optional(),
      account: z.object({ id: z.string().optional() }).optional(),
      service: z.object({ name: z.string().optional() }).optional(),
    })
    .optional(),
  /** The detection rule or signature behind an alert record (an IDS signature: its name, sid and classification). */
  rule: z.object({ name: z.string().optional(), id: z.string().optional(), category: z.string().optional() }).optional(),
  winlog: z
    .object({
      channel: z.string().optional(),
      event_id: z.number().int().optional(),
      provider_name: z.string().optional(),
      record_id: z.string().optional(),
      computer_name: z.string().optional(),
      logon: z.object({ type: z.string().optional(), id: z.string().optional() }).optional(),
      event_data: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  /** Extra fields the format understood but the schema has no place for (kept, searchable). */
  labels: z.record(z.string(), z.string()).optional(),
});
export type EventFields = z.infer<typeof EventFieldsSchema>;

export const TimeInfoSchema = z.object({
  /** How the time was obtained: from the record with a zone, assumed zone, or absent. */
  source: z.enum(['record', 'assumed_zone', 'none']),
  /** The zone applied when the record had none (`--tz`). */
  timezone: z.string().optional(),
  /** Where the year came from when the record had none. */
  year_from: z.enum(['option', 'file_mtime', 'ingest_time']).optional(),
  raw: z.string().optional(),
});

export const EventSchema = EventFieldsSchema.extend({
  id: z.string(),
  '@timestamp': z.string().optional(),
  event: EventBlockSchema,
  log: z.object({
    file: z.object({ path: z.string() }),
    line: z.number().int().optional(),
    offset: z.number().int().optional(),
  }),
  vigil: z.object({
    format: z.string(),
    time: TimeInfoSchema,
    indicators: z.array(IndicatorSchema),
  }),
  related: z
    .object({
      ip: z.array(z.string()).optional(),
      user: z.array(z.string()).optional(),
      hosts: z.array(z.string()).optional(),
      hash: z.array(z.string()).optional(),
    })
    .optional(),
});
export type VigilEvent = z.infer<typeof EventSchema>;
