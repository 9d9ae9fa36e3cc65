// The plan a job returns, as the API documents it (generated from the OpenAPI schema).
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Alternative = Schemas["PlanWorkerChoice"];
export type PlanAssignment = Schemas["PlanAssignment"];
export type PlanLoad = Schemas["PlanLoad"];
export type Plan = Schemas["PlanView"];
export type Question = Schemas["PlanRequest"]["question"];
