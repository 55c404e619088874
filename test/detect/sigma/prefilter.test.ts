import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDetector } from '../../../src/detect/index.ts';
import { Automaton, Trie } from '../../../src/detect/sigma/prefilter/automaton.ts';
import { regexNeed } from '../../../src/detect/sigma/prefilter/regex-need.ts';
import { SigmaRule } from '../../../src/detect/sigma/rule.ts';
import type { FieldResolver, FieldValue } from '../../../src/detect/types.ts';
import type { VigilEvent } from '../../../src/schema/event.ts';
import { loadYaml, ruleText } from './helpers.ts';
import { testEvent, testResolver } from './resolver.ts';

/**
 * The detector shows an event only to the rules whose need (prefilter/) the event meets. These detections
 * probe every kind of value and modifier a need is derived from; the detector must report exactly the
 * (event, rule) pairs that evaluating every rule in full (`rule.matches`) reports.
 */
const DETECTIONS: readonly string[] = [
  `sel:\n    Image|endswith:\n        - '\\cmd.exe'\n        - '\\powershell.exe'\ncondition: sel`,
  `sel:\n    CommandLine|contains|all:\n        - '-enc'\n        - 'hidden'\ncondition: sel`,
  `sel:\n    CommandLine: 'ab*ab'\ncondition: sel`,
  `sel:\n    CommandLine: 'a?c*'\ncondition: sel`,
  `sel:\n    CommandLine: '*x*y*z'\ncondition: sel`,
  `sel:\n    EventID: 4624\n    LogonType: 3\ncondition: sel`,
  `sel:\n    EventID: 0x1211\ncondition: sel`,
  `sel:\n    EventID:\n        - 4688\n        - '1'\ncondition: sel`,
  `sel:\n    Image: null\ncondition: sel`,
  `sel:\n    Image|endswith: '.exe'\n    Hashes: null\ncondition: sel`,
  `sel:\n    Hashes|all:\n        - null\n        - 'x'\ncondition: sel`,
  `sel:\n    CommandLine|contains|cased: 'IEX'\ncondition: sel`,
  `keywords:\n    - 'evil'\n    - 'Bad Thing'\ncondition: keywords`,
  `sel:\n    CommandLine|windash|contains: ' -exec '\ncondition: sel`,
  `sel:\n    Image|endswith: '.exe'\nfilter:\n    Image|startswith: 'C:\\Windows\\'\ncondition: sel and not filter`,
  `sel_a:\n    Image|endswith: '\\cmd.exe'\nsel_b:\n    CommandLine|contains: 'whoami'\ncondition: 1 of sel_*`,
  `sel_a:\n    Image|endswith: '\\cmd.exe'\nsel_b:\n    CommandLine|contains: 'whoami'\nsel_c:\n    User: 'bob'\ncondition: 2 of sel_*`,
  `sel_a:\n    Image|endswith: '\\cmd.exe'\nsel_b:\n    CommandLine|re: 'who.mi'\ncondition: 1 of sel_*`,
  `sel:\n    Elevated: true\ncondition: sel`,
  `sel:\n    User: ''\ncondition: sel`,
  `sel:\n    User|contains: ''\ncondition: sel`,
  `sel:\n    User|startswith: 'bo'\n    Image|endswith: ''\ncondition: sel`,
  `sel:\n    CommandLine|base64offset|contains: 'http'\ncondition: sel`,
  `sel:\n    City: 'İstanbul'\ncondition: sel`,
  `sel:\n    Tags|all:\n        - 'a'\n        - 'b'\ncondition: sel`,
  `sel:\n    User|neq: 'bob'\ncondition: sel`,
  `sel:\n    Image|endswith: '\\cmd.exe'\ncondition: not sel`,
  `sel:\n    Hashes|exists: true\ncondition: sel`,
  `sel:\n    SourceIp|cidr: '10.0.0.0/8'\ncondition: sel`,
  `sel:\n    DestinationPort|gte: 1024\ncondition: sel`,
  `sel:\n    ParentImage|fieldref: Image\ncondition: sel`,
  `sel:\n    CommandLine|contains: '*'\ncondition: sel`,
  `sel:\n    - Image|endswith: '\\cmd.exe'\n    - OriginalFileName: 'Cmd.Exe'\ncondition: sel`,
  `sel:\n    CommandLine|contains:\n        - 'aaa'\n        - 'aa'\n        - 'a'\ncondition: sel`,
  `sel:\n    CommandLine|re|i: 'PING\\s+-N'\ncondition: sel`,
  `sel:\n    CommandLine|contains: 'abcdefghijklmnopqrstuvwxyz-0123'\ncondition: sel`,
  `sel:\n    CommandLine|startswith: 'start-abcdefghijklmnopqrstuvwxyz'\ncondition: sel`,
  `sel:\n    Image|endswith: 'abcdefghijklmnopqrstuvwxyz-end.exe'\ncondition: sel`,
  `sel:\n    CommandLine|re: 'a{2}b|(c)d|\\$1'\ncondition: sel`,
  `sel:\n    CommandLine|contains:\n${['a.b', '(x)', '[y]', '$1', '^z', 'p|q', 'back\\slash', 'st\\*r'].map((v) => `        - '${v}'`).join('\n')}\ncondition: sel`,
  `sel:\n    CommandLine|contains:\n${Array.from({ length: 70 }, (_, i) => `        - 'k${String(i).padStart(2, '0')}'`).join('\n')}\ncondition: sel`,
];

