/**
 * The state behind `useApi`, as a reducer so its rules can be tested without a browser: answers are kept with
 * the request they answer, so a view can tell the data of the current request from the previous one's.
 */

export interface ApiRequestState<T> {
  /** The number of the latest request; answers to older ones are dropped. */
  call: number;
  /** The last answer accepted, with the path it answered. */
  answered: { path: string; value: T } | undefined;
  error: unknown;
  loading: boolean;
}

export type ApiEvent<T> =
  | { type: 'request'; call: number }
  | { type: 'answer'; call: number; path: string; value: T }
  | { type: 'failure'; call: number; error: unknown };

export function initialApiState<T>(loading: boolean): ApiRequestState<T> {
  return { call: 0, answered: undefined, error: undefined, loading };
}

export function apiReducer<T>(state: ApiRequestState<T>, event: ApiEvent<T>): ApiRequestState<T> {
  if (event.type === 'request') return { ...state, call: event.call, loading: true };
  // An older request's answer never overwrites a newer one's.
  if (event.call !== state.call) return state;
  if (event.type === 'answer') return { ...state, answered: { path: event.path, value: event.value }, error: undefined, loading: false };
  return { ...state, error: event.error, loading: false };
}

/**
 * What a view shows for `path`: the last answer (kept while the next loads, so polling and filtering do not
 * flicker), and whether it answers `path` itself. A poll of the same path keeps it current; a new path (another
 * range, other filters) makes it stale until its own answer arrives.
 */
export function shownData<T>(state: ApiRequestState<T>, path: string | null): { data: T | undefined; current: boolean } {
  return { data: state.answered?.value, current: state.answered !== undefined && state.answered.path === path };
}
