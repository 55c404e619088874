import type { ApiErrorBody } from './types.ts';

/** A failed API call: the server's stable error code and message, or a network failure. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every state-changing request (the cookie alone is not enough). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function csrfHeaders(): Record<string, string> {
  return csrfToken === null ? {} : { 'x-csrf-token': csrfToken };
}

/** Fired when the server says the session has ended, so the app can show the login page. */
export const SESSION_ENDED = 'vigil:session-ended';

export type QueryValue = string | number | boolean | undefined | null | readonly string[];

/** A query string from a record; arrays repeat the key; empty values are left out. */
export function queryString(params: Readonly<Record<string, QueryValue>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'object') for (const item of value) search.append(key, item);
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export async function failureOf(response: Response): Promise<ApiFailure> {
  let code = 'E_HTTP';
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (body.error !== undefined) ({ code, message } = body.error);
  } catch {
    // Not the API's error format (a proxy, a crash): the status line says enough.
  }
  if (response.status === 401) window.dispatchEvent(new Event(SESSION_ENDED));
  return new ApiFailure(response.status, code, message);
}

export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, csrfHeaders());
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw new ApiFailure(0, 'E_NETWORK', 'the server cannot be reached');
  }
  if (!response.ok) throw await failureOf(response);
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return error.code === 'E_NETWORK' || error.code === 'E_HTTP' ? error.message : `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
