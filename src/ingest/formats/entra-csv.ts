import { defineFormat, events, isObject, META, reject, type Envelope, type FormatParser, type ParserContext, type RawRecord, type Sample } from '../format.ts';
import { jsonText, setOwn } from '../values.ts';
import { mapRecord } from './aliases.ts';
import { utcCell } from './sentinel-csv.ts';

/**
 * Microsoft Entra ID's sign-in and audit logs downloaded from the portal as CSV (Sign-in logs → Download: the
 * interactive, non-interactive, service principal and managed identity tabs' files; Audit logs → Download). Each
 * row is put back into the Microsoft Graph object the portal's JSON download holds for it (a `signIn`, a
 * `directoryAudit`) and read by the Azure reader, so the rows feed the same detections as the JSON: `Date (UTC)` is
 * the time, `Sign-in error code` the status, `Location` the city, state and country, the device and MFA columns
 * their Graph objects, an audit row's actor `initiatedBy`, its `TargetN…` columns `targetResources` with their
 * modified properties, its `AdditionalDetailN…` columns `additionalDetails`. The portal writes headers in the
 * viewer's language: English headers are read (another language's file is generic CSV).
 */

type Log = 'signin' | 'audit';
type Doc = Record<string, unknown>;

/** Sign-in columns Graph names otherwise than their words (`camelName`), and where (a dotted name is nested). */
const SIGN_IN_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['request id', 'id'],
  ['user', 'userDisplayName'], ['username', 'userPrincipalName'], ['user type', 'userType'],
  ['application', 'appDisplayName'], ['application id', 'appId'], ['resource', 'resourceDisplayName'],
  ['client app', 'clientAppUsed'],
  ['ip address (seen by resource)', 'ipAddressFromResourceProvider'], ['through global secure access', 'isThroughGlobalSecureAccess'],
  ['latency', 'processingTimeInMilliseconds'], ['conditional access', 'conditionalAccessStatus'],
  ['credential key id', 'servicePrincipalCredentialKeyId'], ['credential thumbprint', 'servicePrincipalCredentialThumbprint'],
  ['failure reason', 'status.failureReason'], ['multifactor authentication result', 'status.additionalDetails'],
  ['device id', 'deviceDetail.deviceId'], ['browser', 'deviceDetail.browser'], ['operating system', 'deviceDetail.operatingSystem'],
  ['compliant', 'deviceDetail.isCompliant'], ['managed', 'deviceDetail.isManaged'], ['join type', 'deviceDetail.trustType'],
  ['multifactor authentication auth method', 'mfaDetail.authMethod'], ['multifactor authentication auth detail', 'mfaDetail.authDetail'],
]);

/** Audit columns named as Graph names them but in another case, and those it names otherwise. */
const AUDIT_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['service', 'loggedByService'], ['activity', 'activityDisplayName'], ['user agent', 'userAgent'],
]);

/** Sign-in columns written as words that Graph writes as enum names. */
const ENUM_COLUMNS = new Set(['userType', 'authenticationRequirement', 'conditionalAccessStatus']);
const BOOLEAN_COLUMNS = new Set(['deviceDetail.isCompliant', 'deviceDetail.isManaged', 'isThroughGlobalSecureAccess', 'flaggedForReview']);
const NUMBER_COLUMNS = new Set(['processingTimeInMilliseconds', 'autonomousSystemNumber']);

const ACTOR_USER: ReadonlyMap<string, string> = new Map([
  ['ActorObjectId', 'id'], ['ActorDisplayName', 'displayName'], ['ActorUserPrincipalName', 'userPrincipalName'], ['IPAddress', 'ipAddress'],
  ['ActorHomeTenantId', 'homeTenantId'], ['ActorHomeTenantName', 'homeTenantName'],
]);
const ACTOR_APP: ReadonlyMap<string, string> = new Map([
  ['ActorDisplayName', 'displayName'], ['ActorServicePrincipalId', 'servicePrincipalId'], ['ActorServicePrincipalName', 'servicePrincipalName'],
]);
const TARGET = /^Target(\d{1,3})(Type|DisplayName|ObjectId|Id|UserPrincipalName|GroupType)$/;
const TARGET_PROPERTY = /^Target(\d{1,3})ModifiedProperty(\d{1,3})(Name|OldValue|NewValue)$/;
const DETAIL = /^AdditionalDetail(\d{1,3})(Key|Value)$/;
/** More targets, modified properties or details than any real row holds are columns like any other. */
const MAX_INDEX = 100;

