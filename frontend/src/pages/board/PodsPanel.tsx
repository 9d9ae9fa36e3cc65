import type { UnitSummary, WorkerLoad } from "../../api/client";
import { humanise } from "../../components/format";
import { LoadBar } from "../../components/LoadBar";
import { bandFor, formatPoints, type BandLimits } from "../../components/load";
import { accountableText, overChildrenLimit, shareText } from "../../components/pods";

/** Each pod of a team that allocates to pods: its load against its present members' capacity, the
 * children its consultants are accountable for against their limit, and its members with their shares. */
export function PodsPanel({
  pods,
  workers,
  limits,
}: {
  pods: UnitSummary[];
  workers: WorkerLoad[];
  limits: BandLimits;
}) {
  if (!pods.length) return <p className="hint">This team has no pods yet.</p>;
  return (
    <div className="pods">
      {pods.map((pod) => {
        const members = workers.filter((w) => w.pod_id === pod.id || w.unit_id === pod.id);
        const headingId = `pod-${pod.id}-heading`;
        return (
          <section className="panel pod" key={pod.id} aria-labelledby={headingId}>
            <h3 id={headingId}>
              {pod.name} <span className="code">{pod.code}</span>
            </h3>
            <LoadBar load={pod.load} capacity={pod.capacity} band={bandFor(pod.load, pod.capacity, limits)} />
            <p className="hint">
              {pod.pod_families} {pod.pod_families === 1 ? "family" : "families"} held by the pod,{" "}
              {formatPoints(pod.load)} points shared by the {pod.present} {pod.present === 1 ? "member" : "members"} at
              work.
            </p>
            <p className={overChildrenLimit(pod) ? "error-text" : "hint"}>
              Consultant accountable for {accountableText(pod)}.
            </p>
            <ul className="pod-members">
              {members.map((m) => (
                <li key={m.id}>
                  {m.name} ({humanise(m.role)}): {shareText(m) || "holds their own families"}, {formatPoints(m.load)} of{" "}
                  {formatPoints(m.capacity)} points
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
