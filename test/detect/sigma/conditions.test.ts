import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCondition } from '../../../src/detect/sigma/condition/parse.ts';
import { matcher, problemOf, ruleText } from './helpers.ts';

const IDS = `a:\n    A: 1\nb:\n    B: 1\nc:\n    C: 1\n`;
const cond = (condition: string) => matcher(`${IDS}condition: ${condition}`);

describe('Sigma conditions', () => {
  it('and / or / not with Sigma precedence (not > and > or) and parentheses', () => {
    const m = cond('a or b and c');
    assert.equal(m({ A: 1 }), true);
    assert.equal(m({ B: 1 }), false);
    assert.equal(m({ B: 1, C: 1 }), true);
    const grouped = cond('(a or b) and c');
    assert.equal(grouped({ A: 1 }), false);
    assert.equal(grouped({ A: 1, C: 1 }), true);
    const negated = cond('a and not b');
    assert.equal(negated({ A: 1 }), true);
    assert.equal(negated({ A: 1, B: 1 }), false);
    const notOr = cond('not a or b');
    assert.equal(notOr({}), true);
    assert.equal(notOr({ A: 1 }), false);
    assert.equal(cond('not not a')({ A: 1 }), true);
    assert.equal(cond('a AND NOT b')({ A: 1 }), true, 'keywords in any case');
  });

  it('1 of / all of a pattern, with * anywhere in it', () => {
    const ids = `selection_img:\n    Image: x\nselection_cli:\n    CommandLine: y\nfilter_main_a:\n    User: system\nfilter_main_b:\n    User: service\n`;
    const one = matcher(`${ids}condition: 1 of selection_* and not 1 of filter_main_*`);
    assert.equal(one({ Image: 'x' }), true);
    assert.equal(one({ CommandLine: 'y', User: 'service' }), false);
    const all = matcher(`${ids}condition: all of selection_*`);
    assert.equal(all({ Image: 'x' }), false);
    assert.equal(all({ Image: 'x', CommandLine: 'y' }), true);
    const middle = matcher(`${ids}condition: 1 of *_main_*`);
    assert.equal(middle({ User: 'system' }), true);
    assert.equal(middle({ Image: 'x' }), false);
  });

  it('1 of them / all of them ignore identifiers starting with _', () => {
    const ids = `sel1:\n    A: 1\nsel2:\n    B: 1\n_helper:\n    C: 1\n`;
    const any = matcher(`${ids}condition: 1 of them`);
    assert.equal(any({ C: 1 }), false);
    assert.equal(any({ B: 1 }), true);
    const all = matcher(`${ids}condition: all of them`);
    assert.equal(all({ A: 1, B: 1 }), true, '_helper is not required');
    assert.equal(all({ A: 1, C: 1 }), false);
  });

  it('x of with other numbers: at least x of the identifiers', () => {
    const two = cond('2 of them');
    assert.equal(two({ A: 1 }), false);
    assert.equal(two({ A: 1, C: 1 }), true);
    assert.equal(two({ A: 1, B: 1, C: 1 }), true);
    const three = cond('3 of them');
    assert.equal(three({ A: 1, B: 1 }), false);
    assert.equal(three({ A: 1, B: 1, C: 1 }), true);
  });

  it('a list of conditions is an OR', () => {
    const m = matcher(`${IDS}condition:\n    - a and b\n    - c`);
    assert.equal(m({ A: 1 }), false);
    assert.equal(m({ A: 1, B: 1 }), true);
    assert.equal(m({ C: 1 }), true);
  });

  it('parses the grammar into the expected tree', () => {
    assert.deepEqual(parseCondition('a or not b and 1 of c*'), {
      kind: 'or',
      items: [{ kind: 'id', name: 'a' }, { kind: 'and', items: [{ kind: 'not', item: { kind: 'id', name: 'b' } }, { kind: 'of', count: 1, pattern: 'c*' }] }],
    });
    assert.deepEqual(parseCondition('all of them'), { kind: 'of', count: 'all', pattern: undefined });
  });

  it('unknown identifiers, empty patterns and syntax errors make the rule invalid, at the condition line', () => {
    const unknown = problemOf(ruleText(`selection:\n    A: 1\ncondition: selection and filter`));
    assert.equal(unknown.status, 'invalid');
    assert.match(unknown.reason, /unknown search identifier 'filter'/);
    assert.equal(unknown.pos.line, 9);
    assert.match(problemOf(ruleText(`selection:\n    A: 1\ncondition: 1 of filter_*`)).reason, /matches no search identifier/);
    for (const broken of ['selection and', '(selection', 'selection selection', 'and selection', 'x of selection', '1 of (selection)']) {
      const p = problemOf(ruleText(`selection:\n    A: 1\ncondition: ${broken}`));
      assert.equal(p.status, 'invalid', broken);
    }
    assert.match(problemOf(ruleText(`selection:\n    A: 1\n`)).reason, /no condition/);
  });

  it('Sigma 1 aggregations are reported unsupported, not dropped', () => {
    const p = problemOf(ruleText(`selection:\n    A: 1\ntimeframe: 5m\ncondition: selection | count(User) by Host > 10`));
    assert.equal(p.status, 'unsupported');
    assert.match(p.reason, /aggregation/);
  });
});
