import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { VigilConfigSchema, type VigilConfig } from '../schema/config.ts';
import { VigilError, errorMessage } from '../util/errors.ts';

export const DEFAULT_CONFIG_FILE = 'vigil.config.yml';

/**
 * The configuration: the given file (must exist), else `$VIGIL_CONFIG`, else `./vigil.config.yml` when
 * present, else empty. Rule paths in it are relative to the file. A bad file is a configuration error.
 */
export function loadConfig(path: string | undefined, cwd = process.cwd()): { config: VigilConfig; path?: string } {
  const explicit = path ?? process.env.VIGIL_CONFIG;
  const file = explicit !== undefined ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (explicit === undefined && !existsSync(file)) return { config: {} };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new VigilError('E_CONFIG', `cannot read configuration ${file}: ${errorMessage(error)}`);
  }
  const parsed = VigilConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new VigilError('E_CONFIG', `invalid configuration ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const config = parsed.data;
  const rules = config.detection?.rules?.map((r) => resolve(dirname(file), r));
  return { config: rules === undefined ? config : { ...config, detection: { ...config.detection, rules } }, path: file };
}
