import { useState, type FormEvent } from "react";
import { api, call, type Schemas } from "../api/client";
import { messageOf } from "../api/errors";
import { ComparisonTable, type FigureRow } from "./ComparisonTable";
import { percentOf } from "./load";
import { ErrorMessage } from "./Messages";
import { lossWords, nkLabel, riskPercent, stageName } from "./risk";

type Comparison = Schemas["StructureComparison"];
type Figures = Schemas["StructureFigures"];
type Mode = Schemas["StructureTrial"]["mode"];

/** The worst loss of a structure in words (components/risk.ts, as on the unit page). */
export function worstLossText(f: Figures): string {
  return lossWords(f.worst_loss as { workers?: string[]; max_load_ratio?: number | null } | null | undefined);
}

export const STRUCTURE_ROWS: FigureRow<Figures>[] = [
  { label: "Stage", text: (f) => (f.stage ? stageName(f.stage) : "–") },
  { label: "N-1 / N-2", text: (f) => nkLabel(f.n1_secure, f.n2_secure) },
  { label: "Load", text: (f) => percentOf(f.load_ratio) },
  { label: "Worst loss", text: worstLossText },
  { label: "Families known to one worker", text: (f) => percentOf(f.bus_factor_one_share) },
  { label: "Collapse risk (near term)", text: (f) => (f.collapse_risk == null ? "–" : riskPercent(f.collapse_risk)) },
];

/** The same people and families organised another way (issue 11): pods merged into one team, or
 * the team split into pods of a chosen size. Nothing is saved. */
export function StructurePanel({ unitId, hasPods }: { unitId: number; hasPods: boolean }) {
  const [mode, setMode] = useState<Mode>(hasPods ? "merge_pods" : "split_into_pods");
  const [podSize, setPodSize] = useState("3");
  const [answer, setAnswer] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const body = { unit_id: unitId, mode, pod_size: mode === "split_into_pods" ? Number(podSize) : null };
      setAnswer(await call(api.POST("/api/resilience/structure", { body })));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="structure-heading">
      <h2 id="structure-heading">Another structure</h2>
      <p className="hint">
        Compare this unit as it is with the same people and families organised another way: load, N-1 and N-2, worst
        loss, bus factor and collapse risk side by side. Nothing is saved.
      </p>
      <form onSubmit={submit} className="what-if">
        <div className="field">
          <label htmlFor="structure-mode">Organised as</label>
          <select id="structure-mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="merge_pods">Its pods merged into one team allocating to workers</option>
            <option value="split_into_pods">Its case holders split into pods that hold families</option>
          </select>
        </div>
        {mode === "split_into_pods" && (
          <div className="field">
            <label htmlFor="structure-pod-size">People in each pod</label>
            <input
              id="structure-pod-size"
              type="number"
              min="2"
              max="8"
              step="1"
              value={podSize}
              onChange={(e) => setPodSize(e.target.value)}
            />
          </div>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Working it out…" : "Compare"}
        </button>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      {answer && (
        <div role="status">
          {answer.sentences.map((s) => (
            <p key={s}>{s}</p>
          ))}
          <ComparisonTable
            caption={`${answer.unit.name}: as it is and reorganised`}
            headings={["As it is", "Reorganised"]}
            rows={STRUCTURE_ROWS}
            left={answer.as_is}
            right={answer.reorganised}
          />
        </div>
      )}
    </section>
  );
}
