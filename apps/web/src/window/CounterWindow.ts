import { createContext, useContext } from 'react';
import type { AcceptanceWindow } from '../api/views';

export const CounterWindowContext = createContext<AcceptanceWindow | null>(null);

/** The window the signed-in clerk sits at; every page of the workbench is rendered inside one. */
export function useCounterWindow(): AcceptanceWindow {
  const counter = useContext(CounterWindowContext);
  if (!counter) throw new Error('useCounterWindow outside the window workbench');
  return counter;
}
