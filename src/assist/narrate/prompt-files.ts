import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../../util/errors.ts';
import { packageRoot } from '../../util/package-root.ts';

/**
 * Prompts are versioned text files in `prompts/` (shipped with the package, found like `rules/`). A file is
 * named `<name>.v<n>.md`; changing what a prompt says means adding the next version and pointing this table
 * at it, so every answer records exactly which text produced it.
 */
export const PROMPT_VERSIONS = {
  answer: 'answer.v1',
  summaryMap: 'summary-map.v1',
  summaryReduce: 'summary-reduce.v1',
} as const;

export interface PromptFile {
  version: string;
  sections: ReadonlyMap<string, string>;
}

export function promptsDir(): string {
  return join(packageRoot(), 'prompts');
}

const SECTION_MARK = /^<!--\s*section:\s*([\w.-]+)\s*-->\s*$/;
const loaded = new Map<string, PromptFile>();

/**
 * Reads `prompts/<version>.md` once. Sections start at a line `<!-- section: name -->` and run to the next;
 * text before the first is the file's own commentary and is never sent.
 */
export function loadPrompt(version: string): PromptFile {
  const cached = loaded.get(version);
  if (cached !== undefined) return cached;
  const path = join(promptsDir(), `${version}.md`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VigilError('E_INTERNAL', `prompt file ${path} cannot be read (is the package complete?)`, { cause: error });
  }
  const file = { version, sections: parseSections(text) };
  loaded.set(version, file);
  return file;
}

function parseSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (name !== undefined) sections.set(name, lines.join('\n').trim());
  };
  for (const line of text.split(/\r?\n/)) {
    const mark = SECTION_MARK.exec(line);
    if (mark === null) {
      lines.push(line);
      continue;
    }
    close();
    name = mark[1];
    lines = [];
  }
  close();
  return sections;
}

export function section(file: PromptFile, name: string): string {
  const text = file.sections.get(name);
  if (text === undefined) throw new VigilError('E_INTERNAL', `prompt ${file.version} has no section "${name}"`);
  return text;
}

/**
 * Fills `{{name}}` placeholders in one pass over the template (a value containing `{{…}}` stays as it is).
 * Values must already be safe for where they land; a placeholder without a value is a programming error.
 */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value === undefined) throw new VigilError('E_INTERNAL', `prompt placeholder {{${key}}} has no value`);
    return value;
  });
}
