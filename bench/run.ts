import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freshDist } from './fresh-dist.ts';
import { prepareInputs } from './inputs.ts';
import { fmt, megabytesArg, runPhase } from './phase-runner.ts';

/**
 * npm run bench [-- --mb 200] [-- --big]
 * The ingest benchmark (`npm run bench:all` runs it with the detection, assist and vector benchmarks).
 * For each log type: bare line reading, parse+normalise, and full ingest into SQLite (with FTS),
 * each in its own process; prints rates, the parse/read ratio and peak RSS per phase.
 * --big adds a 2 GB sshd input to show that memory stays flat.
 */

interface PhaseResult {
  phase: string;
  bytes: number;
  count: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

const args = process.argv.slice(2);
const megabytes = megabytesArg(args, 100);
const big = args.includes('--big');
const dir = join(import.meta.dirname, 'out');

function run(phase: string, file: string, db?: string): PhaseResult {
  // The same heap bound as bin/vigil.js, so peak RSS is what a user of the CLI sees.
  return runPhase<PhaseResult>('phase.ts', [phase, file, ...(db === undefined ? [] : [db])], 128);
}

const code = freshDist();
const inputs = await prepareInputs(dir, megabytes);
if (big) {
  const path = join(dir, 'sshd-2gb.log');
  const seed = await readFile(inputs[0]!.path);
  const out = createWriteStream(path);
  for (let written = 0; written < 2 * 1024 ** 3; written += seed.length) if (!out.write(seed)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  inputs.push({ name: 'sshd-2gb', path, origin: '2 GiB of the sshd input' });
}

console.log(`Vigil benchmark: ${megabytes} MiB per input, node ${process.version}, one process per phase, running ${code === 'dist' ? 'the build in dist/' : 'the TypeScript sources'}\n`);
const header = ['input', 'MiB', 'lines', 'read lines/s', 'parse+normalise lines/s', 'parse/read', 'ingest events/s (one core)', 'with parse thread', 'peak RSS read/parse/ingest/threaded MB'];
console.log(header.join(' | '));
for (const input of inputs) {
  const read = run('read', input.path);
  const parse = run('parse', input.path);
  const db = join(dir, `${input.name}.db`);
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  const stored = run('ingest', input.path, db);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
  // What `vigil ingest` does by default on a machine with two CPUs: parsing on a second thread.
  const threaded = run('ingest-threaded', input.path, db);
  const readRate = read.count / read.seconds;
  const parseRate = read.count / parse.seconds;
  console.log(
    [
      input.name, (read.bytes / 1024 ** 2).toFixed(0), fmt(read.count), fmt(readRate), fmt(parseRate), `${((parseRate / readRate) * 100).toFixed(1)} %`,
      fmt(stored.count / stored.seconds), fmt(threaded.count / threaded.seconds),
      `${fmt(read.peakRssMb)} / ${fmt(parse.peakRssMb)} / ${fmt(stored.peakRssMb)} / ${fmt(threaded.peakRssMb)}`,
    ].join(' | '),
  );
  console.log(`  (${input.origin}; parse produced ${fmt(parse.count)} events, ingest stored ${fmt(stored.count)})`);
  // Per CPU-second of the process (startup included): steadier than wall time on a shared machine.
  console.log(`  per CPU-second: parse ${fmt(read.count / parse.cpuSeconds)} lines, ingest ${fmt(stored.count / stored.cpuSeconds)} events`);
}
console.log('\nThis is the ingest benchmark; the others: npm run bench:detect, bench:assist (questions without the LLM), bench:vectors (vector index); all four: npm run bench:all.');