/** A header as the map keys write it: trimmed, lower case, runs of spaces as one (`Autonomous system  number`). */
function columnKey(column: string): string {
  return column.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Graph's name for a column it has no entry for: `Home tenant ID` → `homeTenantId`. */
function camelName(column: string): string {
  const words = column.trim().split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  return words.map((word, i) => {
    // An all-capitals word is an abbreviation (`ID` → `Id`); another keeps its inner capitals (`CorrelationId`).
    const cased = word === word.toUpperCase() ? word.toLowerCase() : word;
    return (i === 0 ? cased[0]!.toLowerCase() : cased[0]!.toUpperCase()) + cased.slice(1);
  }).join('') || 'column';
}

/** Graph's enum name for the portal's words: `Single-factor authentication` → `singleFactorAuthentication`. */
function enumName(words: string): string {
  const parts = words.replace(/-/g, ' ').split(/\s+/).filter((part) => part !== '');
  if (parts.length === 1) return parts[0]![0]!.toLowerCase() + parts[0]!.slice(1);
  return camelName(parts.join(' ').replace(/\bmultifactor\b/i, 'multi factor').replace(/\bsinglefactor\b/i, 'single factor'));
}

function booleanCell(cell: string): boolean | string {
  if (/^(?:true|yes)$/i.test(cell)) return true;
  return /^(?:false|no)$/i.test(cell) ? false : cell;
}

/** Sets `value` at a dotted path of own objects, creating them. */
function setPath(doc: Doc, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (isObject(next)) node = next;
    else {
      const created: Doc = {};
      setOwn<unknown>(node, key, created);
      node = created;
    }
  }
  setOwn<unknown>(node, keys[keys.length - 1]!, value);
}

/** `Melbourne, Victoria, AU`: city, state, country; a shorter text names fewer, the country last. */
function location(cell: string): Doc {
  const parts = cell.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const country = parts.pop();
  const found: Doc = {};
  if (country !== undefined) found.countryOrRegion = country;
  if (parts.length === 1) found.city = parts[0];
  else if (parts.length > 1) {
    found.state = parts.pop();
    found.city = parts.join(', ');
  }
  return found;
}

function cells(row: Readonly<Record<string, unknown>>): [string, string][] {
  const out: [string, string][] = [];
  for (const column of Object.keys(row)) {
    const cell = row[column];
    if (typeof cell === 'string' && cell.trim() !== '') out.push([column, cell.trim()]);
  }
  return out;
}

function isDateColumn(column: string): boolean {
  const key = columnKey(column);
  return key === 'date (utc)' || key === 'date';
}

/** A sign-in row as Graph's `signIn` object. */
export function signInObject(row: Readonly<Record<string, unknown>>): Doc {
  const doc: Doc = {};
  let code: string | undefined;
  let words: string | undefined;
  for (const [column, cell] of cells(row)) {
    const key = columnKey(column);
    if (isDateColumn(column)) doc.createdDateTime = utcCell(cell);
    else if (key === 'sign-in error code') code = cell;
    else if (key === 'status') words = cell;
    else if (key === 'location') doc.location = location(cell);
    else {
      const path = SIGN_IN_COLUMNS.get(key) ?? camelName(column);
      let value: unknown = cell;
      if (ENUM_COLUMNS.has(path)) value = enumName(cell);
      else if (BOOLEAN_COLUMNS.has(path)) value = booleanCell(cell);
      else if (NUMBER_COLUMNS.has(path) && /^\d{1,15}$/.test(cell)) value = Number(cell);
      setPath(doc, path, value);
    }
  }
  // The code is the status; a success the portal wrote without one is code 0.
  const errorCode = code !== undefined && /^\d{1,10}$/.test(code) ? Number(code) : /^success$/i.test(words ?? '') ? 0 : undefined;
  if (errorCode !== undefined) setPath(doc, 'status.errorCode', errorCode);
  return doc;
}

function indexed(list: Doc[], index: string): Doc | undefined {
  const i = Number(index) - 1;
  if (i < 0 || i >= MAX_INDEX) return undefined;
  return (list[i] ??= {});
}

