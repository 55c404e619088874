import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../../../src/assist/retrieve/embedder.ts';
import { ingest, type IngestReport } from '../../../src/pipeline/ingest.ts';
import type { Store } from '../../../src/store/index.ts';

/** Stores filled through the real ingest pipeline from syslog lines written for the test. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `count` lines of one sshd/cron/sudo shape, one second apart from `startSecond`, the index as `${i}`. */
export function syslogLines(count: number, shape: (i: number) => string, startSecond = 0): string[] {
  return Array.from({ length: count }, (_, i) => {
    const second = startSecond + i;
    return `Mar  3 ${pad(10 + Math.floor(second / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)} ${shape(i)}`;
  });
}

export const failedRoot = (i: number) => `bastion-01 sshd[${1000 + i}]: Failed password for root from 203.0.113.${(i % 200) + 1} port ${40000 + i} ssh2`;
export const acceptedKey = (i: number) => `bastion-01 sshd[${2000 + i}]: Accepted publickey for deploy from 10.0.0.${(i % 50) + 1} port ${50000 + i} ssh2`;
export const cronSession = (i: number) => `web-01 CRON[${3000 + i}]: pam_unix(cron:session): session opened for user www-data(uid=33) by (uid=0)`;
export const sudoCommand = (i: number) => `db-01 sudo:   alice : TTY=pts/${i % 4} ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`;
export const invalidUser = (i: number) => `bastion-01 sshd[${4000 + i}]: Invalid user guest${i % 7} from 198.51.100.${(i % 20) + 1} port ${30000 + i}`;

export async function ingestLines(store: Store, dir: string, name: string, lines: readonly string[], embedder?: Embedder | false): Promise<IngestReport> {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return ingest(store, [path], { tz: 'UTC', year: 2026, actor: 'test', embedder });
}

export function count(store: Store, sql: string, ...params: unknown[]): number {
  return store.db.prepare(sql).pluck().get(...params) as number;
}
