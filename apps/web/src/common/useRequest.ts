import { useCallback, useEffect, useRef, useState } from 'react';

export interface RequestState<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when its dependencies change and on `reload()`, dropping answers that arrive out of order. */
export function useRequest<T>(load: () => Promise<T>, dependencies: unknown[]): RequestState<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const run = useCallback(load, dependencies);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ data: previous.data, loading: true }));
    run().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) => mine === generation.current && setState({ error, loading: false }),
    );
  }, [run]);

  useEffect(reload, [reload]);
  return { ...state, reload };
}
