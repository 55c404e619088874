import type { EventFields } from '../../../schema/event.ts';
import type { FileMemory } from './memory.ts';

/** What the syslog header (RFC 3164, ISO-stamped or RFC 5424) says, before any program decoding. */
export interface SyslogHeader {
  /** Timestamp text as found, or undefined (RFC 5424 NILVALUE). */
  time?: string;
  host?: string;
  /** The program as written in the tag (`sshd`, `CRON`, `/usr/sbin/cron`). */
  program?: string;
  /** The parenthesised part of an old-style tag: `sshd(pam_unix)` → `pam_unix`. */
  module?: string;
  pid?: number;
  /** The message after the tag, trimmed. */
  message: string;
  /** Header facts without a schema slot: facility, severity, RFC 5424 MSGID and structured data. */
  labels: Record<string, string>;
}

/** What a program decoder understood from one message. */
export interface Decoded {
  fields: EventFields;
  /** Overrides the decoder's dataset (the kernel decoder picks iptables/ufw/firewalld per line). */
  dataset?: string;
  /** The event's own time, when the message carries a better one than the header (Sysmon for Linux's UTC time). */
  time?: string;
}

export interface DecodeInput {
  /** The message to decode (the inner message for `message repeated N times: [ … ]`). */
  message: string;
  /** The program name lower-cased and without a directory (`/usr/sbin/CRON` → `cron`). */
  program: string;
  header: SyslogHeader;
  /** What earlier lines of the same file told (absent when a line is decoded on its own). */
  memory?: FileMemory;
}

/** Decodes the messages of one program (or one family of programs). */
export interface ProgramDecoder {
  /** Lower-case program names this decoder handles. */
  readonly programs: readonly string[];
  /** `event.dataset` for this program's lines; undefined means the generic `syslog`. */
  dataset(program: string): string | undefined;
  /** Fields for a message it understands, undefined for the others (they keep the header fields). */
  decode(input: DecodeInput): Decoded | undefined;
}