/** An audit row as Graph's `directoryAudit` object. */
export function auditObject(row: Readonly<Record<string, unknown>>): Doc {
  const doc: Doc = {};
  const user: Doc = {};
  const app: Doc = {};
  const targets: Doc[] = [];
  const properties: Doc[][] = [];
  const details: Doc[] = [];
  let actorType: string | undefined;
  for (const [column, cell] of cells(row)) {
    const name = column.trim();
    if (isDateColumn(column)) doc.activityDateTime = utcCell(cell);
    else if (name === 'ActorType') actorType = cell;
    else if (ACTOR_USER.has(name) || ACTOR_APP.has(name)) {
      if (ACTOR_USER.has(name)) setOwn<unknown>(user, ACTOR_USER.get(name)!, cell);
      if (ACTOR_APP.has(name)) setOwn<unknown>(app, ACTOR_APP.get(name)!, cell);
    } else if (!audited(name, cell, targets, properties, details)) {
      setPath(doc, AUDIT_COLUMNS.get(columnKey(column)) ?? camelName(column), name === 'Result' ? cell.toLowerCase() : cell);
    }
  }
  // The actor is the user or the application the row's ActorType names; a row that names no type, by what it holds.
  const isApp = actorType !== undefined ? /^(?:app|application|serviceprincipal)$/i.test(actorType.replace(/\s/g, '')) : user.userPrincipalName === undefined && app.servicePrincipalId !== undefined;
  doc.initiatedBy = isApp ? { app } : { user };
  const resources = targets.map((target, i) => {
    const modified = (properties[i] ?? []).filter((property) => property !== undefined);
    return modified.length > 0 ? { ...target, modifiedProperties: modified } : target;
  }).filter((target) => target !== undefined);
  if (resources.length > 0) doc.targetResources = resources;
  const additional = details.filter((detail) => detail !== undefined);
  if (additional.length > 0) doc.additionalDetails = additional;
  return doc;
}

/** Puts a `TargetN…` or `AdditionalDetailN…` cell in its place; false for any other column. */
function audited(name: string, cell: string, targets: Doc[], properties: Doc[][], details: Doc[]): boolean {
  const property = TARGET_PROPERTY.exec(name);
  if (property !== null) {
    const target = Number(property[1]) - 1;
    const index = Number(property[2]) - 1;
    if (target < 0 || target >= MAX_INDEX || index < 0 || index >= MAX_INDEX) return false;
    indexed(targets, property[1]!);
    const slot = indexed((properties[target] ??= []), property[2]!)!;
    slot[property[3] === 'Name' ? 'displayName' : property[3] === 'OldValue' ? 'oldValue' : 'newValue'] = cell;
    return true;
  }
  const target = TARGET.exec(name);
  if (target !== null) {
    const slot = indexed(targets, target[1]!);
    if (slot === undefined) return false;
    const field = target[2]!;
    slot[field === 'ObjectId' || field === 'Id' ? 'id' : field[0]!.toLowerCase() + field.slice(1)] = cell;
    return true;
  }
  const detail = DETAIL.exec(name);
  if (detail !== null) {
    const slot = indexed(details, detail[1]!);
    if (slot === undefined) return false;
    slot[detail[2] === 'Key' ? 'key' : 'value'] = cell;
    return true;
  }
  return false;
}

function headerOf(sample: Sample): Set<string> {
  return new Set(sample.csv?.header.map(columnKey) ?? []);
}

function logOf(header: ReadonlySet<string>): Log | undefined {
  const dated = header.has('date (utc)') || header.has('date');
  if (!dated) return undefined;
  if (header.has('sign-in error code') && (header.has('request id') || header.has('correlation id'))) return 'signin';
  if (header.has('activity') && header.has('correlationid') && (header.has('actortype') || header.has('target1type') || header.has('service'))) return 'audit';
  return undefined;
}

/** Which log a row is from: each row names its columns, so this needs no state. */
function rowLog(row: Readonly<Record<string, unknown>>): Log | undefined {
  return logOf(new Set(Object.keys(row).map(columnKey)));
}

export function entraCsvEnvelope(record: RawRecord): Envelope | undefined {
  if (!isObject(record.value)) return undefined;
  const log = rowLog(record.value);
  if (log === undefined) return undefined;
  const doc = log === 'signin' ? signInObject(record.value) : auditObject(record.value);
  const time = log === 'signin' ? doc.createdDateTime : doc.activityDateTime;
  const text = jsonText(doc);
  if (text === undefined || typeof time !== 'string') return undefined;
  return { text, value: doc, key: log, time, labels: {} };
}

function sniff(sample: Sample): number {
  return logOf(headerOf(sample)) === undefined ? 0 : 0.93;
}

/** A row the Azure reader did not take (no time): through the alias table. */
function createParser(ctx: ParserContext): FormatParser {
  return {
    parse(record) {
      if (!isObject(record.value)) return reject('not a CSV row');
      if (cells(record.value).length === 0) return META;
      return events(mapRecord(record.value, { mapping: ctx.mapping, dataset: 'azure.entra' }));
    },
  };
}

export const entraCsvFormat = defineFormat({
  id: 'entra-csv',
  title: 'Microsoft Entra ID sign-in and audit logs (CSV download)',
  description:
    "the Entra portal's CSV downloads of sign-ins (interactive, non-interactive, service principal, managed identity) " +
    'and audit logs: each row put back into the Graph object and read by the Azure reader',
  framing: 'csv',
  sniff,
  createParser,
  envelope: entraCsvEnvelope,
  logsources: [],
});
