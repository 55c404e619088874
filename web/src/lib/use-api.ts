import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { apiReducer, initialApiState, shownData } from './api-state.ts';

export interface ApiState<T> {
  /** The last answer: that of `path`, or while `path`'s own answer loads, the previous path's. */
  data: T | undefined;
  /** Whether `data` answers the current `path` (false while a new path's answer is on its way). */
  current: boolean;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` whenever it changes (null: nothing to fetch); an older answer never overwrites a newer one.
 * The previous data stays shown while the next loads, so polling and filtering do not flicker; views whose
 * numbers must belong to what is asked check `current`.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  const [state, dispatch] = useReducer(apiReducer<T>, path !== null, initialApiState<T>);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    const call = ++latest.current;
    dispatch({ type: 'request', call });
    api.get<T>(path, controller.signal).then(
      (value) => dispatch({ type: 'answer', call, path, value }),
      (failure: unknown) => {
        if (!controller.signal.aborted) dispatch({ type: 'failure', call, error: failure });
      },
    );
    return () => controller.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...shownData(state, path), error: state.error, loading: state.loading, reload };
}

/** Calls `tick` every `ms` while the page is visible (ms null: never). */
export function useInterval(tick: () => void, ms: number | null): void {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    if (ms === null) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') saved.current();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms]);
}
