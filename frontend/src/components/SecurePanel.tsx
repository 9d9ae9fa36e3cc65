import { useState } from "react";
import { api, call, type Schemas } from "../api/client";
import { messageOf } from "../api/errors";
import { ErrorMessage } from "./Messages";
import { riskPercent } from "./risk";

type SecurePlan = Schemas["SecurePlan"];

/** What it takes to make this unit's service safe: moves within each unit, else extra capacity, and where the next worker helps most. */
export function SecurePanel({ unitId }: { unitId: number }) {
  const [plan, setPlan] = useState<SecurePlan | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function load() {
    setBusy(true);
    setError(undefined);
    try {
      setPlan(await call(api.GET("/api/resilience/units/{unit_id}/secure", { params: { path: { unit_id: unitId } } })));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="secure-heading">
      <h2 id="secure-heading">What it takes to be safe</h2>
      <p className="hint">
        The fewest moves of families within each unit of the service that make it N-1 secure; where moves cannot, the
        least extra capacity; and where one more worker would cut the risk most.
      </p>
      {!plan && (
        <button type="button" onClick={load} disabled={busy}>
          {busy ? "Working it out…" : "Work it out"}
        </button>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      {plan && (
        <div role="status">
          <ul className="secure-units">
            {plan.units.map((u) => (
              <li key={u.id}>
                <strong>{u.name}</strong>: {secureText(u)}
                {u.moves && u.moves.length > 0 && (
                  <ol>
                    {u.moves.map((m) => (
                      <li key={m.family}>
                        Move {m.family} from {m.from} to {m.to}
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            ))}
          </ul>
          <h3>Where the next worker helps most in {plan.service.name}</h3>
          <ol className="next-worker">
            {plan.next_worker.map((t) => (
              <li key={t.id}>
                {t.name}: near-term risk {riskPercent(t.risk)}, with one more full-time worker{" "}
                {riskPercent(t.risk_with_one_more)}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function secureText(u: Schemas["SecureUnit"]): string {
  if (u.n1_secure) return "already N-1 secure.";
  if (u.moves && u.moves.length > 0) {
    const n = u.moves.length;
    return `${n} move${n === 1 ? "" : "s"} within the unit make it N-1 secure${u.proven_fewest ? " (no fewer would)" : ""}.`;
  }
  if (u.note) return `${u.note}.`;
  if (u.extra_capacity)
    return `moves cannot; ${u.extra_capacity.fte} FTE more with ${u.extra_capacity.skills.join(", ") || "no particular skill"} would.`;
  return "neither moves nor up to 2 FTE more would make it N-1 secure.";
}