const EVENTS: readonly Record<string, FieldValue>[] = [
  { Image: 'C:\\Windows\\System32\\CMD.EXE', CommandLine: 'cmd /c whoami', User: 'bob', OriginalFileName: 'Cmd.Exe' },
  { Image: 'C:\\Tools\\powershell.exe', CommandLine: 'powershell -Enc AAA -w Hidden', EventID: 4688 },
  { Image: 'C:\\Tools\\powershell.exe.bak', CommandLine: 'abab', EventID: '4624', LogonType: 3 },
  { CommandLine: 'ab', EventID: 4624, LogonType: '3' },
  { CommandLine: 'abcab', EventID: '0x1211' },
  { CommandLine: 'axc tail', EventID: '4625', Hashes: null, Image: 'a.exe' },
  { CommandLine: 'ac', EventID: 4625, Hashes: 'x' },
  { CommandLine: 'x; IEX(y)', EventID: '1', Elevated: true },
  { CommandLine: 'x; iex(y) /exec ', EventID: 1, Elevated: 'TRUE' },
  { CommandLine: 'run \u2013exec now', Elevated: 'false', User: '' },
  { CommandLine: 'xxyyzz', User: 'BOB' },
  { CommandLine: 'zyx', User: 'alice', City: 'İSTANBUL' },
  { City: 'i̇stanbul', Tags: ['b', 'a'] },
  { Tags: ['a', 'c'], Image: '', Hashes: '' },
  { Tags: [], Image: ['C:\\x\\cmd.exe', 'D:\\other'] },
  { CommandLine: Buffer.from('get http://x').toString('base64'), SourceIp: '10.1.2.3', DestinationPort: 8080 },
  { CommandLine: Buffer.from('xget http://x').toString('base64'), SourceIp: '192.168.0.1', DestinationPort: '443' },
  { ParentImage: 'C:\\A\\b.exe', Image: 'c:\\a\\B.EXE', CommandLine: '*' },
  { CommandLine: 'who mi', Image: 'C:\\Windows\\notepad.exe' },
  { CommandLine: 'whoami', Image: 'C:\\Users\\x.exe' },
  { CommandLine: 'a' },
  { CommandLine: 'price $1' },
  { CommandLine: 'x ^z' },
  { CommandLine: 'back\\slash st*r' },
  { CommandLine: 'axb (x) k7 K42' },
  { CommandLine: 'k69' },
  { CommandLine: 'x abcdefghijklmnopqrstuvwxyz-0123 start-abcdefghijklmnopqrstuvwxyz' },
  { CommandLine: 'abcdefghijklmnopqrstuvwx start-abcdefghijklmnopqrstuvwx', Image: 'C:\\abcdefghijklmnopqrstuvwxyz-end.exe' },
  { CommandLine: 'start-abcdefghijklmnopqrstuvwxyz', Image: 'C:\\mnopqrstuvwxyz-end.exe' },
  { CommandLine: 'Ping   -n 3' },
  { CommandLine: 'xaab cd' },
  { CommandLine: 'ab cd' },
  // Arrays read from JSON records may hold anything; both paths see an element as String(element).
  { EventID: [null, { a: 1 }, '4688'], Image: [null, 'C:\\cmd.exe'], Tags: [undefined, 'a', 'b'] } as unknown as Record<string, FieldValue>,
  { EventID: [null], CommandLine: [{ a: 1 }], User: ['null'] } as unknown as Record<string, FieldValue>,
  {},
];

