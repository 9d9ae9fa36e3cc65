import { useCallback, useEffect, useState } from "react";
import { messageOf } from "./errors";

export type Resource<T> = { data?: T; error?: string; loading: boolean; reload: () => void };

/** Loads data when the component mounts (and when deps change); errors arrive as words. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  // A fresh function whenever deps change (useCallback(load, deps) would hand back `load` itself,
  // so a module-level loader would never run again).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(() => load(), deps);
  useEffect(() => {
    let live = true;
    setState((old) => ({ data: old.data, loading: true }));
    stableLoad().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error: messageOf(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [stableLoad, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
