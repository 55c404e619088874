import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvField, csvRows, markdownCell, markdownTable, markdownText, oneLine, safeJson } from '../../src/triage/export/escape.ts';

describe('Markdown escaping', () => {
  it('neutralises HTML', () => {
    assert.equal(markdownText('<script>alert(1)</script> & <img src=x onerror=y>'), '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=y&gt;');
    assert.equal(markdownText('&lt;b&gt;'), '&amp;lt;b&amp;gt;', 'entities are not decoded back into tags');
    assert.equal(markdownText('<!-- hidden -->'), '&lt;!-- hidden --&gt;');
  });

  it('neutralises links, images, emphasis, code and tables', () => {
    assert.equal(markdownText('[click](http://evil.example)'), '\\[click\\](http\\://evil.example)');
    assert.equal(markdownText('![x](http://evil/p.png)'), '!\\[x\\](http\\://evil/p.png)');
    assert.equal(markdownText('**bold** _it_ `code` ~~del~~ $x$'), '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~del\\~\\~ \\$x\\$');
    assert.equal(markdownText('a|b'), 'a\\|b');
    assert.equal(markdownText('back\\slash'), 'back\\\\slash');
    assert.equal(markdownText('[ref]: http://evil'), '\\[ref\\]: http\\://evil');
  });

  it('neutralises autolinks and mentions', () => {
    assert.equal(markdownText('see https://evil.example/x'), 'see https\\://evil.example/x');
    assert.equal(markdownText('WWW.evil.example'), 'WWW\\.evil.example');
    assert.equal(markdownText('admin@evil.example @team #12'), 'admin\\@evil.example \\@team \\#12');
  });

  it('keeps everything on one line and escapes block syntax at its start', () => {
    assert.equal(markdownText('a\r\nb\nc\rd\u2028e\u0085f'), 'a b c d e f');
    assert.equal(markdownText('# title'), '\\# title');
    assert.equal(markdownText('- item'), '\\- item');
    assert.equal(markdownText('  + item'), '  \\+ item');
    assert.equal(markdownText('1. item'), '1\\. item');
    assert.equal(markdownText('3) item'), '3\\) item');
    assert.equal(markdownText('> quote'), '&gt; quote');
    assert.equal(markdownText('=== '), '\\=== ');
  });

  it('shows control characters and bidi overrides instead of letting them act', () => {
    assert.equal(oneLine('\u001b[31mred\u202egnp.exe'), '\\u001b[31mred\\u202egnp.exe');
    assert.equal(markdownText('\u001b[31m'), '\\\\u001b\\[31m');
  });

  it('cuts long values without splitting a character', () => {
    assert.equal(markdownText('abcdef', 3), 'abc…');
    assert.equal(markdownText('ab😀cd', 3), 'ab…');
    assert.equal(markdownCell(''), '—');
    assert.equal(markdownCell(undefined), '—');
    assert.equal(markdownCell(42), '42');
  });

  it('builds tables whose rows keep their column count', () => {
    const table = markdownTable(['a', 'b'], [[markdownCell('x|y'), markdownCell('1\n| 2 |')]]);
    const lines = table.split('\n');
    assert.equal(lines.length, 3);
    for (const line of lines) assert.equal(line.match(/(?<!\\)\|/g)?.length, 3, line);
  });
});

describe('CSV escaping', () => {
  it('prefixes cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '\uff1d']) assert.equal(csvField(`${start}1+1`).replace(/^"/, '').charAt(0), "'", JSON.stringify(start));
    assert.equal(csvField('=HYPERLINK("http://evil","x")'), '"\'=HYPERLINK(""http://evil"",""x"")"');
    assert.equal(csvField('safe = text'), 'safe = text');
    assert.equal(csvField(-3), '-3', 'numbers are ours and stay numbers');
    assert.equal(csvField(undefined), '');
  });

  it('quotes per RFC 4180 and round-trips through a CSV parser', () => {
    const hostile = ['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', '=cmd|\'/C calc\'!A0', '', 'plain'];
    const text = csvRows([['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'], hostile]);
    assert.ok(text.endsWith('\r\n'));
    const rows: string[][] = parse(text, { relax_column_count: false });
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1], ['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', "'=cmd|'/C calc'!A0", '', 'plain']);
  });
});

describe('JSON escaping', () => {
  it('writes the same value with HTML-significant characters as \\u escapes', () => {
    const value = { x: '</script><b>&', y: 'line\u2028sep' };
    const text = safeJson(value);
    assert.doesNotMatch(text, /[<>&\u2028]/);
    assert.deepEqual(JSON.parse(text), value);
  });
});
