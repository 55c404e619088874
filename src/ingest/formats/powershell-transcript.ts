import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, META, PENDING, reject, type Draft, type FormatParser, type ParseOutcome, type RawRecord, type Sample } from '../format.ts';
import { commandProgram, compact, domainUser, int, setOwn, str } from '../values.ts';
import { HeldLines } from './held-lines.ts';

/**
 * PowerShell transcripts (`Start-Transcript`, or the "Turn on PowerShell Transcription" policy:
 * `PowerShell_transcript.<host>.<random>.<time>.txt`): a header block after `Windows PowerShell transcript start`
 * (`Start time: 20241123100000`, `Username: CORP\alice`, `Machine: WS01 (Microsoft Windows NT …)`,
 * `Host Application: …powershell.exe -nop -w hidden -enc …`, `Process ID: 4242`), then each command as typed at
 * its prompt (`PS C:\Users\alice> whoami`, `PS>…` for a host without a prompt path; `>> ` lines continue it) followed
 * by its output, preceded by `Command start time: …` when the policy includes invocation headers. The session is an
 * event (the host process and its command line); each command is one (its text as the message, which the
 * `ps_script` rules read as a script block), at its start time, else at the session's. Times are local (`--tz`).
 */

const SEPARATOR = /^\*{10,}\s*$/;
const START = /^(?:Windows )?PowerShell transcript start\s*$/;
const END = /^(?:Windows )?PowerShell transcript end\s*$/;
const FIELD = /^([A-Za-z][A-Za-z ]{1,40}):\s?(.*)$/;
const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const PROMPT = /^PS(?: ([^>]{1,400}))?>\s?(.*)$/;
const CONTINUATION = /^>> ?(.*)$/;
const MACHINE = /^(\S{1,255})(?: \((.{1,200})\))?$/;
/** A command's lines kept as its original, at most: outputs can be long. */
const MAX_CHARS = 256 * 1024;
/** Output characters kept as a label. */
const MAX_OUTPUT = 2048;

interface Session {
  fields: Map<string, string>;
  startTime?: string;
}

interface Command {
  held: HeldLines;
  text: string[];
  cwd?: string;
  time?: string;
  output: string[];
  outputChars: number;
  inInput: boolean;
}

/** `20241123100005` → `2024-11-23T10:00:05` (local time, no zone). */
function stampTime(value: string | undefined): string | undefined {
  const m = STAMP.exec(value?.trim() ?? '');
  return m === null ? undefined : `${m[1]!}-${m[2]!}-${m[3]!}T${m[4]!}:${m[5]!}:${m[6]!}`;
}

function sessionFields(session: Session): EventFields {
  const get = (key: string) => str(session.fields.get(key));
  const machine = MACHINE.exec(get('Machine') ?? '');
  const hostApplication = get('Host Application');
  const labels: Record<string, string> = {};
  for (const [key, label] of [['RunAs User', 'runas_user'], ['Configuration Name', 'configuration'], ['PSVersion', 'version'], ['PSEdition', 'edition']] as const) {
    const value = get(key);
    if (value !== undefined) setOwn(labels, `powershell.${label}`, value);
  }
  if (machine?.[2] !== undefined) labels['host.os'] = machine[2];
  return {
    user: domainUser(get('Username')),
    host: { name: str(machine?.[1]) },
    process: { pid: int(get('Process ID')), command_line: hostApplication, executable: commandProgram(hostApplication), name: 'powershell' },
    labels,
  };
}

class TranscriptParser implements FormatParser {
  private session: Session | undefined;
  /** The header block being read: its first line and its key lines. */
  private header: HeldLines | undefined;
  private command: Command | undefined;
  private pendingTime: string | undefined;

