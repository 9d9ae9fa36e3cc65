import { useEffect, useState } from "react";
import { callJson } from "../api/client";
import type { ForecastProgress as Progress } from "../api/resilience";
import { ProgressPanel } from "./ProgressPanel";

const PHASE_WORDS: Record<string, string> = {
  contingency: "Checking each unit against the loss of one and two workers",
  collapse: "Simulating the coming weeks for each unit",
};

/** While the forecast is being worked out, how far it has got (polled every half second). */
export function ForecastProgress() {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    let live = true;
    const poll = () =>
      callJson<Progress>("/api/resilience/progress").then(
        (found) => live && setProgress(found),
        () => undefined,
      );
    poll();
    const timer = window.setInterval(poll, 500);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, []);
  const running = progress?.computing ?? false;
  const message =
    running && progress?.phase
      ? `${PHASE_WORDS[progress.phase] ?? progress.phase}: ${progress.done} of ${progress.total} units to work out`
      : "Working out the forecast (units whose data has not changed are kept from last time)";
  return (
    <ProgressPanel
      title="Forecast"
      message={message}
      progress={running ? progress!.fraction : 0}
      busy
      label="Forecast progress"
    />
  );
}
