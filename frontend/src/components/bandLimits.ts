import { createContext, useContext } from "react";
import type { BandLimits } from "./load";

/** The bands of the settings in force, provided by a page from its API answer (null until known). */
export const BandLimitsContext = createContext<BandLimits | null>(null);

export function useBandLimits(): BandLimits | null {
  return useContext(BandLimitsContext);
}
