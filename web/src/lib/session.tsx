import { createContext, useContext } from 'react';
import type { Role, SessionInfo } from '../api/types.ts';

const RANK: Readonly<Record<Role, number>> = { viewer: 0, analyst: 1, admin: 2 };

export interface SessionContextValue {
  session: SessionInfo;
  logout: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside a logged-in page');
  return value;
}

/** Whether the caller's role reaches `role` (the server decides; this only hides what would be refused). */
export function useCan(role: Role): boolean {
  return RANK[useSession().session.role] >= RANK[role];
}
