import { useRef, useState, type FormEvent } from "react";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Field } from "../../../components/Field";
import { formProblems, serverProblems, type Problem } from "../../../components/formProblems";
import type { ImportKind } from "./importApi";
import { ColumnList } from "./ColumnList";
import { KINDS } from "./importColumns";

export const FILE_ID = "import-file";
const IDS = { kind: `import-kind-${KINDS[0].kind}`, file: FILE_ID };

type Props = {
  busy: boolean;
  /** A refusal of the upload itself (a file that cannot be read), shown against the file. */
  refusal?: unknown;
  onStart: (kind: ImportKind, files: File[], dryRun: boolean) => void;
};

/** Choose what the file holds, the file, and whether only to check it. */
export function ImportForm({ busy, refusal, onStart }: Props) {
  const [kind, setKind] = useState<ImportKind>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const shown = formProblems(
    refusal === undefined ? problems : [...problems, ...serverProblems(refusal)],
    IDS,
    FILE_ID,
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const dryRun = new FormData(event.currentTarget).get("dry_run") === "on";
    const files = [...(fileInput.current?.files ?? [])];
    const found: Problem[] = [];
    if (!kind) found.push({ field: "kind", message: "Choose what the file holds" });
    if (!files.length)
      found.push({
        field: "file",
        message: kind === "annex-a" ? "Choose the workbook or the lists" : "Choose a CSV file",
      });
    setProblems(found);
    if (kind && files.length) onStart(kind, files, dryRun);
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="import-heading">
      <ErrorSummary items={shown.summary} />
      <fieldset
        className={shown.byField.kind ? "field has-error" : "field"}
        aria-describedby={shown.byField.kind ? "import-kind-error" : undefined}
      >
        <legend>What does the file hold?</legend>
        {shown.byField.kind && (
          <p className="field-error" id="import-kind-error">
            <span className="visually-hidden">Error:</span> {shown.byField.kind}
          </p>
        )}
        {KINDS.map((option) => (
          <div className="checkbox" key={option.kind}>
            <input
              type="radio"
              id={`import-kind-${option.kind}`}
              name="kind"
              value={option.kind}
              checked={kind === option.kind}
              onChange={() => setKind(option.kind)}
            />
            <label htmlFor={`import-kind-${option.kind}`}>
              {option.label} <span className="hint">– {option.hint}</span>
            </label>
          </div>
        ))}
      </fieldset>
      {kind && <ColumnList kind={kind} />}
      {kind === "annex-a" ? (
        <Field
          id={FILE_ID}
          label="Workbook or lists"
          hint="The Annex A workbook as sent to Ofsted (.xlsx), or one CSV file per list. Up to 32 MB in all."
          error={shown.byField.file}
        >
          <input id={FILE_ID} name="files" type="file" multiple accept=".xlsx,.csv,text/csv" ref={fileInput} />
        </Field>
      ) : (
        <Field
          id={FILE_ID}
          label="CSV file"
          hint="Save it from your spreadsheet as “CSV UTF-8 (comma delimited)”, with the column names in row 1. Up to 32 MB."
          error={shown.byField.file}
        >
          <input id={FILE_ID} name="file" type="file" accept=".csv,text/csv" ref={fileInput} />
        </Field>
      )}
      <div className="checkbox">
        <input id="import-dry-run" name="dry_run" type="checkbox" />
        <label htmlFor="import-dry-run">
          Check only (dry run): check every row and count what would change, but change nothing
        </label>
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Importing…" : "Upload"}
      </button>
    </form>
  );
}