  parse(record: RawRecord): ParseOutcome {
    const text = record.text;
    if (START.test(text)) {
      const done = this.closeCommand();
      this.session = { fields: new Map() };
      this.header = new HeldLines(record, MAX_CHARS);
      this.pendingTime = undefined;
      return done;
    }
    if (this.header !== undefined) return this.readHeader(record);
    if (this.session === undefined) {
      // Between transcripts: the separators and the `End time:` line of the one that ended.
      return SEPARATOR.test(text) || text.trim() === '' || text.startsWith('End time:') ? META : reject('not inside a PowerShell transcript (no "transcript start" line before it)');
    }
    if (SEPARATOR.test(text)) {
      // A separator ends a command's output when invocation headers follow; it stays in the command's original.
      if (this.command === undefined) return META;
      this.command.held.add(text);
      this.command.inInput = false;
      return PENDING;
    }
    const field = FIELD.exec(text);
    if (field !== null && field[1] === 'Command start time') {
      const done = this.closeCommand();
      this.pendingTime = stampTime(field[2]);
      return done.kind === 'pending' ? META : done;
    }
    if (END.test(text)) {
      const done = this.closeCommand();
      this.session = undefined;
      return done.kind === 'pending' ? META : done;
    }
    const prompt = PROMPT.exec(text);
    if (prompt !== null) {
      const done = this.closeCommand();
      this.command = { held: new HeldLines(record, MAX_CHARS), text: [prompt[2] ?? ''], cwd: str(prompt[1]), time: this.pendingTime, output: [], outputChars: 0, inInput: true };
      this.pendingTime = undefined;
      return done;
    }
    const command = this.command;
    // Output before any prompt (a host that writes no prompt): text of the transcript, kept as such.
    if (command === undefined) return text.trim() === '' ? META : reject('not a command or its output (no prompt before it)');
    command.held.add(text);
    const continued = command.inInput ? CONTINUATION.exec(text) : null;
    if (continued !== null) command.text.push(continued[1] ?? '');
    else {
      command.inInput = false;
      if (command.outputChars < MAX_OUTPUT) {
        command.output.push(text);
        command.outputChars += text.length + 1;
      }
    }
    return PENDING;
  }

  flush(): Draft[] {
    const drafts: Draft[] = [];
    if (this.header !== undefined) drafts.push(this.sessionDraft());
    const done = this.closeCommand();
    if (done.kind === 'events') drafts.push(...done.drafts);
    return drafts;
  }

  private readHeader(record: RawRecord): ParseOutcome {
    const header = this.header!;
    if (SEPARATOR.test(record.text)) return events(this.sessionDraft());
    header.add(record.text);
    const field = FIELD.exec(record.text);
    if (field !== null && this.session !== undefined && this.session.fields.size < 100) this.session.fields.set(field[1]!, field[2]!.trim());
    return PENDING;
  }

  private sessionDraft(): Draft {
    const header = this.header!;
    this.header = undefined;
    const session = this.session ?? { fields: new Map<string, string>() };
    session.startTime = stampTime(session.fields.get('Start time'));
    const fields = sessionFields(session);
    fields.event = { category: ['process'], type: ['start'], action: 'powershell-transcript-start', provider: 'PowerShell transcript' };
    const draft: Draft = { dataset: 'powershell.transcript', fields: compact(fields) };
    if (session.startTime !== undefined) draft.time = session.startTime;
    return header.stamp(draft);
  }

  private closeCommand(): ParseOutcome {
    const command = this.command;
    this.command = undefined;
    if (command === undefined) return PENDING;
    const text = command.text.join('\n').trim();
    const fields: EventFields = this.session === undefined ? {} : sessionFields(this.session);
    fields.event = { category: ['process'], type: ['info'], action: 'powershell-command', provider: 'PowerShell transcript' };
    fields.message = text === '' ? undefined : text;
    const labels = (fields.labels ??= {});
    if (command.cwd !== undefined) labels['powershell.cwd'] = command.cwd;
    const output = command.output.join('\n').trim();
    if (output !== '') labels['powershell.output'] = output.slice(0, MAX_OUTPUT);
    const time = command.time ?? this.session?.startTime;
    if (command.time === undefined && time !== undefined) labels['powershell.time'] = 'the session start (no invocation header)';
    const draft: Draft = { dataset: 'powershell.transcript', fields: compact(fields) };
    if (time !== undefined) draft.time = time;
    return events(command.held.stamp(draft));
  }
}

function sniff(sample: Sample): number {
  const lines = sample.lines.slice(0, 20);
  return lines.some((line) => START.test(line)) && lines.some((line) => SEPARATOR.test(line)) ? 0.98 : 0;
}

export const powershellTranscriptFormat = defineFormat({
  id: 'powershell-transcript',
  title: 'PowerShell transcript',
  description: "PowerShell's transcripts (Start-Transcript, the transcription policy): the session (user, host, host process) and each command typed, with its output",
  framing: 'lines',
  sniff,
  createParser: () => new TranscriptParser(),
  logsources: [],
});
