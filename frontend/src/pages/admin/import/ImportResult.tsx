import { Table } from "../../../components/Table";
import type { ImportJob } from "./importApi";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

const NOUNS: Record<string, [string, string]> = {
  workers: ["worker", "workers"],
  families: ["family", "families"],
  absences: ["absence", "absences"],
};

/** How an import ended: what it created and updated, or why nothing was applied and which rows are wrong. */
export function ImportResult({ job, onImportForReal }: { job: ImportJob; onImportForReal?: () => void }) {
  const [one, many] = NOUNS[job.kind] ?? ["record", "records"];
  const counts = `${plural(job.created, one, many)} to create and ${plural(job.updated, one, many)} to update`;
  if (job.status === "done" && job.dry_run) {
    return (
      <div className="success-box result" role="status">
        <p>
          The check found no problems in {plural(job.rows, "row")}: {counts}. Nothing was changed, because this was a
          check only.
        </p>
        {onImportForReal && (
          <button type="button" className="button" onClick={onImportForReal}>
            Import this file now
          </button>
        )}
      </div>
    );
  }
  if (job.status === "done") {
    return (
      <p className="success-box" role="status">
        Imported {plural(job.rows, "row")}: {plural(job.created, one, many)} created, {plural(job.updated, one, many)}{" "}
        updated. Every change is in the audit trail.
      </p>
    );
  }
  if (job.status !== "failed") return null;
  return (
    <div className="error-box" role="alert" aria-labelledby="import-failed-title">
      <h2 id="import-failed-title">Nothing was imported</h2>
      <p>
        {job.error_count
          ? `The file has ${plural(job.error_count, "problem")}. Nothing in it was applied: correct the rows below and upload the whole file again.`
          : `${job.message} Nothing in the file was applied.`}
      </p>
      {job.errors.length > 0 && <RowErrors job={job} />}
    </div>
  );
}

function RowErrors({ job }: { job: ImportJob }) {
  return (
    <>
      {job.error_count > job.errors.length && (
        <p>
          These are the first {plural(job.errors.length, "problem")} of {job.error_count.toLocaleString("en-GB")}.
        </p>
      )}
      <Table caption="Problems in the file, by row" columns={["Row", "Column", "Problem"]} className="row-errors">
        {job.errors.map((error, i) => (
          <tr key={`${error.row}-${error.column}-${i}`}>
            <td>{error.row}</td>
            <td>{error.column ? <code>{error.column}</code> : "The whole row"}</td>
            <td>{error.reason}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}
