/**
 * What the syslog parser keeps between the lines of one file, for programs whose lines only make sense
 * together: strongSwan names the client of an IKE SA on one line and its failed login on another.
 * Bounded: the oldest entries go first, so a long file cannot grow it without limit.
 */

/** What is known of one IKE SA (strongSwan's numeric SA id within one file). */
export interface IkeSa {
  ip?: string;
  port?: number;
  user?: string;
  /** The server said it has no key for the user (`no EAP key found for hosts …`). */
  unknownUser?: boolean;
}

const MAX_ENTRIES = 4096;

export class FileMemory {
  private readonly sas = new Map<string, IkeSa>();

  /** The SA's entry, created when missing (and moved to the newest place). */
  ikeSa(id: string): IkeSa {
    const known = this.sas.get(id);
    if (known !== undefined) {
      this.sas.delete(id);
      this.sas.set(id, known);
      return known;
    }
    const fresh: IkeSa = {};
    this.sas.set(id, fresh);
    if (this.sas.size > MAX_ENTRIES) {
      const oldest = this.sas.keys().next().value;
      if (oldest !== undefined) this.sas.delete(oldest);
    }
    return fresh;
  }

  get size(): number {
    return this.sas.size;
  }
}
