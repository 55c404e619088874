import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createDetector, loadRuleSet, type RuleDirectory } from '../src/detect/index.ts';
import { defaultResolver } from '../src/detect/mapping/index.ts';
import { sourceEvents } from '../src/pipeline/events.ts';
import { builtinRulesDir } from '../src/util/package-root.ts';
import { peakRssMb } from './peak-rss.ts';

/**
 * One detection phase in its own process (peak RSS is that phase's alone):
 *   node --import tsx bench/detect-phase.ts <parse|pack|sigma> <file>
 * parse: read + parse + normalise only; pack / sigma: the same, each event then run through the built-in pack
 * or through every SigmaHQ rule (../shared/data/sigma/rules*). Prints one JSON line.
 */

const SIGMA = join(import.meta.dirname, '..', '..', 'shared', 'data', 'sigma');

function ruleDirs(phase: string): RuleDirectory[] {
  if (phase === 'pack') return [{ path: builtinRulesDir(), origin: 'builtin' }];
  return ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-compliance', 'rules-placeholder'].map((d) => ({ path: join(SIGMA, d), origin: 'extra' as const }));
}

const [phase, file] = process.argv.slice(2);
if (phase === undefined || file === undefined) throw new Error('usage: detect-phase.ts <parse|pack|sigma> <file>');
const loadStarted = performance.now();
const set = phase === 'parse' ? undefined : loadRuleSet(ruleDirs(phase), defaultResolver);
const loadSeconds = (performance.now() - loadStarted) / 1000;
const detector = set === undefined ? undefined : createDetector(set, defaultResolver);

const started = performance.now();
const cpuStarted = process.cpuUsage();
const info = await stat(file);
const source = { name: file, key: basename(file), mtimeMs: info.mtimeMs, open: () => createReadStream(file, { highWaterMark: 1 << 20 }) };
const { batches } = await sourceEvents(source, { tz: 'UTC' }, () => undefined);
let events = 0;
let alerts = 0;
// Wall time inside detector.push alone (one clock read per batch, not per event).
let detectMs = 0;
for await (const batch of batches) {
  events += batch.length;
  if (detector === undefined) continue;
  const batchStarted = performance.now();
  for (const event of batch) alerts += detector.push(event).length;
  detectMs += performance.now() - batchStarted;
}
if (detector !== undefined) alerts += detector.flush().length;
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `${JSON.stringify({ phase, file, events, alerts, rules: set?.rules.length ?? 0, correlations: set?.correlations.length ?? 0, loadSeconds, seconds, cpuSeconds, detectSeconds: detectMs / 1000, peakRssMb: peakRssMb() })}\n`,
);
