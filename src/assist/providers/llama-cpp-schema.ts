import type { GbnfJsonSchema } from 'node-llama-cpp';

/**
 * A standard JSON schema (e.g. from `z.toJSONSchema`) rewritten into the subset node-llama-cpp turns into a
 * grammar. Its generator reads `anyOf` as nothing and a type-less schema as `null`, and an unknown string
 * `format` as the empty string; so `anyOf` becomes `oneOf`, type-less schemas become "any JSON value", and
 * formats other than date/time are dropped. Keywords it cannot enforce (`pattern`, `minimum`…) stay
 * unenforced: the caller validates the reply with its own schema.
 */

type JsonObject = Record<string, unknown>;

const GRAMMAR_FORMATS = new Set(['date', 'time', 'date-time']);
const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
const CARRIED_KEYS = ['const', 'enum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', '$ref'] as const;

const ANY_JSON: JsonObject = {
  oneOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'object', additionalProperties: true }, { type: 'array' }],
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(record: unknown, convert: (value: unknown) => JsonObject): JsonObject | undefined {
  if (!isObject(record)) return undefined;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, convert(value)]));
}

function typeList(type: unknown): string[] {
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string' && TYPE_NAMES.has(t));
}

function alternatives(schema: JsonObject): readonly unknown[] | undefined {
  const { oneOf, anyOf, allOf } = schema as { oneOf?: unknown; anyOf?: unknown; allOf?: unknown };
  if (Array.isArray(oneOf)) return oneOf as unknown[];
  if (Array.isArray(anyOf)) return anyOf as unknown[];
  if (Array.isArray(allOf) && allOf.length === 1) return allOf as unknown[];
  return undefined;
}

function convertTyped(schema: JsonObject, types: string[]): JsonObject {
  const out: JsonObject = { type: types.length === 1 ? types[0] : types };
  if (types.includes('object')) {
    const properties = mapValues(schema.properties, convert);
    if (properties !== undefined) out.properties = properties;
    const extra = schema.additionalProperties;
    if (extra === true || (extra === undefined && properties === undefined)) out.additionalProperties = true;
    else if (isObject(extra)) out.additionalProperties = convert(extra);
  }
  if (types.includes('array')) {
    if (isObject(schema.items)) out.items = convert(schema.items);
    if (Array.isArray(schema.prefixItems)) out.prefixItems = schema.prefixItems.map(convert);
  }
  if (types.length === 1 && types[0] === 'string' && typeof schema.format === 'string' && GRAMMAR_FORMATS.has(schema.format)) out.format = schema.format;
  return out;
}

function convert(value: unknown): JsonObject {
  if (value === true || !isObject(value)) return ANY_JSON;
  const out: JsonObject = {};
  const defs = mapValues(value.$defs ?? value.definitions, convert);
  if (defs !== undefined) out.$defs = defs;
  for (const key of CARRIED_KEYS) if (value[key] !== undefined) out[key] = value[key];
  if (typeof out.$ref === 'string') out.$ref = out.$ref.replace('#/definitions/', '#/$defs/');
  const options = alternatives(value);
  if (options !== undefined) return { ...out, oneOf: options.map(convert) };
  if (out.const !== undefined || out.enum !== undefined || out.$ref !== undefined) return out;
  const types = typeList(value.type);
  if (types.length === 0) return { ...ANY_JSON, ...out };
  return { ...out, ...convertTyped(value, types) };
}

export function toGrammarSchema(schema: Record<string, unknown>): GbnfJsonSchema {
  return convert(schema) as GbnfJsonSchema;
}
