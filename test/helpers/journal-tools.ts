import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/**
 * systemd's own tools as the oracle of the journal file reader: `systemd-journal-remote` writes real journal files
 * from journald's export format, `journalctl --file … -o json --all` prints their entries. Debian package
 * `systemd-journal-remote` (which brings `systemd`); `.ci/run` installs it.
 */

const REMOTE = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'];
const JOURNALCTL = '/usr/bin/journalctl';

export interface JournalTools {
  /** Writes `entries` (field name → value, in order; a field may repeat) as a journal file in `dir`. */
  write(dir: string, name: string, entries: readonly (readonly [string, string | Buffer])[][]): string;
  /** journalctl's JSON of every entry of a journal file. */
  entries(file: string): Record<string, unknown>[];
}

/** The tools, or undefined after marking the test skipped; under `CI=true` their absence is a failure. */
export function journalToolsOrSkip(t: TestContext): JournalTools | undefined {
  const remote = REMOTE.find((path) => existsSync(path));
  if (remote === undefined || !existsSync(JOURNALCTL)) {
    const reason = 'systemd-journal-remote or journalctl is missing (apt-get install systemd-journal-remote): journal file oracle skipped';
    if (process.env.CI === 'true') throw new Error(`${reason}; required under CI=true`);
    t.skip(reason);
    return undefined;
  }
  return {
    write(dir, name, entries) {
      const exported = join(dir, `${name}.export`);
      writeFileSync(exported, exportFormat(entries));
      const file = join(dir, `${name}.journal`);
      execFileSync(remote, [`--output=${file}`, exported], { stdio: 'pipe' });
      return file;
    },
    entries(file) {
      const out = execFileSync(JOURNALCTL, [`--file=${file}`, '-o', 'json', '--all'], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
      return out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}

/** journald's export format: `NAME=value` lines, a binary value as `NAME`, its 64-bit size and bytes; entries end with an empty line. */
export function exportFormat(entries: readonly (readonly [string, string | Buffer])[][]): Buffer {
  const parts: Buffer[] = [];
  for (const fields of entries) {
    for (const [name, value] of fields) {
      if (typeof value === 'string' && !value.includes('\n')) parts.push(Buffer.from(`${name}=${value}\n`));
      else {
        const bytes = typeof value === 'string' ? Buffer.from(value) : value;
        const size = Buffer.alloc(8);
        size.writeBigUInt64LE(BigInt(bytes.length));
        parts.push(Buffer.from(`${name}\n`), size, bytes, Buffer.from('\n'));
      }
    }
    parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}
