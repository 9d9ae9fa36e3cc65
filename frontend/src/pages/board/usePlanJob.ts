import { useCallback, useEffect, useRef, useState } from "react";
import { api, call, type Schemas } from "../../api/client";
import { messageOf } from "../../api/errors";

export type PlanJob = Schemas["PlanJobPublic"];
export type PlanRequest = Omit<Schemas["PlanRequest"], "time_limit_s">;

const POLL_MS = 600;
const TIME_LIMIT_S = 20;

/** Starts a plan job and follows its progress until it is done or failed. */
export function usePlanJob() {
  const [job, setJob] = useState<PlanJob>();
  const [error, setError] = useState<string>();
  const timer = useRef<number | undefined>(undefined);

  const stop = useCallback(() => window.clearTimeout(timer.current), []);
  useEffect(() => stop, [stop]);

  const follow = useCallback(
    (id: string) => {
      timer.current = window.setTimeout(async () => {
        try {
          const next = await call(api.GET("/api/plans/{plan_id}", { params: { path: { plan_id: id } } }));
          setJob(next);
          if (next.status === "queued" || next.status === "running") follow(id);
        } catch (failure) {
          setError(messageOf(failure));
        }
      }, POLL_MS);
    },
    [],
  );

  const start = useCallback(
    async (request: PlanRequest) => {
      stop();
      setError(undefined);
      setJob(undefined);
      try {
        const started = await call(api.POST("/api/plans", { body: { ...request, time_limit_s: TIME_LIMIT_S } }));
        setJob(started);
        if (started.status !== "done" && started.status !== "failed") follow(started.id);
      } catch (failure) {
        setError(messageOf(failure));
      }
    },
    [follow, stop],
  );

  const clear = useCallback(() => {
    stop();
    setJob(undefined);
    setError(undefined);
  }, [stop]);

  return { job, error, start, clear };
}
