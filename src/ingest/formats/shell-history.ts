import type { EventFields } from '../../schema/event.ts';
import { META, PENDING, defineFormat, events, lineShare, reject, type Draft, type FormatParser, type ParseOutcome, type ParserContext, type RawRecord, type Sample } from '../format.ts';
import { baseName, commandProgram, compact, setOwn } from '../values.ts';
import { HeldLines } from './held-lines.ts';

/**
 * Shell histories, as triage collections (UAC, CyLR, KAPE) gather them from every home directory:
 * - bash's `.bash_history`: a command per line, each after a `#<epoch seconds>` line when `HISTTIMEFORMAT` was set;
 *   the lines after a timestamp up to the next are one command (bash's multi-line entries, `lithist`);
 * - zsh's extended history `: <start>:<elapsed>;<command>` (a line ending in `\` continues the command), or plain lines;
 * - fish's `fish_history`: `- cmd: …` entries with `when:` and the `paths:` they named;
 * - PowerShell's PSReadLine history (`ConsoleHost_history.txt`): a command per line, a line ending in a backtick
 *   continuing it.
 * Each command is an event at its time (UTC epoch seconds; none in a plain history), its text the message and the
 * command line, its first word the program, and the history's owner, from the file's path (`/home/alice/…`,
 * `C:\Users\bob\…`), the user: the records do not say whose they are. PowerShell's commands are read as script
 * blocks (`ps_script`), the others as Linux records (SigmaHQ's keyword rules on shell commands).
 */

export type Shell = 'bash' | 'zsh' | 'fish' | 'powershell' | 'sh';

/** bash's `#<epoch seconds>` line: 1973 to 2286, so a `#` comment of other digits stays a command. */
const BASH_TIME = /^#(\d{9,10})\s*$/;
const ZSH_EXTENDED = /^: (\d{1,10}):(-?\d{1,10});(.*)$/s;
const FISH_CMD = /^- cmd: ?(.*)$/s;
const FISH_WHEN = /^ {2}when: (\d{1,10})\s*$/;
const FISH_PATHS = /^ {2}paths:\s*$/;
const FISH_PATH = /^ {4}- (.*)$/s;
/** A command's lines kept, at most: a history written without timestamps after timed ones is not one endless command. */
const MAX_CHARS = 64 * 1024;
/** Lines a history needs, when its name does not say what it is, to be taken for one by its commands alone. */
const MIN_UNNAMED_LINES = 3;
/** Paths of a fish entry kept as a label. */
const MAX_PATHS = 32;

/** The history files shells write, by name (rotated copies too: `.bash_history.1`). */
const NAMED: readonly (readonly [RegExp, Shell])[] = [
  [/^\.?bash_history(?:$|[._-])/, 'bash'],
  [/^\.?(?:zsh_history|zhistory|histfile)(?:$|[._-])/, 'zsh'],
  [/^fish_history(?:$|[._-])/, 'fish'],
  [/^consolehost_history(?:$|[._-])/, 'powershell'],
  [/^\.(?:sh|ash|ksh|mksh)_history(?:$|[._-])/, 'sh'],
];

/** The shell whose history a file is by its name, or undefined for another name. */
export function shellOfName(fileName: string): Shell | undefined {
  const name = (baseName(fileName.replaceAll('\\', '/')) ?? '').toLowerCase();
  for (const [pattern, shell] of NAMED) if (pattern.test(name)) return shell;
  // PSReadLine names the file after the host: `Visual Studio Code Host_history.txt`.
  if (name.endsWith('_history.txt') && /[\\/!]psreadline[\\/]/i.test(fileName)) return 'powershell';
  return undefined;
}

/** A home directory in a path, also at the start of an archive member's (`uac.tar.gz!home/alice/…`). */
const HOME = /(?:^|[\\/!])(?:home|users)[\\/]([^\\/!]{1,64})[\\/]/i;
const ROOT_HOME = /(?:^|[\\/!])(?:var[\\/])?root[\\/]/;

/** Whose history a file is, by its path: the home directory it lies in. */
export function historyOwner(fileName: string): string | undefined {
  const home = HOME.exec(fileName);
  if (home !== null) return home[1];
  return ROOT_HOME.test(fileName) ? 'root' : undefined;
}

