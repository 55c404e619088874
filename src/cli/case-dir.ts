import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Incident } from '../schema/incident.ts';
import { caseFiles } from '../triage/index.ts';
import { vigilVersion } from '../util/package-root.ts';

/**
 * Writes the case directory of a set of incidents (per incident JSON + Markdown, SUMMARY.md, incidents.csv,
 * the ATT&CK Navigator layer). File names are the incidents' content-hash ids, never log text.
 */
export function writeCaseDir(dir: string, incidents: readonly Incident[], eventCount: number, now: Date): string[] {
  mkdirSync(dir, { recursive: true });
  const files = caseFiles(incidents, { generatedAt: now.toISOString(), version: vigilVersion(), eventCount });
  for (const file of files) writeFileSync(join(dir, ...file.path.split('/')), file.content);
  return files.map((f) => join(dir, ...f.path.split('/')));
}
