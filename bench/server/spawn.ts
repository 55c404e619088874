import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ENTRY = join(import.meta.dirname, '..', '..', 'src', 'cli', 'entry.ts');

export interface RunningServer {
  url: string;
  pid: number;
  token: string;
  stop(): Promise<number | null>;
  /** Peak resident set of the server process so far (VmHWM), in MiB. */
  peakRssMb(): number;
  /** CPU seconds the server process (all its threads) has used so far. */
  cpuSeconds(): number;
}

/**
 * `vigil serve` in its own process (as an operator runs it), on a free port. The config raises the search
 * rate limit: 50 clients without think time are far beyond what the default (1,200/min per token) allows.
 */
export async function startServer(dbPath: string, workDir: string, token: string | undefined): Promise<RunningServer & { firstToken?: string }> {
  const config = join(workDir, 'vigil.config.yml');
  writeFileSync(config, 'server:\n  rateLimits: { search: 100000000, upload: 100000 }\n');
  const child = spawn(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', ENTRY, '--json', '--quiet', '--db', dbPath, '--config', config, 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = await firstJson(child);
  const firstToken = started.firstToken?.secret;
  const pid = child.pid ?? 0;
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    url: started.url,
    pid,
    token: token ?? firstToken ?? '',
    firstToken,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    peakRssMb: () => {
      const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
  };
}

function firstJson(child: ChildProcess): Promise<{ url: string; firstToken?: { secret: string } }> {
  let text = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      try {
        resolve(JSON.parse(text) as { url: string; firstToken?: { secret: string } });
      } catch {
        // not complete yet
      }
    });
    child.on('exit', (code) => reject(new Error(`vigil serve exited with ${String(code)} before listening`)));
  });
}
