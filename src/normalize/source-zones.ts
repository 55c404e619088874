import { VigilError } from '../util/errors.ts';
import { checkTimeZone } from './time.ts';

/**
 * Time zones per input (`--tz-for 'dc01/**=Europe/Berlin'`): a triage collection holds logs of machines in several
 * zones, and their zone-less times (Event Viewer's exports, IIS, syslog) are each machine's local time. A rule's
 * pattern is a glob over the input's name (`*` and `?` within a path segment, `**` across segments; `\` and an
 * archive's `!` count as `/`; letters in either case) that matches the whole name or its end after a `/`: `dc01/**`
 * matches `cases/dc01/Security.evtx` and `triage.zip!dc01/Security.evtx`, `*.iis.log` any such file. The first rule
 * that matches gives the zone; an input no rule matches takes `--tz`.
 */

export interface ZoneRule {
  pattern: string;
  tz: string;
}

interface CompiledRule extends ZoneRule {
  regex: RegExp;
}

const MAX_PATTERN = 1024;

/** `pattern=zone` as a rule (the last `=` splits: a zone never holds one); a usage or configuration error otherwise. */
export function parseZoneRule(text: string): ZoneRule {
  const at = text.lastIndexOf('=');
  const pattern = at < 0 ? '' : text.slice(0, at).trim();
  const tz = at < 0 ? '' : text.slice(at + 1).trim();
  if (pattern === '' || tz === '' || pattern.length > MAX_PATTERN) {
    throw new VigilError('E_USAGE', `--tz-for expects <pattern>=<zone>, such as 'dc01/**=Europe/Berlin', got ${text}`);
  }
  checkTimeZone(tz);
  return { pattern, tz };
}

function globSource(pattern: string): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` also matches no segment at all (`dc01/**/x.log` takes `dc01/x.log`).
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '/' || c === '\\' || c === '!') source += '/';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return source;
}

function compile(rule: ZoneRule): CompiledRule {
  return { ...rule, regex: new RegExp(`(?:^|/)${globSource(rule.pattern)}$`, 'i') };
}

/** The zone of each input by the rules, else the run's zone. */
export class SourceZones {
  private readonly rules: readonly CompiledRule[];

  constructor(
    readonly fallback: string,
    rules: readonly ZoneRule[] = [],
  ) {
    this.rules = rules.map(compile);
  }

  /** The rule that gives this input its zone, if any. */
  ruleFor(name: string): ZoneRule | undefined {
    const path = name.replace(/[\\!]/g, '/');
    const rule = this.rules.find((r) => r.regex.test(path));
    return rule === undefined ? undefined : { pattern: rule.pattern, tz: rule.tz };
  }

  zoneFor(name: string): string {
    return this.ruleFor(name)?.tz ?? this.fallback;
  }
}

/** The configuration file's `ingest.tzFor` rules; a bad one is a configuration error that names it. */
export function configuredZoneRules(rules: readonly string[] | undefined): ZoneRule[] {
  return (rules ?? []).map((rule) => {
    try {
      return parseZoneRule(rule);
    } catch (error) {
      throw new VigilError('E_CONFIG', `configuration ingest.tzFor: ${error instanceof Error ? error.message.replace(/^--tz-for expects/, 'expects') : String(error)}`);
    }
  });
}

/** The zone of one input under a run's `tz` and `zones`. */
export function zoneOf(options: { tz: string; zones?: readonly ZoneRule[] }, name: string): string {
  return options.zones === undefined || options.zones.length === 0 ? options.tz : new SourceZones(options.tz, options.zones).zoneFor(name);
}
