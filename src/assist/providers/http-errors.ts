import { ServerErrorBodySchema } from '../../schema/llm-wire.ts';
import { formatSeconds } from './deadline.ts';
import { preview } from './stream.ts';
import { LlmError } from './types.ts';

/** Failures before any byte of a response arrived, where sending the request again is safe. */
const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

const CONNECTION_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: is the server running?',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  UND_ERR_SOCKET: 'connection closed by the server before it answered',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The first `code` in an error's cause chain (fetch wraps socket errors: TypeError → cause → AggregateError). */
export function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const nested = error instanceof AggregateError ? (error.errors as unknown[]) : [];
  for (const inner of [(error as { cause?: unknown }).cause, ...nested]) {
    const found = errorCode(inner, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A fetch that failed before any response: unreachable (retryable only when refused or reset), or timeout. */
export function connectionFailure(error: unknown, label: string): LlmError {
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return new LlmError('timeout', `${label} did not answer in time (${code})`, { cause: error });
  const problem = (code !== undefined ? CONNECTION_PROBLEMS[code] : undefined) ?? describeUnknown(error, code);
  return new LlmError('unreachable', `cannot reach ${label}: ${problem}`, { cause: error, retryable: code !== undefined && RETRYABLE_CODES.has(code) });
}

function describeUnknown(error: unknown, code: string | undefined): string {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return code !== undefined && !inner.includes(code) ? `${inner} (${code})` : inner;
}

/** A body that stopped arriving after the response began (never retried: part of it may have been used). */
export function streamFailure(error: unknown, label: string): LlmError {
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return new LlmError('timeout', `${label} stopped sending (${code})`, { cause: error });
  return new LlmError('protocol', `${label} closed the connection before the reply was complete`, { cause: error });
}

/** The server's own explanation from an error body (JSON of any of the known shapes, or plain text). */
export function serverMessage(body: string): string {
  const text = body.trim();
  if (text === '') return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return preview(text, 500);
  }
  const shape = ServerErrorBodySchema.safeParse(parsed);
  if (!shape.success) return preview(text, 500);
  const { error, message, detail } = shape.data;
  if (typeof error === 'string') return preview(error, 500);
  if (error?.message !== undefined) {
    const tags = [error.type, error.code].filter((t) => t !== undefined && t !== null && t !== '').map(String);
    return preview(tags.length > 0 ? `${error.message} (${tags.join(', ')})` : error.message, 500);
  }
  if (message !== undefined) return preview(message, 500);
  if (detail !== undefined) return preview(typeof detail === 'string' ? detail : JSON.stringify(detail), 500);
  return preview(text, 500);
}

/** Too many requests, bad gateway, unavailable, and Anthropic's 529 "overloaded" (an unavailable by another number). */
export const RETRY_STATUSES = new Set([429, 502, 503, 529]);
/** Longest wait before a retry: a server asking for more is not retried (the error says how long it asked). */
export const MAX_RETRY_WAIT_MS = 20_000;
const BACKOFF_BASE_MS = 500;

export function backoffMs(attempt: number): number {
  return Math.min(MAX_RETRY_WAIT_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

/**
 * Whether and when to retry an error status: RETRY_STATUSES only; `Retry-After` (seconds or an HTTP date)
 * is honoured when it is at most MAX_RETRY_WAIT_MS, else no retry; without it, exponential backoff.
 */
export function retryPlan(status: number, retryAfter: string | null, attempt: number, nowMs = Date.now()): { waitMs?: number; note?: string } {
  if (!RETRY_STATUSES.has(status)) return {};
  const asked = parseRetryAfter(retryAfter, nowMs);
  if (asked === undefined) return { waitMs: backoffMs(attempt) };
  if (asked > MAX_RETRY_WAIT_MS) return { note: `the server asks to retry after ${formatSeconds(asked)}, longer than Vigil waits (${formatSeconds(MAX_RETRY_WAIT_MS)})` };
  return { waitMs: asked };
}

export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The error for an HTTP error status, with the server's message and a hint for refused credentials. */
export function statusFailure(status: number, message: string, label: string, note?: string): LlmError {
  const hint = status === 401 || status === 403 ? ' (the server refused the credentials: check llm.apiKey or llm.apiKeyEnv)' : '';
  const tail = note === undefined ? '' : `; ${note}`;
  return new LlmError('http', `${label} answered HTTP ${status}${message === '' ? '' : `: ${message}`}${hint}${tail}`, { status, retryable: RETRY_STATUSES.has(status) });
}
