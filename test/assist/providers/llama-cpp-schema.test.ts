import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { toGrammarSchema } from '../../../src/assist/providers/llama-cpp-schema.ts';

const ANY = { oneOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'object', additionalProperties: true }, { type: 'array' }] };

describe('JSON schema → node-llama-cpp grammar schema', () => {
  it('turns a zod schema (nullable, bounded, enum, array, record) into the subset its grammar generator reads', () => {
    const schema = z.object({
      severity: z.enum(['low', 'high']),
      owner: z.string().max(12).nullable(),
      seen: z.iso.datetime(),
      ip: z.ipv4(),
      tags: z.array(z.string()).max(3),
      data: z.record(z.string(), z.unknown()),
    });
    const converted = toGrammarSchema(z.toJSONSchema(schema));
    assert.deepEqual(converted, {
      type: 'object',
      properties: {
        severity: { enum: ['low', 'high'] },
        owner: { oneOf: [{ type: 'string', maxLength: 12 }, { type: 'null' }] },
        seen: { type: 'string', format: 'date-time' },
        ip: { type: 'string' },
        tags: { type: 'array', maxItems: 3, items: { type: 'string' } },
        data: { type: 'object', additionalProperties: ANY },
      },
    });
  });

  it('reads a schema without a type as any JSON value, not as null', () => {
    assert.deepEqual(toGrammarSchema({}), ANY);
    assert.deepEqual(toGrammarSchema({ description: 'anything' }), ANY);
  });

  it('keeps an object without properties open, as JSON schema means it', () => {
    assert.deepEqual(toGrammarSchema({ type: 'object' }), { type: 'object', additionalProperties: true });
    assert.deepEqual(toGrammarSchema({ type: 'object', properties: { a: { type: 'integer' } } }), { type: 'object', properties: { a: { type: 'integer' } } });
  });

  it('maps anyOf and single-entry allOf to oneOf, and #/definitions references to $defs', () => {
    const converted = toGrammarSchema({
      definitions: { ip: { type: 'string' } },
      anyOf: [{ $ref: '#/definitions/ip' }, { type: ['integer', 'null'] }],
    });
    assert.deepEqual(converted, { $defs: { ip: { type: 'string' } }, oneOf: [{ $ref: '#/$defs/ip' }, { type: ['integer', 'null'] }] });
    assert.deepEqual(toGrammarSchema({ allOf: [{ type: 'boolean' }] }), { oneOf: [{ type: 'boolean' }] });
  });
});
