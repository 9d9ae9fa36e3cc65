import { useState, type FormEvent } from "react";
import { api, call, type Family, type Schemas } from "../../api/client";
import { messageOf } from "../../api/errors";
import { LIMITS } from "../../api/limits";
import { useResource } from "../../api/useResource";
import { ErrorSummary, type SummaryItem } from "../../components/ErrorSummary";
import { formatDate } from "../../components/format";
import { BAND_LABEL, bandFor, percentOf, type BandLimits } from "../../components/load";

type Choice = Schemas["AllocationChoicePublic"];

/** A choice's key: a worker or a pod (a team that allocates to pods offers its pods). */
export function choiceKey(c: Choice): string {
  return c.pod_id != null ? `pod-${c.pod_id}` : `worker-${c.worker_id}`;
}

export function choiceText(c: Choice, limits: BandLimits): string {
  const ratio = (points: number) => (c.capacity > 0 ? points / c.capacity : null);
  const band = (points: number) => BAND_LABEL[bandFor(points, c.capacity, limits)];
  const now = `${percentOf(ratio(c.before))} (${band(c.before)})`;
  const children =
    c.pod_id != null && c.children_before != null
      ? `; consultant accountable for ${c.children_before}${c.current ? "" : ` → ${c.children_after}`} children` +
        (c.children_limit != null ? ` (limit ${c.children_limit})` : "")
      : "";
  if (c.current) return `${now}, ${c.pod_id != null ? "holds it now" : "key worker now"}${children}`;
  return `${now} → ${percentOf(ratio(c.after))} (${band(c.after)})${c.above_surge_limit ? ", above the surge limit" : ""}${children}`;
}

/** Whether the form can be sent: a worker chosen, and a reason when they would pass the surge limit. */
export function allocationProblems(choice: Choice | undefined, reason: string): SummaryItem[] {
  if (!choice) return [{ href: "#manual-workers", message: "Choose who takes the family" }];
  if (choice.above_surge_limit && reason.trim().length < 3)
    return [
      { href: "#manual-reason", message: `Give the reason for taking ${choice.worker_name} above the surge limit` },
    ];
  return [];
}

function Choices({ familyId, onAllocated }: { familyId: number; onAllocated: (text: string) => void }) {
  const options = useResource(
    () => call(api.GET("/api/families/{family_id}/allocation", { params: { path: { family_id: familyId } } })),
    [familyId],
  );
  const [chosen, setChosen] = useState<string>();
  const [showAway, setShowAway] = useState(false);
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  if (options.error) return <p className="error-text">{options.error}</p>;
  if (!options.data) return <p className="hint">Working out each worker's load…</p>;
  const { choices, band_limits: limits, family_name, points } = options.data;
  const shown = choices.filter((c) => showAway || !c.away_until || c.current);
  const choice = choices.find((c) => choiceKey(c) === chosen);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = allocationProblems(choice, reason);
    setProblems(found);
    if (found.length || !choice) return;
    setBusy(true);
    try {
      await call(
        api.POST("/api/families/{family_id}/allocation", {
          params: { path: { family_id: familyId } },
          body: choice.pod_id != null ? { pod_id: choice.pod_id, reason } : { worker_id: choice.worker_id, reason },
        }),
      );
      onAllocated(`${family_name} is now ${choice.pod_id != null ? "held by" : "allocated to"} ${choice.worker_name}.`);
    } catch (error) {
      setProblems([{ href: "#manual-workers", message: messageOf(error) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary items={problems} />
      <fieldset id="manual-workers">
        <legend>
          Who takes {family_name} ({points} points)? Load now → with the family
        </legend>
        {shown.map((c) => {
          const key = choiceKey(c);
          const id = `manual-${key}`;
          const why = c.blocked.length ? `Cannot take it: ${c.blocked.join("; ")}` : undefined;
          return (
            <div className="radio" key={key}>
              <input
                type="radio"
                id={id}
                name="worker"
                value={key}
                disabled={!!why || c.current}
                checked={chosen === key}
                onChange={() => setChosen(key)}
                aria-describedby={why ? `${id}-why` : undefined}
              />
              <label htmlFor={id}>
                {c.worker_name}: {choiceText(c, limits)}
                {c.away_until && ` (away until ${formatDate(c.away_until)})`}
              </label>
              {why && (
                <span className="hint" id={`${id}-why`}>
                  {" "}
                  {why}
                </span>
              )}
            </div>
          );
        })}
      </fieldset>
      <div className="field checkbox">
        <input
          id="manual-show-away"
          type="checkbox"
          checked={showAway}
          onChange={(e) => setShowAway(e.target.checked)}
        />
        <label htmlFor="manual-show-away">Show workers who are away</label>
      </div>
      <div className="field">
        <label htmlFor="manual-reason">
          Reason {choice?.above_surge_limit ? "(needed: above the surge limit)" : "(optional)"}
        </label>
        <textarea
          id="manual-reason"
          value={reason}
          maxLength={LIMITS.allocationReason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Allocating…" : "Allocate"}
      </button>
    </form>
  );
}

/** Allocate or reassign any family of the team by hand, with each worker's load before and after. */
export function ManualAllocation({
  families,
  onAllocated,
}: {
  families: Family[];
  onAllocated: (text: string) => void;
}) {
  const [familyId, setFamilyId] = useState<number>();
  return (
    <div>
      <h3 id="manual-heading">Allocate or reassign by hand</h3>
      <div className="field">
        <label htmlFor="manual-family">Family</label>
        <select
          id="manual-family"
          value={familyId ?? ""}
          onChange={(e) => setFamilyId(Number(e.target.value) || undefined)}
        >
          <option value="">Choose a family</option>
          {families.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name} ({f.pod_name ?? f.key_worker_name ?? "unallocated"})
            </option>
          ))}
        </select>
      </div>
      {familyId && <Choices key={familyId} familyId={familyId} onAllocated={onAllocated} />}
    </div>
  );
}
