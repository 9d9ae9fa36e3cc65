import { asBand, BAND_LABEL, BAND_MEANING, loadFigures, SCALE_MAX, THRESHOLDS } from "./load";

export function BandTag({ band }: { band: string }) {
  const b = asBand(band);
  return (
    <span className={`band-tag band-${b}`} title={BAND_MEANING[b]}>
      {BAND_LABEL[b]}
    </span>
  );
}

/** A bar of load against capacity with the band thresholds marked; the text beside it says it all. */
export function LoadBar({ load, capacity, band }: { load: number; capacity: number; band: string }) {
  const figures = loadFigures(load, capacity, band);
  return (
    <div className="load">
      <div className="load-track" aria-hidden="true">
        <div className={`load-fill fill-${asBand(band)}`} style={{ width: `${figures.width}%` }} />
        {THRESHOLDS.map((t) => (
          <span key={t} className="load-threshold" style={{ left: `${(t / SCALE_MAX) * 100}%` }} />
        ))}
      </div>
      <span className="load-text">
        <BandTag band={band} /> {figures.detail}
      </span>
    </div>
  );
}
