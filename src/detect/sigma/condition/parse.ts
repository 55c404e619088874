/**
 * Sigma conditions: `or` < `and` < `not` < `x of` < parentheses (least to most binding), identifiers and
 * `*` patterns, `1 of`/`all of`/`N of` a pattern or `them`. The Sigma 1 aggregations (`| count() …`, `near`)
 * are recognised and reported as unsupported (correlation rules replace them).
 */

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'id'; name: string }
  | { kind: 'of'; count: number | 'all'; pattern: string | undefined };

export interface ConditionError {
  status: 'invalid' | 'unsupported';
  reason: string;
}

const TOKEN = /\s*(\(|\)|\||[^\s()|]+)/y;
const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', 'all', 'near']);

export function parseCondition(text: string): Condition | ConditionError {
  const tokens = tokenize(text);
  if (tokens.includes('|')) return { status: 'unsupported', reason: 'Sigma 1 aggregation in the condition (`| count() …`): write a correlation rule instead' };
  if (tokens.some((t) => t.toLowerCase() === 'near')) return { status: 'unsupported', reason: 'the `near` aggregation is not supported' };
  const parser = new Parser(tokens);
  try {
    const result = parser.parseOr();
    if (!parser.done()) throw new SyntaxError(`unexpected ${JSON.stringify(parser.peek())}`);
    return result;
  } catch (error) {
    if (error instanceof SyntaxError) return { status: 'invalid', reason: `condition ${JSON.stringify(text.trim())}: ${error.message}` };
    throw error;
  }
}

export function isConditionError(value: Condition | ConditionError): value is ConditionError {
  return 'reason' in value;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) tokens.push(m[1]!);
  return tokens;
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: readonly string[]) {}

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  peek(): string | undefined {
    return this.tokens[this.at];
  }

  private keyword(word: string): boolean {
    if (this.peek()?.toLowerCase() !== word) return false;
    this.at++;
    return true;
  }

  parseOr(): Condition {
    const items = [this.parseAnd()];
    while (this.keyword('or')) items.push(this.parseAnd());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private parseAnd(): Condition {
    const items = [this.parseNot()];
    while (this.keyword('and')) items.push(this.parseNot());
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private parseNot(): Condition {
    if (this.keyword('not')) return { kind: 'not', item: this.parseNot() };
    return this.parsePrimary();
  }

  private parsePrimary(): Condition {
    const token = this.peek();
    if (token === undefined) throw new SyntaxError('ends too early');
    if (token === '(') {
      this.at++;
      const inner = this.parseOr();
      if (this.peek() !== ')') throw new SyntaxError('missing )');
      this.at++;
      return inner;
    }
    if (this.tokens[this.at + 1]?.toLowerCase() === 'of') return this.parseOf(token);
    if (token === ')' || KEYWORDS.has(token.toLowerCase())) throw new SyntaxError(`unexpected ${JSON.stringify(token)}`);
    this.at++;
    return { kind: 'id', name: token };
  }

  private parseOf(quantifier: string): Condition {
    const count = quantifier.toLowerCase() === 'all' ? 'all' : /^\d+$/.test(quantifier) ? Number(quantifier) : undefined;
    if (count === undefined) throw new SyntaxError(`${JSON.stringify(quantifier)} before "of" (1, 2, … or all)`);
    this.at += 2;
    const target = this.peek();
    if (target === undefined || target === '(' || target === ')' || (KEYWORDS.has(target.toLowerCase()) && target.toLowerCase() !== 'them')) {
      throw new SyntaxError(`"${quantifier} of" needs an identifier pattern or "them"`);
    }
    this.at++;
    return { kind: 'of', count, pattern: target.toLowerCase() === 'them' ? undefined : target };
  }
}
