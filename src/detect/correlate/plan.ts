import type { CompiledCorrelation, CompiledRule, FieldGetter, FieldResolver, RuleProblem } from '../types.ts';

type Target = CompiledRule | CompiledCorrelation;

/** A detection rule's part in a correlation, with its getters. */
export interface RulePart {
  rule: CompiledRule;
  indices: number[];
  group: FieldGetter[];
  value: FieldGetter | undefined;
}

/** A chained correlation's part in a correlation: which of its group values to read. */
export interface ChainPart {
  inner: CompiledCorrelation;
  indices: number[];
  groupNames: string[];
  valueName: string | undefined;
}

/** What a correlation needs at run time, checked against the loaded rules and the field mapping. */
export interface Plan {
  correlation: CompiledCorrelation;
  rules: RulePart[];
  chains: ChainPart[];
}

/** Rules and correlations by Sigma `id` and `name`. */
export class RefIndex {
  private readonly byKey = new Map<string, Target[]>();

  constructor(rules: readonly CompiledRule[], correlations: readonly CompiledCorrelation[]) {
    for (const target of [...rules, ...correlations]) {
      for (const key of new Set([target.ref.id, target.name])) {
        if (key === undefined) continue;
        const list = this.byKey.get(key) ?? [];
        list.push(target);
        this.byKey.set(key, list);
      }
    }
  }

  /** What a reference names; rules of the correlation's own file first (multi-document correlation files). */
  lookup(key: string, from: CompiledCorrelation): Target[] {
    const all = (this.byKey.get(key) ?? []).filter((t) => t !== from);
    const local = all.filter((t) => t.ref.file === from.ref.file && t.ref.origin === from.ref.origin);
    return local.length > 0 ? local : all;
  }
}

export function isCorrelation(target: Target): target is CompiledCorrelation {
  return 'ruleRefs' in target;
}

class PlanError extends Error {
  constructor(
    message: string,
    readonly status: RuleProblem['status'],
  ) {
    super(message);
  }
}

/** The correlation's plan, or why it cannot run (unknown references, aliases, unmapped fields). */
export function planOf(c: CompiledCorrelation, index: RefIndex, resolver: FieldResolver): Plan | RuleProblem {
  try {
    return buildPlan(c, index, resolver);
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    return { pos: c.pos, status: err.status, reason: err.message, id: c.ref.id, title: c.ref.title };
  }
}

function buildPlan(c: CompiledCorrelation, index: RefIndex, resolver: FieldResolver): Plan {
  const plan: Plan = { correlation: c, rules: [], chains: [] };
  const targets = c.ruleRefs.map((key) => {
    const found = index.lookup(key, c);
    if (found.length === 0) throw new PlanError(`references "${key}", which is no loaded rule or correlation (unknown id or name, or the rule did not load)`, 'invalid');
    return found;
  });
  checkAliases(c, targets);
  targets.forEach((found, position) => {
    for (const target of found) addPart(plan, target, position, resolver);
  });
  return plan;
}

function checkAliases(c: CompiledCorrelation, targets: readonly Target[][]): void {
  const known = new Set<string>(c.ruleRefs);
  for (const t of targets.flat()) {
    known.add(t.ref.id);
    if (t.name !== undefined) known.add(t.name);
  }
  for (const [alias, mapping] of Object.entries(c.aliases)) {
    const stray = Object.keys(mapping).find((key) => !known.has(key));
    if (stray !== undefined) throw new PlanError(`alias ${alias} names "${stray}", which is not among the correlated rules`, 'invalid');
  }
}

/** The field a group-by (or condition field) name stands for in one referenced rule's events. */
function fieldFor(c: CompiledCorrelation, name: string, position: number, target: Target): string {
  const mapping = c.aliases[name];
  if (mapping === undefined) return name;
  const key = c.ruleRefs[position] ?? '';
  return mapping[key] ?? (target.name === undefined ? undefined : mapping[target.name]) ?? mapping[target.ref.id] ?? name;
}

function addPart(plan: Plan, target: Target, position: number, resolver: FieldResolver): void {
  const c = plan.correlation;
  if (isCorrelation(target)) {
    const existing = plan.chains.find((p) => p.inner === target);
    if (existing === undefined) plan.chains.push({ inner: target, indices: [position], ...chainNames(c, target, position) });
    else existing.indices.unshift(position);
    return;
  }
  const existing = plan.rules.find((p) => p.rule === target);
  if (existing !== undefined) {
    existing.indices.unshift(position);
    return;
  }
  const getter = (name: string): FieldGetter => {
    const field = fieldFor(c, name, position, target);
    const get = resolver.field(field, target.logsource);
    if (get === undefined) throw new PlanError(`field ${field} is not known for the logsource of rule "${target.ref.title}" (${target.ref.id})`, 'unsupported');
    return get;
  };
  plan.rules.push({ rule: target, indices: [position], group: c.groupBy.map(getter), value: c.field === undefined || !usesField(c) ? undefined : getter(c.field) });
}

function usesField(c: CompiledCorrelation): boolean {
  return c.type === 'value_count' || c.type === 'value_sum' || c.type === 'value_avg';
}

function chainNames(c: CompiledCorrelation, inner: CompiledCorrelation, position: number): { groupNames: string[]; valueName: string | undefined } {
  const name = (wanted: string): string => {
    const field = fieldFor(c, wanted, position, inner);
    if (!inner.groupBy.includes(field)) throw new PlanError(`chained correlation "${inner.ref.title}" does not group by ${field}, so its alerts carry no ${field} value`, 'invalid');
    return field;
  };
  if (c.type === 'value_sum' || c.type === 'value_avg') throw new PlanError(`a ${c.type} correlation cannot sum over another correlation ("${inner.ref.title}")`, 'unsupported');
  return { groupNames: c.groupBy.map(name), valueName: c.type === 'value_count' && c.field !== undefined ? name(c.field) : undefined };
}
