import type { LogSource } from '../types.ts';
import type { Issue } from './detection/parse.ts';
import { entryOf, type YMap } from './yaml/nodes.ts';

const PARTS = ['product', 'category', 'service'] as const;

/** The `logsource` block, lower-cased; other keys (`definition`…) are ignored. */
export function readLogsource(doc: YMap, issues: Issue[]): { logsource: LogSource; line: number } | undefined {
  const entry = entryOf(doc, 'logsource');
  if (entry === undefined) {
    issues.push({ line: doc.line, status: 'invalid', reason: 'the rule has no logsource' });
    return undefined;
  }
  if (entry.value.kind !== 'map') {
    issues.push({ line: entry.line, status: 'invalid', reason: 'logsource must be a mapping (product, category, service)' });
    return undefined;
  }
  const logsource: LogSource = {};
  for (const part of PARTS) {
    const value = entryOf(entry.value, part)?.value;
    if (value === undefined || (value.kind === 'scalar' && value.value === null)) continue;
    if (value.kind !== 'scalar') issues.push({ line: entry.line, status: 'invalid', reason: `logsource ${part} must be a single value` });
    else logsource[part] = String(value.value).toLowerCase();
  }
  return { logsource, line: entry.line };
}
