import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { VigilConfigSchema, type VigilConfig } from '../schema/config.ts';
import { VigilError, errorMessage } from '../util/errors.ts';

export const DEFAULT_CONFIG_FILE = 'vigil.config.yml';

/**
 * The configuration: the given file (must exist), else `$VIGIL_CONFIG`, else `./vigil.config.yml` when
 * present, else empty. Rule paths and model files in it are relative to the file. A bad file is a configuration
 * error.
 */
export function loadConfig(path: string | undefined, cwd = process.cwd()): { config: VigilConfig; path?: string } {
  // An empty $VIGIL_CONFIG is unset, as shells and service managers often leave it.
  const explicit = path ?? (process.env.VIGIL_CONFIG === '' ? undefined : process.env.VIGIL_CONFIG);
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
  return { config: resolvePaths(parsed.data, dirname(file)), path: file };
}

/** Rule paths and llama-cpp model files are relative to the configuration file's directory. */
function resolvePaths(config: VigilConfig, base: string): VigilConfig {
  const { detection, llm } = config;
  const resolved = { ...config };
  if (detection?.rules !== undefined) resolved.detection = { ...detection, rules: detection.rules.map((r) => resolve(base, r)) };
  if (llm !== undefined) {
    resolved.llm = { ...llm };
    if (llm.modelPath !== undefined) resolved.llm.modelPath = resolve(base, llm.modelPath);
    if (llm.embedModelPath !== undefined) resolved.llm.embedModelPath = resolve(base, llm.embedModelPath);
  }
  return resolved;
}