function allPairs(): { expected: string[]; detected: string[]; pruned: number } {
  const texts = DETECTIONS.map((d, i) => ruleText(d, 'product: windows', `rule-${String(i)}`).replace('title: Test rule', `title: Rule ${String(i)}`));
  const set = loadYaml(texts.join('---\n'), testResolver());
  const written = loadYaml(texts.join('---\n'), testResolver(), { conditionOrder: 'written' });
  assert.deepEqual(set.problems, []);
  assert.equal(set.rules.length, DETECTIONS.length);
  const detector = createDetector(set, testResolver());
  const expected: string[] = [];
  const detected: string[] = [];
  EVENTS.forEach((fields, e) => {
    const event = testEvent(fields, { original: `record ${JSON.stringify(fields)} with a Bad Thing`.slice(0, e % 2 === 0 ? 200 : 12) });
    for (const rule of written.rules) if (rule.matches(event)) expected.push(`${String(e)} ${rule.ref.id}`);
    for (const alert of detector.push(event)) detected.push(`${String(e)} ${alert.rule.id}`);
  });
  const pruned = set.rules.filter((r) => r instanceof SigmaRule && r.need !== undefined).length;
  return { expected, detected, pruned };
}

describe('detection prefilter and evaluation order', () => {
  it('reports exactly the matches of evaluating every rule in full, in the order written', () => {
    const { expected, detected, pruned } = allPairs();
    assert.deepEqual(detected, expected);
    assert.ok(expected.length >= 40, `${String(expected.length)} matches: the cases must exercise the rules`);
    assert.ok(pruned >= 20, `${String(pruned)} rules have a need: most of them must take part in the prefilter`);
  });

  it('derives a need only where the condition requires a value', () => {
    const set = loadYaml(
      [ruleText(DETECTIONS[0]!, 'product: windows', 'a'), ruleText(DETECTIONS[26]!, 'product: windows', 'b'), ruleText(DETECTIONS[5]!, 'product: windows', 'c')].join('---\n'),
      testResolver(),
    );
    const needs = set.rules.map((r) => (r instanceof SigmaRule ? r.need?.map((a) => a.value) : 'not sigma'));
    assert.deepEqual(needs[0], [
      { kind: 'text', lower: true, anchor: 'endswith', literal: '\\cmd.exe' },
      { kind: 'text', lower: true, anchor: 'endswith', literal: '\\powershell.exe' },
    ]);
    assert.equal(needs[1], undefined, '`not sel` needs nothing');
    assert.equal(needs[2]?.length, 1, 'EventID and LogonType: one of the two is enough');
  });
});

