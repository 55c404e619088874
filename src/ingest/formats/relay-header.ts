/**
 * The syslog header a relay puts in front of an embedded record (`Oct 26 20:01:31 fw01 CEF:0|…`,
 * `<134>1 2024-01-15T10:00:00Z fw01 app - - - LEEF:…`, `Mar 28 14:36:03 host audispd: node=…`).
 * Only the text before the embedded record is given; every part is optional.
 */
export interface RelayHeader {
  /** The header's timestamp exactly as written. */
  time?: string;
  host?: string;
  program?: string;
}

const PRI = /^<\d{1,3}>/;
const WHITESPACE = /\s+/;
const RFC3164_TIME = /^[A-Z][a-z]{2} {1,2}\d{1,2}(?: \d{4})? \d{2}:\d{2}:\d{2}(?:\.\d+)?/;
const ISO_TIME = /^(?:\d{1,2} )?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;
const HOST = /^[A-Za-z0-9][\w.:%-]*$/;
const PROGRAM = /^([^\s:[\]]+)(?:\[\d+\])?:?$/;

/** Parses a relay header; returns an empty object when the text does not start like one. */
export function parseRelayHeader(prefix: string): RelayHeader {
  let rest = prefix.trim().replace(PRI, '');
  let time: string | undefined;
  const iso = ISO_TIME.exec(rest);
  if (iso !== null) {
    time = iso[1];
    rest = rest.slice(iso[0].length);
  } else {
    const legacy = RFC3164_TIME.exec(rest);
    if (legacy === null) return {};
    time = legacy[0];
    rest = rest.slice(legacy[0].length);
  }
  const tokens = rest.trim().split(WHITESPACE).filter((token) => token !== '' && token !== '-');
  const header: RelayHeader = { time };
  let index = 0;
  const hostToken = tokens[0];
  if (hostToken !== undefined && !hostToken.endsWith(':') && HOST.test(hostToken)) {
    header.host = hostToken;
    index = 1;
  }
  const programToken = tokens[index];
  const program = programToken === undefined ? null : PROGRAM.exec(programToken);
  if (program?.[1] !== undefined) header.program = program[1];
  return header;
}
