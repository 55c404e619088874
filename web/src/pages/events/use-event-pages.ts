import { useCallback, useEffect, useRef, useState } from 'react';
import { api, queryString } from '../../api/client.ts';
import type { EventsPage, VigilEvent } from '../../api/types.ts';

export const PAGE_SIZE = 200;

export interface EventQuery {
  q?: string;
  filter: readonly string[];
  since?: string;
  until?: string;
  order: 'asc' | 'desc';
}

export interface EventPages {
  events: VigilEvent[];
  total: number | null;
  totalExact: boolean | null;
  done: boolean;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
}

/**
 * The events matching a query, loaded page by page with the API's cursor as the table scrolls; a new query
 * starts over, and an answer to an older query is dropped.
 */
export function useEventPages(query: EventQuery): EventPages {
  const key = JSON.stringify(query);
  const [events, setEvents] = useState<VigilEvent[]>([]);
  const [total, setTotal] = useState<{ count: number | null; exact: boolean | null }>({ count: null, exact: null });
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(false);
  const next = useRef<string | null | undefined>(undefined);
  const generation = useRef(0);
  const inFlight = useRef(false);

  const fetchPage = useCallback(() => {
    if (inFlight.current || next.current === null) return;
    const current = generation.current;
    const parsed = JSON.parse(key) as EventQuery;
    inFlight.current = true;
    setLoading(true);
    const path = `/api/events${queryString({ ...parsed, limit: PAGE_SIZE, cursor: next.current })}`;
    api.get<EventsPage>(path).then(
      (page) => {
        if (current !== generation.current) return;
        if (next.current === undefined) setTotal({ count: page.total, exact: page.totalExact });
        next.current = page.next;
        setEvents((previous) => [...previous, ...page.events]);
        setError(undefined);
        inFlight.current = false;
        setLoading(false);
      },
      (failure: unknown) => {
        if (current !== generation.current) return;
        setError(failure);
        inFlight.current = false;
        setLoading(false);
      },
    );
  }, [key]);

  useEffect(() => {
    generation.current++;
    next.current = undefined;
    inFlight.current = false;
    setEvents([]);
    setTotal({ count: null, exact: null });
    fetchPage();
  }, [fetchPage]);

  return { events, total: total.count, totalExact: total.exact, done: next.current === null, loading, error, loadMore: fetchPage };
}
