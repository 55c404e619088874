import type { CliCommand } from './command.ts';

/** A CLI verb by name, and how to load it: only the verb being run is imported (see `main`). */
export interface CommandEntry {
  name: string;
  load(): Promise<CliCommand>;
}

/** Every CLI verb, in the order `vigil --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'analyze', load: async () => (await import('./analyze.ts')).analyzeCommand },
  { name: 'ingest', load: async () => (await import('./ingest.ts')).ingestCommand },
  { name: 'incidents', load: async () => (await import('./incidents.ts')).incidentsCommand },
  { name: 'show', load: async () => (await import('./show.ts')).showCommand },
  { name: 'export', load: async () => (await import('./export.ts')).exportCommand },
  { name: 'hunt', load: async () => (await import('./hunt.ts')).huntCommand },
  { name: 'ask', load: async () => (await import('./ask.ts')).askCommand },
  { name: 'chat', load: async () => (await import('./chat.ts')).chatCommand },
  { name: 'search', load: async () => (await import('./search.ts')).searchCommand },
  { name: 'stats', load: async () => (await import('./stats.ts')).statsCommand },
  { name: 'formats', load: async () => (await import('./formats.ts')).formatsCommand },
  { name: 'rules', load: async () => (await import('./rules.ts')).rulesCommand },
  { name: 'llm', load: async () => (await import('./llm.ts')).llmCommand },
  { name: 'audit', load: async () => (await import('./audit.ts')).auditCommand },
  { name: 'serve', load: async () => (await import('./serve.ts')).serveCommand },
  { name: 'token', load: async () => (await import('./token.ts')).tokenCommand },
  { name: 'demo', load: async () => (await import('./demo.ts')).demoCommand },
];
