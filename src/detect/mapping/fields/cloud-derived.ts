import type { FieldValue } from '../../types.ts';
import { child } from './record.ts';

/**
 * Names SigmaHQ's rules for a cloud product use that the product's records do not hold as such, worked out from
 * the record.
 *
 * Azure: the rules were written for table columns (`Status: Success`, `CategoryValue`, `ResourceProviderValue`);
 * diagnostic-settings records say the same thing in other words: a sign-in's status is its error code (0 is success) with the
 * failure reason and details, an audit record's is its `result`, and its `category` sits under `properties`
 * (the top-level one names the log). Values are read at the top or under `properties`, in any case, localisable
 * names (`{value, localizedValue}`) as their value.
 */

type Bag = Readonly<Record<string, unknown>>;
const LOG_CATEGORIES = /^(?:SignInLogs|NonInteractiveUserSignInLogs|ServicePrincipalSignInLogs|ManagedIdentitySignInLogs|ADFSSignInLogs|AuditLogs|UserRiskEvents|RiskyUsers|ServicePrincipalRiskEvents|RiskyServicePrincipals)$/i;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function get(node: unknown, key: string): unknown {
  return isBag(node) ? child(node, key) : undefined;
}

/** A value at the top or under `properties`. */
function either(record: unknown, key: string): unknown {
  return get(record, key) ?? get(get(record, 'properties'), key);
}

function scalar(value: unknown): string | number | boolean | undefined {
  if (isBag(value) && typeof value.value === 'string') return value.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

function texts(...values: unknown[]): FieldValue {
  const out = values.map(scalar).filter((v): v is string | number | boolean => v !== undefined && v !== '');
  if (out.length === 0) return undefined;
  return out.length === 1 ? out[0] : out;
}

function status(record: unknown): FieldValue {
  const top = get(record, 'status');
  const plain = scalar(top);
  if (plain !== undefined) return plain;
  const detail = isBag(top) ? top : get(get(record, 'properties'), 'status');
  const code = scalar(get(detail, 'errorCode')) ?? scalar(get(record, 'resultType'));
  if (code !== undefined) {
    // Graph writes `Other.` as a success's failure reason.
    return String(code) === '0' ? texts('Success', get(detail, 'additionalDetails')) : texts('Failure', get(detail, 'failureReason'), get(detail, 'additionalDetails'));
  }
  return texts(either(record, 'result'));
}

function category(record: unknown): FieldValue {
  const top = scalar(get(record, 'category'));
  if (top !== undefined && !LOG_CATEGORIES.test(String(top))) return top;
  return texts(get(get(record, 'properties'), 'category')) ?? top;
}

function resourceProvider(record: unknown): FieldValue {
  const named = scalar(either(record, 'resourceProviderName')) ?? scalar(either(record, 'ResourceProvider'));
  if (named !== undefined) return named;
  const operation = scalar(either(record, 'operationName'));
  return typeof operation === 'string' && operation.includes('/') ? operation.slice(0, operation.indexOf('/')) : undefined;
}

/** Microsoft 365: `status` is the record's ResultStatus in the words of the Splunk add-on the rules were written for. */
function m365Status(record: unknown): FieldValue {
  const result = scalar(get(record, 'ResultStatus'));
  if (typeof result !== 'string') return result;
  if (/^(?:True|Succeeded|Success|PartiallySucceeded)$/i.test(result)) return 'success';
  return /^(?:False|Failed|Failure)$/i.test(result) ? 'failure' : result;
}

type Derive = (record: unknown) => FieldValue;

export const RECORD_DERIVED: ReadonlyMap<string, ReadonlyMap<string, Derive>> = new Map([
  ['azure', new Map<string, Derive>([
    ['status', status],
    ['category', category],
    ['categoryvalue', category],
    ['resourceprovidervalue', resourceProvider],
  ])],
  ['m365', new Map<string, Derive>([['status', m365Status]])],
]);
