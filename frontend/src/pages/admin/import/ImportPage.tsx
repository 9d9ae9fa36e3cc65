import { PageTitle } from "../../../components/PageTitle";

export function ImportPage() {
  return <PageTitle caption="Admin">Import and export</PageTitle>;
}