/** Commands and builtins whose name starts most lines of a Unix shell's history. */
const UNIX_WORDS = new Set(
  (
    'ls cd pwd cat less more head tail grep egrep fgrep rg find echo printf export unset alias source exit logout history ' +
    'clear vi vim nvim nano emacs cp mv rm mkdir rmdir touch chmod chown chgrp ln tar gzip gunzip zip unzip xz bzip2 ' +
    'curl wget ssh scp sftp rsync ping traceroute dig nslookup host ip ifconfig netstat ss nc ncat socat nmap ps top ' +
    'htop kill killall pkill pgrep sudo su whoami id w who last lastb uname hostname hostnamectl df du free mount umount ' +
    'systemctl service journalctl crontab apt apt-get yum dnf rpm dpkg snap pip pip3 python python2 python3 perl ruby ' +
    'php node npm git docker kubectl make gcc base64 openssl awk sed sort uniq wc cut tr xargs tee file stat which ' +
    'whereis locate env set date sleep passwd useradd userdel usermod adduser deluser groupadd chattr lsattr iptables ' +
    'ufw firewall-cmd nohup screen tmux bash sh zsh exec eval man tcpdump lsof strace dd shred truncate sqlite3 mysql ' +
    'psql reboot shutdown watch diff md5sum sha256sum openvpn wg crontab visudo getent last lsblk fdisk tailf'
  ).split(' '),
);
/** PowerShell's approved verbs, for `Verb-Noun` commands. */
const POWERSHELL_VERBS = new Set(
  (
    'add approve assert backup block build checkpoint clear close compare complete compress confirm connect convert ' +
    'convertfrom convertto copy debug deny deploy disable disconnect dismount edit enable enter exit expand export find ' +
    'foreach format get grant group hide import initialize install invoke join limit lock measure merge mount move new ' +
    'open optimize out ping pop protect publish push read receive redo register remove rename repair request reset ' +
    'resize resolve restart restore resume revoke save search select send set show skip split start step stop submit ' +
    'suspend switch sync test trace unblock undo uninstall unlock unprotect unpublish unregister update use wait watch ' +
    'where write'
  ).split(' '),
);
/** Aliases and Windows programs that start PowerShell commands. */
const POWERSHELL_WORDS = new Set(
  (
    'iex iwr irm gci gc gcm gps gsv sl cls dir type copy del move ren md rd sc.exe cmd cmd.exe powershell powershell.exe ' +
    'pwsh ipconfig whoami net net1 nltest klist reg reg.exe schtasks wmic certutil bitsadmin netsh tasklist taskkill ' +
    'systeminfo query quser qwinsta mstsc runas icacls takeown vssadmin wevtutil bcdedit dsquery cd ls echo exit'
  ).split(' '),
);
const VERB_NOUN = /^([a-z]{2,15})-[a-z][a-z0-9]{1,60}(?=\s|$|\()/i;
const ENV_ASSIGNMENTS = /^(?:[A-Za-z_]\w{0,63}=\S*\s+)+/;

/** The first word of a command, past `sudo` and `VAR=value` prefixes, as written (Unix commands are case-sensitive). */
function firstWord(line: string): string {
  let text = line.trimStart().replace(ENV_ASSIGNMENTS, '');
  if (text.startsWith('sudo ')) text = text.slice(5).trimStart();
  const space = text.search(/[\s;|&]/);
  return space < 0 ? text : text.slice(0, space);
}

/** A line a Unix shell's history holds: a known command, or a program by its path (`./run`, `/usr/bin/x`, `~/bin/y`). */
export function unixCommandLine(line: string): boolean {
  const word = firstWord(line);
  return UNIX_WORDS.has(word) || /^(?:\.{1,2}|~)?\/[^\s/]/.test(word);
}

/** A line PSReadLine's history holds: a `Verb-Noun` command, an alias or program, a variable assignment, a .NET call. */
export function powershellCommandLine(line: string): boolean {
  const text = line.trimStart();
  const verb = VERB_NOUN.exec(text);
  if (verb !== null && POWERSHELL_VERBS.has(verb[1]!.toLowerCase())) return true;
  return POWERSHELL_WORDS.has(firstWord(text).toLowerCase()) || /^\$[\w:]{1,64}\s*[+-]?=/.test(text) || /^\[[\w.]{1,200}\]::/.test(text) || /^\.\\\S/.test(text);
}

const fishLine = (line: string): boolean => FISH_CMD.test(line) || FISH_WHEN.test(line) || FISH_PATHS.test(line) || FISH_PATH.test(line);

/** The shell a history's content says, when its lines have a shape of their own. */
function shellOfContent(sample: Sample): Shell | undefined {
  if (lineShare(sample, (line) => ZSH_EXTENDED.test(line)) >= 0.5) return 'zsh';
  if (FISH_CMD.test(sample.lines[0] ?? '') && lineShare(sample, fishLine) >= 0.9) return 'fish';
  const times = lineShare(sample, (line) => BASH_TIME.test(line));
  return times >= 0.2 && times <= 0.6 && times * sample.lines.length >= 2 ? 'bash' : undefined;
}

function sniff(sample: Sample): number {
  if (sample.lines.length === 0) return 0;
  if (shellOfContent(sample) !== undefined) return 0.95;
  const commands = Math.max(lineShare(sample, unixCommandLine), lineShare(sample, powershellCommandLine));
  // A file named as a shell's history is one, whatever its lines start with; other text needs most of several lines
  // to be commands (a line of prose can start with `find`).
  if (shellOfName(sample.fileName) !== undefined) return 0.6 + 0.3 * commands;
  return sample.lines.length >= MIN_UNNAMED_LINES && commands >= 0.6 ? 0.45 + 0.35 * commands : 0;
}

/** The shell of a history without lines of its own shape: its name, else whether its lines read as PowerShell. */
function shellOf(ctx: ParserContext): Shell {
  const sample = ctx.sample;
  const byName = shellOfName(ctx.fileName);
  // PSReadLine writes none of the other shells' shapes: a `#1700000000` line in its history is a comment typed.
  if (byName === 'powershell') return byName;
  const byContent = sample === undefined ? undefined : shellOfContent(sample);
  if (byContent !== undefined) return byContent;
  if (byName !== undefined) return byName;
  if (sample === undefined) return 'sh';
  return lineShare(sample, powershellCommandLine) > lineShare(sample, unixCommandLine) ? 'powershell' : 'sh';
}

/** fish writes a command's backslashes as `\\` and its newlines as `\n`. */
function fishCommand(text: string): string {
  return text.replace(/\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

interface Entry {
  held: HeldLines;
  shell: Shell;
  lines: string[];
  /** Epoch seconds. */
  time?: number;
  /** zsh's seconds from the command's start to its end. */
  elapsed?: number;
  paths?: string[];
  /** Started by a bash timestamp: the lines up to the next timestamp are this command. */
  timed: boolean;
}

/** Whether the next line continues the command being read: a timed bash entry's next line, a line after `\` (zsh) or a backtick (PSReadLine). */
function continues(entry: Entry): boolean {
  if (entry.timed) return true;
  const last = entry.lines[entry.lines.length - 1] ?? '';
  return (entry.shell === 'zsh' && last.endsWith('\\')) || (entry.shell === 'powershell' && last.endsWith('`'));
}

class HistoryParser implements FormatParser {
  private entry: Entry | undefined;

  constructor(
    private readonly shell: Shell,
    private readonly owner: string | undefined,
  ) {}

  parse(record: RawRecord): ParseOutcome {
    const text = record.text;
    const bashTime = BASH_TIME.exec(text);
    // `#1700000000` is bash's timestamp; in PowerShell's history it would be a comment, a command like any other.
    if (bashTime !== null && this.shell !== 'powershell') return this.start(record, { shell: 'bash', lines: [], time: Number(bashTime[1]), timed: true });
    const zsh = ZSH_EXTENDED.exec(text);
    if (zsh !== null) return this.start(record, { shell: 'zsh', lines: [zsh[3]!], time: Number(zsh[1]), elapsed: Number(zsh[2]), timed: false });
    const fish = FISH_CMD.exec(text);
    if (fish !== null) return this.start(record, { shell: 'fish', lines: [fishCommand(fish[1]!)], timed: false });
    const entry = this.entry;
    if (entry?.shell === 'fish') return this.fishLine(entry, text);
    if (entry !== undefined && continues(entry) && entry.held.add(text)) {
      // zsh's backslash and PSReadLine's backtick stand for the newline; a timed bash entry's lines are as typed.
      if (!entry.timed) entry.lines[entry.lines.length - 1] = entry.lines[entry.lines.length - 1]!.slice(0, -1);
      entry.lines.push(text);
      return PENDING;
    }
    // Past the cap, a line is a command of its own.
    if (text.trim() === '') return META;
    return this.start(record, { shell: this.shell, lines: [text], timed: false });
  }

  flush(): Draft[] {
    const done = this.close();
    return done === undefined ? [] : [done];
  }

  private fishLine(entry: Entry, text: string): ParseOutcome {
    const when = FISH_WHEN.exec(text);
    if (when !== null) entry.time = Number(when[1]);
    else if (FISH_PATHS.test(text)) entry.paths ??= [];
    else {
      const path = FISH_PATH.exec(text);
      if (path === null || entry.paths === undefined) return text.trim() === '' ? META : reject('not a line of a fish history entry (- cmd:, when:, paths:)');
      if (entry.paths.length < MAX_PATHS) entry.paths.push(fishCommand(path[1]!));
    }
    entry.held.add(text);
    return PENDING;
  }

  private start(record: RawRecord, entry: Omit<Entry, 'held'>): ParseOutcome {
    const done = this.close();
    this.entry = { ...entry, held: new HeldLines(record, MAX_CHARS) };
    return done === undefined ? PENDING : events(done);
  }

  /** The command being read as a draft; undefined when there is none, or only a timestamp. */
  private close(): Draft | undefined {
    const entry = this.entry;
    this.entry = undefined;
    if (entry === undefined) return undefined;
    const command = entry.lines.join('\n').trimEnd();
    if (command.trim() === '') return undefined;
    const draft: Draft = { dataset: `${entry.shell}.history`, fields: commandFields(entry, command, this.owner) };
    if (entry.time !== undefined) {
      draft.time = entry.time;
      draft.timeIsUtc = true;
    }
    return entry.held.stamp(draft);
  }
}

/** The program a command runs: its first word's last path segment, up to a shell operator (`ls|wc` → `ls`, `<x` → none). */
function programOf(command: string): string | undefined {
  const word = commandProgram(command) ?? '';
  const operator = word.search(/[|;&<>()`$]/);
  return baseName(operator < 0 ? word : word.slice(0, operator));
}

function commandFields(entry: Entry, command: string, owner: string | undefined): EventFields {
  const powershell = entry.shell === 'powershell';
  const labels: Record<string, string> = {};
  setOwn(labels, 'shell.name', entry.shell);
  if (entry.elapsed !== undefined) setOwn(labels, 'shell.elapsed_seconds', String(entry.elapsed));
  if (entry.paths !== undefined && entry.paths.length > 0) setOwn(labels, 'shell.paths', entry.paths.join('\n'));
  return compact({
    message: command,
    event: {
      category: ['process'],
      type: ['info'],
      action: powershell ? 'powershell-command' : 'shell-command',
      provider: `${entry.shell} history`,
    },
    user: { name: owner },
    process: powershell ? undefined : { command_line: command, name: programOf(command) },
    labels,
  });
}

export const shellHistoryFormat = defineFormat({
  id: 'shell-history',
  title: 'Shell history',
  description: "Shell histories (bash with or without timestamps, zsh's extended history, fish, PowerShell's PSReadLine): each command typed, at its time where the shell recorded one, by the home directory's owner",
  framing: 'lines',
  sniff,
  createParser: (ctx) => new HistoryParser(shellOf(ctx), historyOwner(ctx.fileName)),
  logsources: [{ product: 'linux' }, { product: 'windows', category: 'ps_script' }],
});
