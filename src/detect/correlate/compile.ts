import type { RuleRef } from '../../schema/alert.ts';
import { ruleRefOf } from '../rule-ref.ts';
import type { CompiledCorrelation, CorrelationCondition, RuleProblem, SourcePos } from '../types.ts';
import { parseCondition, parseTimespan } from './condition.ts';

type CorrelationType = CompiledCorrelation['type'];

const SUPPORTED_TYPES: readonly CorrelationType[] = ['event_count', 'value_count', 'temporal', 'temporal_ordered', 'value_sum', 'value_avg'];
/** Valid Sigma (pySigma knows them) that we do not run. */
const UNSUPPORTED_TYPES = ['value_percentile', 'value_median', 'temporal_extended', 'temporal_ordered_extended'];
const NEEDS_FIELD: readonly CorrelationType[] = ['value_count', 'value_sum', 'value_avg'];

export interface CompileContext {
  pos: SourcePos;
  origin: RuleRef['origin'];
  file: string;
}

class CompileError extends Error {
  constructor(
    message: string,
    readonly status: RuleProblem['status'] = 'invalid',
  ) {
    super(message);
  }
}

/** Compiles one YAML document that has a `correlation` key, or says why it cannot. */
export function compileCorrelation(doc: Record<string, unknown>, ctx: CompileContext): CompiledCorrelation | RuleProblem {
  const ref = ruleRefOf(doc, ctx.origin, ctx.file);
  try {
    return compileBody(doc, ref, ctx.pos);
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    return { pos: ctx.pos, status: err.status, reason: err.message, id: ref.id, title: ref.title };
  }
}

function compileBody(doc: Record<string, unknown>, ref: RuleRef, pos: SourcePos): CompiledCorrelation {
  const body = asRecord(doc.correlation, 'correlation must be a mapping');
  const type = typeOf(body.type);
  const ruleRefs = ruleRefsOf(body.rules);
  const timespanMs = parseTimespan(body.timespan);
  if (timespanMs === undefined) throw new CompileError(`timespan must be a number and a unit (s, m, h, d, w), got ${JSON.stringify(body.timespan) ?? 'nothing'}`);
  const { condition, field } = conditionOf(body.condition, type, ruleRefs.length);
  return {
    ref,
    ...(typeof doc.name === 'string' && doc.name !== '' ? { name: doc.name } : {}),
    pos,
    type,
    ruleRefs,
    generate: true,
    generateReferenced: generateOf(body.generate),
    timespanMs,
    groupBy: groupByOf(body['group-by']),
    aliases: aliasesOf(body.aliases),
    condition,
    ...(field === undefined ? {} : { field }),
  };
}

function asRecord(value: unknown, message: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CompileError(message);
  return value as Record<string, unknown>;
}

function typeOf(value: unknown): CorrelationType {
  const type = typeof value === 'string' ? value.toLowerCase() : value;
  const known = SUPPORTED_TYPES.find((t) => t === type);
  if (known !== undefined) return known;
  if (typeof type === 'string' && UNSUPPORTED_TYPES.includes(type)) throw new CompileError(`correlation type ${type} is not supported`, 'unsupported');
  throw new CompileError(`unknown correlation type ${JSON.stringify(value) ?? 'nothing'}`);
}

function ruleRefsOf(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (list === undefined || list.length === 0) throw new CompileError('correlation rules must name at least one rule (id or name)');
  return list.map((r) => {
    if (typeof r !== 'string' || r === '') throw new CompileError('each correlation rule reference must be a rule id or name');
    return r;
  });
}

function groupByOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((g) => {
    if (typeof g !== 'string' && typeof g !== 'number') throw new CompileError('group-by must be a field name or a list of them');
    return String(g);
  });
}

function generateOf(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new CompileError('generate must be true or false');
  return value;
}

function aliasesOf(value: unknown): Record<string, Record<string, string>> {
  if (value === undefined || value === null) return {};
  const out: Record<string, Record<string, string>> = {};
  for (const [alias, mapping] of Object.entries(asRecord(value, 'aliases must be a mapping'))) {
    const perRule: Record<string, string> = {};
    for (const [rule, field] of Object.entries(asRecord(mapping, `alias ${alias} must map rule names to field names`))) {
      if (typeof field !== 'string' || field === '') throw new CompileError(`alias ${alias}: the field for ${rule} must be a field name`);
      perRule[rule] = field;
    }
    out[alias] = perRule;
  }
  return out;
}

function conditionOf(value: unknown, type: CorrelationType, ruleCount: number): { condition: CorrelationCondition; field?: string } {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  // The specification's default for temporal types: every referenced rule must appear.
  if ((value === undefined || value === null) && temporal) return { condition: { gte: ruleCount } };
  if (typeof value === 'string') throw new CompileError('extended (boolean) correlation conditions are not supported', 'unsupported');
  const raw = asRecord(value, `a ${type} correlation needs a condition mapping (gt, gte, lt, lte, eq, neq)`);
  const condition = parseCondition(raw);
  if (typeof condition === 'string') throw new CompileError(condition);
  const field = raw.field;
  if (Array.isArray(field)) throw new CompileError('a condition field list is not supported', 'unsupported');
  if (field !== undefined && (typeof field !== 'string' || field === '')) throw new CompileError('condition field must be a field name');
  if (NEEDS_FIELD.includes(type) && field === undefined) throw new CompileError(`a ${type} correlation needs condition.field`);
  return field === undefined ? { condition } : { condition, field };
}
