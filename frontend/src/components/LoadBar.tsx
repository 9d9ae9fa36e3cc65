import { useBandLimits } from "./bandLimits";
import { asBand, BAND_LABEL, bandMeaning, loadFigures, scaleMax, thresholds } from "./load";

export function BandTag({ band }: { band: string }) {
  const b = asBand(band);
  const limits = useBandLimits();
  return (
    <span className={`band-tag band-${b}`} title={bandMeaning(b, limits)}>
      {BAND_LABEL[b]}
    </span>
  );
}

/** A bar of load against capacity with the band thresholds (of the settings in force) marked; the
 * text beside it says it all. */
export function LoadBar({ load, capacity, band }: { load: number; capacity: number; band: string }) {
  const limits = useBandLimits();
  const scale = scaleMax(limits);
  const figures = loadFigures(load, capacity, band, scale);
  return (
    <div className="load">
      <div className="load-track" aria-hidden="true">
        <div className={`load-fill fill-${asBand(band)}`} style={{ width: `${figures.width}%` }} />
        {thresholds(limits).map((t) => (
          <span key={t} className="load-threshold" style={{ left: `${(t / scale) * 100}%` }} />
        ))}
      </div>
      <span className="load-text">
        <BandTag band={band} /> {figures.detail}
      </span>
    </div>
  );
}
