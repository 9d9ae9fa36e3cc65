import { useRef } from "react";
import { isRunning, useJob } from "../../../api/useJob";
import { PageTitle } from "../../../components/PageTitle";
import { ProgressPanel } from "../../../components/ProgressPanel";
import { EXPORTS, readImport, startImport, type ImportJob, type ImportKind } from "./importApi";
import { ImportForm } from "./ImportForm";
import { ImportResult } from "./ImportResult";
import { KINDS } from "./importColumns";

type Upload = { kind: ImportKind; files: File[]; dryRun: boolean };

/** Load workers, families, absences, Annex A lists or the workforce census (all rows or none), and download exports. */
export function ImportPage() {
  const imports = useJob<ImportJob>(readImport);
  const last = useRef<Upload>(undefined);
  const job = imports.job;

  const upload = (next: Upload) => {
    last.current = next;
    void imports.start(() => startImport(next.kind, next.files, next.dryRun));
  };
  const kindLabel = KINDS.find((k) => k.kind.replace("-", "_") === job?.kind)?.label ?? "Import";
  // Once a file is imported for real, the form starts afresh (so the same file is not sent twice by mistake).
  const formKey = job?.status === "done" && !job.dry_run ? job.id : "form";

  return (
    <>
      <PageTitle caption="Admin">Import and export</PageTitle>
      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import a file</h2>
        <p>
          Every row is checked first. If any row has a problem, nothing in the file is applied, and you see each problem
          by row and column.
        </p>
        <ImportForm
          key={formKey}
          busy={isRunning(job)}
          refusal={imports.failure}
          onStart={(kind, files, dryRun) => upload({ kind, files, dryRun })}
        />
        {job && isRunning(job) && (
          <ProgressPanel
            title={`${kindLabel}${job.dry_run ? " (check only)" : ""}`}
            message={job.message}
            progress={job.progress}
            busy
            label="Import progress"
          />
        )}
        {job && (
          <ImportResult
            job={job}
            onImportForReal={last.current?.dryRun ? () => upload({ ...last.current!, dryRun: false }) : undefined}
          />
        )}
      </section>
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <p>Today's figures for the whole service, as files a spreadsheet opens.</p>
        <ul className="exports">
          {EXPORTS.map((link) => (
            <li key={link.href}>
              <a href={link.href} download>
                {link.label} ({link.format})
              </a>
              <span className="hint"> – {link.hint}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
