import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareInputs } from './inputs.ts';
import { fmt, megabytesArg, runPhase } from './phase-runner.ts';

/**
 * npm run bench:detect [-- --mb 20]
 * Events/s through detection with the built-in pack and with all SigmaHQ rules loaded, each next to bare
 * parsing of the same file in the same run (ratio), plus rule loading time and peak RSS.
 */

interface DetectResult {
  events: number;
  alerts: number;
  rules: number;
  correlations: number;
  loadSeconds: number;
  seconds: number;
  /** User + system CPU of the measured loop (less sensitive than wall time to other processes on the machine). */
  cpuSeconds: number;
  /** Wall time spent inside detector.push only. */
  detectSeconds: number;
  peakRssMb: number;
}

const args = process.argv.slice(2);
const megabytes = megabytesArg(args, 20);
const dir = join(import.meta.dirname, 'out', `detect-${String(megabytes)}mb`);
const sigmaPresent = existsSync(join(import.meta.dirname, '..', '..', 'shared', 'data', 'sigma', 'rules'));

function run(phase: string, file: string): DetectResult {
  return runPhase<DetectResult>('detect-phase.ts', [phase, file], 512);
}

const perEvent = (r: DetectResult) => ((r.detectSeconds * 1e6) / r.events).toFixed(1);
const inputs = await prepareInputs(dir, megabytes);
console.log(`Vigil detection benchmark: ${String(megabytes)} MiB per input, node ${process.version}, one process per phase`);
if (!sigmaPresent) console.log('(../shared/data/sigma absent: the SigmaHQ column is skipped)');
console.log(['input', 'events', 'parse ev/s', 'pack ev/s (ratio, alerts)', 'SigmaHQ ev/s (ratio, alerts, rules, load s)', 'peak RSS parse/pack/sigma MB', 'CPU s parse/pack/sigma', 'µs/event in push pack/sigma'].join(' | '));
for (const input of inputs) {
  const parse = run('parse', input.path);
  const pack = run('pack', input.path);
  const sigma = sigmaPresent ? run('sigma', input.path) : undefined;
  const rate = (r: DetectResult) => r.events / r.seconds;
  const ratio = (r: DetectResult) => `${((rate(r) / rate(parse)) * 100).toFixed(0)} %`;
  console.log(
    [
      input.name, fmt(parse.events), fmt(rate(parse)),
      `${fmt(rate(pack))} (${ratio(pack)}, ${fmt(pack.alerts)})`,
      sigma === undefined ? '-' : `${fmt(rate(sigma))} (${ratio(sigma)}, ${fmt(sigma.alerts)}, ${fmt(sigma.rules)}, ${sigma.loadSeconds.toFixed(1)})`,
      `${fmt(parse.peakRssMb)} / ${fmt(pack.peakRssMb)} / ${sigma === undefined ? '-' : fmt(sigma.peakRssMb)}`,
      `${parse.cpuSeconds.toFixed(1)} / ${pack.cpuSeconds.toFixed(1)} / ${sigma === undefined ? '-' : sigma.cpuSeconds.toFixed(1)}`,
      `${perEvent(pack)} / ${sigma === undefined ? '-' : perEvent(sigma)}`,
    ].join(' | '),
  );
}