describe('the literal a regular expression needs', () => {
  const cases: readonly [string, string, readonly string[], string[] | undefined][] = [
    ['ab{2}cd|xyz+w', 'i', ['ABBCD', 'xYzzzW', 'zzabbcdzz'], ['cd', 'xy']],
    ['\\$PSHome\\[\\s*\\d', '', ['$PSHome[ 1', 'x$PSHome[9'], ['$PSHome[']],
    ['[\\]a]bc(?:d|e)?fg', '', [']bcfg', 'abcdfg'], ['bc']],
    ['(?<=x)yz\\.\\*', '', ['xyz.*'], ['yz.*']],
    ['a{b', '', ['a{b'], ['a']],
    ['k\\x41zz', '', ['kAzz'], ['zz']],
    ['^abc$', 'm', ['x\nabc'], ['abc']],
    ['p(q)*r{2,}s', '', ['prrs', 'pqqrrrs'], ['p']],
    ['x|(y)', '', ['y'], undefined],
    ['İstanbul', 'i', ['İSTANBUL'], undefined],
    ['ab\\d+', 'u', ['ab1'], undefined],
    ['\\u0041bc\\12', '', ['Abc\n'], ['bc']],
    ['\\bsk\\b|a\\.b+', 'i', ['x SK y', 'A.bb'], ['sk', 'a.']],
  ];
  it('is held by every text the expression matches (lower-cased under i)', () => {
    const alphabet = 'abcdkpqrsxyzAB$[]{}. 1\nſ\u212a';
    let seed = 3;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (const [source, flags, matching, literals] of cases) {
      const regex = new RegExp(source, flags);
      const need = regexNeed(regex);
      assert.deepEqual(need?.map((a) => (a.kind === 'text' ? a.literal : a.text)), literals, source);
      const texts = [...matching, ...Array.from({ length: 400 }, () => Array.from({ length: random(12) }, () => alphabet[random(alphabet.length)]).join(''))];
      for (const text of matching) assert.ok(regex.test(text), `${source} must match ${text}`);
      for (const text of texts) {
        if (need === undefined || !regex.test(text)) continue;
        const seen = flags.includes('i') ? text.toLowerCase() : text;
        assert.ok(need.some((a) => a.kind === 'text' && seen.includes(a.literal)), `${source} matches ${JSON.stringify(text)}`);
      }
    }
  });
});

describe('evaluation order of an AND', () => {
  it('reads first the parts least likely to hold, and last the one the prefilter already found', () => {
    const detection = `common:\n    User: 'bob'\nchosen:\n    CommandLine|contains: 'a-very-rare-literal'\nrare:\n    Image|endswith: '\\rare.exe'\ncondition: common and chosen and rare`;
    const calls = (order: 'selective' | 'written'): Record<string, number> => {
      const counted: Record<string, number> = {};
      const base = testResolver();
      const resolver: FieldResolver = {
        ...base,
        field: (name, logsource) => {
          const getter = base.field(name, logsource);
          if (getter === undefined) return undefined;
          return (event: VigilEvent) => {
            counted[name] = (counted[name] ?? 0) + 1;
            return getter(event);
          };
        },
      };
      const rule = loadYaml(ruleText(detection), resolver, { conditionOrder: order }).rules[0]!;
      const event = testEvent({ User: 'bob', CommandLine: 'x a-very-rare-literal y', Image: 'C:\\other.exe' });
      assert.equal(rule.matches(event), false);
      return counted;
    };
    assert.deepEqual(calls('written'), { User: 1, CommandLine: 1, Image: 1 });
    assert.deepEqual(calls('selective'), { Image: 1 });
  });
});

describe('literal tries and the Aho-Corasick automaton', () => {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const alphabet = 'abc\\İé';
  const word = (length: number): string => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
  const literals = [...new Set(Array.from({ length: 40 }, () => word(1 + random(5))))];

  it('a trie reports the literals a text starts with, and built reversed, those it ends with', () => {
    const starts = new Trie(literals);
    const ends = new Trie(literals.map((l) => Array.from({ length: l.length }, (_, i) => l[l.length - 1 - i]).join('')));
    for (let round = 0; round < 200; round++) {
      const text = word(random(12));
      const found: string[] = [];
      starts.prefixes(text, { hit: (id, end) => found.push(`^${literals[id]!}@${String(end)}`) });
      ends.suffixes(text, { hit: (id, end) => found.push(`${literals[id]!}$@${String(end)}`) });
      const expected = [
        ...literals.filter((l) => text.startsWith(l)).map((l) => `^${l}@${String(l.length)}`),
        ...literals.filter((l) => text.endsWith(l)).map((l) => `${l}$@${String(text.length)}`),
      ];
      assert.deepEqual(found.sort(), expected.sort(), text);
    }
  });

  it('the automaton finds every occurrence that indexOf finds, overlapping ones included', () => {
    const automaton = new Automaton(literals);
    for (let round = 0; round < 200; round++) {
      const text = word(random(30));
      const found: string[] = [];
      automaton.scan(text, { hit: (id, end) => found.push(`${literals[id]!}@${String(end)}`) });
      const expected: string[] = [];
      literals.forEach((literal) => {
        for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) expected.push(`${literal}@${String(at + literal.length)}`);
      });
      assert.deepEqual(found.sort(), expected.sort(), text);
    }
  });
});
