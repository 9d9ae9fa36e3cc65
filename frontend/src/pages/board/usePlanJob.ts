import { useCallback } from "react";
import { api, call, type Schemas } from "../../api/client";
import { useJob } from "../../api/useJob";

export type PlanJob = Schemas["PlanJobPublic"];
export type PlanRequest = Omit<Schemas["PlanRequest"], "time_limit_s">;

const TIME_LIMIT_S = 20;

const readPlan = (id: string) => call(api.GET("/api/plans/{plan_id}", { params: { path: { plan_id: id } } }));

/** Starts a plan job and follows its progress until it is done or failed. */
export function usePlanJob() {
  const { job, error, start: follow, clear } = useJob<PlanJob>(readPlan);
  const start = useCallback(
    (request: PlanRequest) =>
      follow(() => call(api.POST("/api/plans", { body: { ...request, time_limit_s: TIME_LIMIT_S } }))),
    [follow],
  );
  return { job, error, start, clear };
}
