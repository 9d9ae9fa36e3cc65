// Resilience views (docs/design.md §5), as the API documents them (generated from the OpenAPI schema).
import type { components } from "./schema";

type Schemas = components["schemas"];

export type RiskCell = Schemas["RiskCell"];
export type HeatmapUnit = Schemas["HeatmapUnit"];
export type Heatmap = Schemas["Heatmap"];
export type UnitResilience = Schemas["UnitResilience"];
export type WorkerLoss = NonNullable<UnitResilience["worst_loss"]>;
export type StageRule = Schemas["StageRule"];
export type ForecastProgress = Schemas["ForecastProgress"];
