import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInline, parseMarkdown, type Block, type Inline } from '../../web/src/lib/markdown-ast.ts';

/**
 * The web app's Markdown subset for answers: what becomes structure (headings, lists, emphasis, code, fact
 * references) and what stays text (HTML, links, images, autolinks, entities beyond the basic five).
 */

/** Every text the tree holds, in order: what the page would show. */
function texts(nodes: readonly Inline[]): string {
  return nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.v : n.t === 'ref' ? `[${n.id}]` : texts(n.c))).join('');
}

function kinds(nodes: readonly Inline[]): string[] {
  return nodes.map((n) => n.t);
}

describe('answer Markdown', () => {
  it('reads the deterministic report’s structure: headings, bullets with sub-items, numbered steps, fact references', () => {
    const blocks = parseMarkdown('## Brute-force indicators\n\nQuestion: any?\n\n- 203.0.113.45 failed 88 times [F1]\n  - root: 80\n- second [F2]\n\n### Next steps\n\n1. Block it [F3]\n2. Reset');
    assert.deepEqual(
      blocks.map((b) => b.t),
      ['h', 'p', 'list', 'h', 'list'],
    );
    const list = blocks[2] as Extract<Block, { t: 'list' }>;
    assert.equal(list.ordered, false);
    assert.equal(list.items.length, 2);
    assert.deepEqual(kinds(list.items[0]!.c), ['text', 'ref']);
    assert.deepEqual(list.items[0]!.sub.map(texts), ['root: 80']);
    const steps = blocks[4] as Extract<Block, { t: 'list' }>;
    assert.equal(steps.ordered, true);
    assert.deepEqual(steps.items.map((i) => texts(i.c)), ['Block it [F3]', 'Reset']);
  });

  it('turns emphasis, strong and code into elements, and backslash escapes into the character', () => {
    const nodes = parseInline('**root** used `sudo -i` at *night*; \\*not emphasis\\* and snake_case_name');
    assert.deepEqual(kinds(nodes), ['strong', 'text', 'code', 'text', 'em', 'text']);
    assert.equal(texts(nodes), 'root used sudo -i at night; *not emphasis* and snake_case_name');
  });

  it('keeps HTML, links, images and javascript: URLs as text, decoding only the basic entities', () => {
    const hostile = '<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://evil/x.png) <img src=x onerror=alert(1)> &lt;b&gt; &#x3C;i&#x3E; www.evil.example';
    const nodes = parseInline(hostile);
    assert.ok(nodes.every((n) => n.t === 'text'), 'nothing but text');
    assert.equal(texts(nodes), '<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://evil/x.png) <img src=x onerror=alert(1)> <b> &#x3C;i&#x3E; www.evil.example');
  });

  it('takes only F-numbered references as references', () => {
    const nodes = parseInline('see [F12] and [G1] and [F] and [1]');
    assert.deepEqual(
      nodes.filter((n) => n.t === 'ref').map((n) => (n as { id: string }).id),
      ['F12'],
    );
  });

  it('stays linear on pathological input: unclosed markers and deep nesting end as text', () => {
    const open = '*'.repeat(50_000) + '_'.repeat(40_000) + '`'.repeat(3);
    assert.equal(texts(parseInline(open)), open);
    const nested = '**'.repeat(50) + 'x' + '**'.repeat(50);
    assert.ok(texts(parseInline(nested)).includes('x'));
    const long = 'a '.repeat(200_000);
    const blocks = parseMarkdown(long);
    assert.equal(blocks.length, 1, 'cut at the input limit, one paragraph');
  });

  it('keeps a fenced block verbatim, markup and all', () => {
    const blocks = parseMarkdown('```\n<b>raw</b> **not bold**\n```\nafter');
    assert.deepEqual(blocks, [
      { t: 'pre', v: '<b>raw</b> **not bold**' },
      { t: 'p', c: [{ t: 'text', v: 'after' }] },
    ]);
  });
});
