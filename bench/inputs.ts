import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { writeDemo } from '../src/demo/index.ts';
import { winlogbeatToEvtx } from './evtx-input.ts';

/** Builds the benchmark inputs: real shared data replicated to size where present, else our demo data. */

export interface BenchInput {
  name: string;
  path: string;
  origin: string;
}

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'data');

async function replicate(from: string, to: string, targetBytes: number): Promise<void> {
  const body = await readFile(from, 'utf8');
  const text = body.replace(/\r\n/g, '\n').replace(/\n?$/, '\n');
  const out = createWriteStream(to);
  let written = 0;
  while (written < targetBytes) {
    if (!out.write(text)) await once(out, 'drain');
    written += Buffer.byteLength(text);
  }
  out.end();
  await once(out, 'finish');
}

async function concat(from: string, to: string, targetBytes: number): Promise<void> {
  const out = createWriteStream(to);
  let written = 0;
  while (written < targetBytes) {
    for await (const chunk of createReadStream(from)) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += (chunk as Buffer).length;
    }
  }
  out.end();
  await once(out, 'finish');
}

export async function prepareInputs(dir: string, megabytes: number): Promise<BenchInput[]> {
  await mkdir(dir, { recursive: true });
  const target = megabytes * 1024 * 1024;
  const demoDir = join(dir, 'demo');
  if (!existsSync(join(demoDir, 'truth.json'))) await writeDemo(demoDir, { volume: 200_000, seed: 7 });
  const inputs: BenchInput[] = [];
  const add = async (name: string, origin: string, make: (to: string) => Promise<void>, extension = 'log') => {
    // Named by size: an input built for another --mb is never taken for this one.
    const path = join(dir, `${name}-${String(megabytes)}mb.${extension}`);
    // Built under a temporary name and renamed, so an interrupted run never leaves a short input behind.
    if (!existsSync(path)) {
      await make(`${path}.partial`);
      await rename(`${path}.partial`, path);
    }
    inputs.push({ name, path, origin });
  };
  const openssh = join(SHARED, 'loghub', 'OpenSSH', 'OpenSSH_2k.log');
  if (existsSync(openssh)) await add('sshd-syslog', 'loghub OpenSSH_2k.log, replicated', (to) => replicate(openssh, to, target));
  else await add('sshd-syslog', 'vigil demo auth.log, replicated', (to) => concat(join(demoDir, 'logs', 'auth.log'), to, target));
  await add('nginx-combined', 'vigil demo access.log, replicated', (to) => concat(join(demoDir, 'logs', 'access.log'), to, target));
  await add('sysmon-json', 'vigil demo windows.jsonl (Winlogbeat), replicated', (to) => concat(join(demoDir, 'logs', 'windows.jsonl'), to, target));
  await add('windows-evtx', 'the same Windows events written as an EVTX file (binary XML, templates per chunk), replicated; lines are records', (to) => winlogbeatToEvtx(join(demoDir, 'logs', 'windows.jsonl'), to, target), 'evtx');
  const prior = join(SHARED, 'prior-art', 'ai-soc-triage-assistant', 'sample_logs.jsonl');
  if (existsSync(prior)) await add('soc-triage-jsonl', 'ai-soc-triage-assistant sample_logs.jsonl, replicated', (to) => replicate(prior, to, target));
  return inputs;
}
