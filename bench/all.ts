import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * npm run bench:all [-- --quick]
 * Every benchmark, one after the other, each in its own process with its own output: ingest (`npm run bench`),
 * detection (`bench:detect`), the assist's questions in all three modes (`bench:assist`) and the vector index
 * (`bench:vectors`). `--quick` runs the assist benchmark on 100,000 events instead of 1,000,000 (the vector
 * benchmark uses 100,000 either way); the ingest and detection benchmarks keep their defaults. The stores they
 * build are kept under bench/out and reused by later runs.
 */

const quick = process.argv.slice(2).includes('--quick');
const BENCHES: readonly { title: string; script: string; args: readonly string[] }[] = [
  { title: 'ingest (npm run bench)', script: 'run.ts', args: [] },
  { title: 'detection (npm run bench:detect)', script: 'detect.ts', args: [] },
  { title: 'assist questions, all modes (npm run bench:assist)', script: 'assist.ts', args: ['--mode', 'all', ...(quick ? ['--quick'] : [])] },
  { title: 'vector index (npm run bench:vectors)', script: 'vectors.ts', args: ['--reuse'] },
];

for (const bench of BENCHES) {
  console.log(`\n=== ${bench.title}${bench.args.length === 0 ? '' : ` ${bench.args.join(' ')}`}\n`);
  execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, bench.script), ...bench.args], { stdio: 'inherit' });
}
