import { BandLimitsContext } from "../components/bandLimits";
import { api, call } from "../api/client";
import { useResource } from "../api/useResource";
import { FamiliesTable } from "../components/FamiliesTable";
import { formatDateTime, humanise } from "../components/format";
import { LoadBar } from "../components/LoadBar";
import { shareText } from "../components/pods";
import { ErrorMessage, Loading } from "../components/Messages";
import { PageTitle } from "../components/PageTitle";
import { VisitsDue } from "../components/VisitsDue";

export function MyCaseloadPage() {
  const mine = useResource(() => call(api.GET("/api/me/caseload")), []);
  if (mine.error) return <ErrorMessage>{mine.error}</ErrorMessage>;
  if (!mine.data) return <Loading what="your caseload" />;
  const { worker, families, changes } = mine.data;
  const covering = mine.data.covering ?? [];
  return (
    <BandLimitsContext.Provider value={mine.data.band_limits}>
      <PageTitle caption={worker.name}>My caseload</PageTitle>
      <section aria-labelledby="load-heading" className="panel">
        <h2 id="load-heading">My load</h2>
        <LoadBar load={worker.load} capacity={worker.capacity} band={worker.band} />
        <p className="hint">
          {worker.pod_name
            ? `${worker.families} families of your own`
            : `${worker.families} families, ${worker.children} children`}
          {covering.length > 0 &&
            `, and covering ${covering.length} ${covering.length === 1 ? "family" : "families"} for colleagues (in your load while cover lasts)`}
          .
          {worker.absent_until &&
            ` Recorded as away (${humanise(worker.absence_kind ?? "absence")}) until ${worker.absent_until}.`}
        </p>
        {worker.pod_name && (
          <p className="hint" id="pod-share">
            You share the work of {worker.pod_name}: {worker.pod_families}{" "}
            {worker.pod_families === 1 ? "family" : "families"} held by the pod as a whole. Your load is your share,{" "}
            {shareText(worker)} (your capacity against that of the pod's members at work).
          </p>
        )}
      </section>
      <section aria-labelledby="visits-heading">
        <h2 id="visits-heading">My visits due</h2>
        <VisitsDue onRecorded={() => mine.reload()} />
      </section>
      <section aria-labelledby="families-heading">
        <h2 id="families-heading">My families ({families.length})</h2>
        <FamiliesTable
          families={families}
          caption="My families"
          empty="You hold no families at the moment."
          viewer={worker.id}
          showWorker={families.some((f) => f.pod_id != null)}
        />
      </section>
      {covering.length > 0 && (
        <section aria-labelledby="covering-heading">
          <h2 id="covering-heading">Families I am covering ({covering.length})</h2>
          <FamiliesTable families={covering} caption="Families I am covering" empty="" viewer={worker.id} showWorker />
        </section>
      )}
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">Recent changes</h2>
        {changes.length ? (
          <ol className="changes">
            {changes.map((c, i) => (
              <li key={i}>
                <strong>{formatDateTime(c.at)}</strong> – {humanise(c.action)}
                {c.family_name && <> for {c.family_name}</>}
                {c.fields && c.fields.length > 0 && <> ({c.fields.map(humanise).join(", ")})</>} by {c.actor}.{" "}
                <span className="reason">Why: {c.reason || "no reason recorded"}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="hint">No recent changes to your families, your record or your absences.</p>
        )}
      </section>
    </BandLimitsContext.Provider>
  );
}
