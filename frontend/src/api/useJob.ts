import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf } from "./errors";

/** What a background job on the server (a plan, an import) reports while it runs. */
export type Job = { id: string; status: "queued" | "running" | "done" | "failed" };

const POLL_MS = 600;

export const isRunning = (job?: Job) => job?.status === "queued" || job?.status === "running";

/** Starts a job and follows it (asking `read` again every 600 ms) until it is done or failed.
 * A failure to start or to ask is kept (`failure`, and as words in `error`). `read` should be a stable function. */
export function useJob<T extends Job>(read: (id: string) => Promise<T>) {
  const [job, setJob] = useState<T>();
  const [failure, setFailure] = useState<unknown>();
  const timer = useRef<number | undefined>(undefined);

  const stop = useCallback(() => window.clearTimeout(timer.current), []);
  useEffect(() => stop, [stop]);

  const follow = useCallback(
    (id: string) => {
      timer.current = window.setTimeout(async () => {
        try {
          const next = await read(id);
          setJob(next);
          if (isRunning(next)) follow(id);
        } catch (failure) {
          setFailure(failure);
        }
      }, POLL_MS);
    },
    [read],
  );

  const start = useCallback(
    async (starting: () => Promise<T>) => {
      stop();
      setFailure(undefined);
      setJob(undefined);
      try {
        const started = await starting();
        setJob(started);
        if (isRunning(started)) follow(started.id);
      } catch (failure) {
        setFailure(failure);
      }
    },
    [follow, stop],
  );

  const clear = useCallback(() => {
    stop();
    setJob(undefined);
    setFailure(undefined);
  }, [stop]);

  const error = failure === undefined ? undefined : messageOf(failure);
  return { job, error, failure, start, clear };
}
