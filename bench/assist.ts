import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gatherFacts, planQuestion, storePlanOptions } from '../src/assist/facts/index.ts';
import { EXAMPLE_QUESTIONS } from '../src/assist/examples.ts';
import { retrieve } from '../src/assist/retrieve/index.ts';
import { ANALYSIS_MODES, type AnalysisMode } from '../src/schema/assist.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { assistBenchStore } from './assist-store.ts';
import { fmt } from './phase-runner.ts';
import { peakRssMb } from './peak-rss.ts';

/**
 * npm run bench:assist [-- --events 1000000] [--quick] [--repeat 20] [--mode basic|advanced|forensic|all]
 * Times question → plan → facts (no LLM) for the seven example questions and one free question (which runs
 * the current retrieval) on a store of `vigil demo` data, ingested and analysed; p50/p95 per question and
 * overall, peak RSS. `--quick` is 100,000 events. The store is built once under bench/out and reused.
 */

/** The example questions, and one free question that only retrieval answers. */
const QUESTIONS = [...EXAMPLE_QUESTIONS, 'DNS queries that got NXDOMAIN'];

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const events = args.includes('--quick') ? 100_000 : Number(option(args, '--events') ?? 1_000_000);
const repeat = Number(option(args, '--repeat') ?? 20);
const modeArg = option(args, '--mode') ?? 'basic';
const modes: readonly AnalysisMode[] = modeArg === 'all' ? ANALYSIS_MODES : [modeArg as AnalysisMode];
if (!Number.isInteger(events) || events < 1000) throw new Error('--events must be an integer of at least 1000');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

interface Run {
  ms: number;
  /** User + system CPU of this process during the run: less sensitive than wall time to other processes. */
  cpuMs: number;
  intent: string;
  facts: number;
  retrieveMs: number;
}

async function askOnce(store: Store, question: string, mode: AnalysisMode): Promise<Run> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const plan = planQuestion(question, mode, storePlanOptions(store.db));
  const facts = await gatherFacts({ db: store.db, analyses: store.analyses }, plan);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  let retrieveMs = 0;
  if (plan.intent === 'free') {
    const t = performance.now();
    await retrieve(store.db, question, { filters: plan.filters, limit: 50 });
    retrieveMs = performance.now() - t;
  }
  return { ms, cpuMs, intent: plan.intent, facts: facts.length, retrieveMs };
}

const out = join(import.meta.dirname, 'out');
mkdirSync(out, { recursive: true });
const path = await assistBenchStore(out, events, (line) => console.log(`  ${line}`));
const store = openStore(path, { readonly: true });
console.log(`Vigil assist benchmark: ${fmt(store.approximateEventCount())} events, ${String(store.analyses.latest()?.incidents ?? 0)} incidents, ${String(repeat)} runs per question, node ${process.version}`);
console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (the machine is shared; times include waiting for a core)`);
for (const mode of modes) {
  const all: number[] = [];
  const allCpu: number[] = [];
  console.log(`\nmode ${mode}`);
  console.log(['question', 'intent', 'facts', 'p50 ms', 'p95 ms', 'max ms', 'CPU p50/p95 ms', 'first run ms'].join(' | '));
  for (const question of QUESTIONS) {
    const first = await askOnce(store, question, mode);
    const runs: Run[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await askOnce(store, question, mode));
    const times = runs.map((r) => r.ms).sort((a, b) => a - b);
    const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b);
    all.push(...times);
    allCpu.push(...cpu);
    const extra = first.intent === 'free' ? ` (retrieve alone ${first.retrieveMs.toFixed(1)} ms)` : '';
    const row = [percentile(times, 50), percentile(times, 95), times[times.length - 1] ?? 0].map((n) => n.toFixed(1));
    console.log([question, first.intent, String(first.facts), ...row, `${percentile(cpu, 50).toFixed(1)}/${percentile(cpu, 95).toFixed(1)}`, `${first.ms.toFixed(1)}${extra}`].join(' | '));
  }
  all.sort((a, b) => a - b);
  allCpu.sort((a, b) => a - b);
  console.log(`overall ${mode}: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, max ${(all[all.length - 1] ?? 0).toFixed(1)} ms; CPU p50 ${percentile(allCpu, 50).toFixed(1)} ms, p95 ${percentile(allCpu, 95).toFixed(1)} ms`);
}
store.close();
console.log(`\npeak RSS ${fmt(peakRssMb())} MB; load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
