import { analyzeCommand } from './analyze.ts';
import { askCommand } from './ask.ts';
import { auditCommand } from './audit.ts';
import { chatCommand } from './chat.ts';
import type { CliCommand } from './command.ts';
import { demoCommand } from './demo.ts';
import { exportCommand } from './export.ts';
import { formatsCommand } from './formats.ts';
import { huntCommand } from './hunt.ts';
import { incidentsCommand } from './incidents.ts';
import { ingestCommand } from './ingest.ts';
import { llmCommand } from './llm.ts';
import { rulesCommand } from './rules.ts';
import { searchCommand } from './search.ts';
import { serveCommand } from './serve.ts';
import { showCommand } from './show.ts';
import { statsCommand } from './stats.ts';
import { tokenCommand } from './token.ts';

/** Every CLI verb, in the order `vigil --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  analyzeCommand,
  ingestCommand,
  incidentsCommand,
  showCommand,
  exportCommand,
  huntCommand,
  askCommand,
  chatCommand,
  searchCommand,
  statsCommand,
  formatsCommand,
  rulesCommand,
  llmCommand,
  auditCommand,
  serveCommand,
  tokenCommand,
  demoCommand,
];
