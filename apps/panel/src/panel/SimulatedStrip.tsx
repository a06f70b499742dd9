import { useState } from 'react';
import type { SimulatedHost } from './bridge/simulated-host.ts';

/** Stands in for Premiere's timeline in the browser harness: click clips to select them (shift adds). */
export function SimulatedStrip({ host }: { host: SimulatedHost }) {
  const [selected, setSelected] = useState<readonly string[]>(host.selectedIds);
  const toggle = (id: string, add: boolean) => {
    const next = add
      ? selected.includes(id)
        ? selected.filter((s) => s !== id)
        : [...selected, id]
      : selected.length === 1 && selected[0] === id
        ? []
        : [id];
    host.select([...next]);
    setSelected(host.selectedIds);
  };
  return (
    <nav className="sim-strip" aria-label="Simulated timeline">
      <span className="muted">Simulated timeline</span>
      <div className="sim-clips">
        {host.clips.map(({ selection }) => (
          <button
            type="button"
            key={selection.clipId}
            className="sim-clip"
            aria-pressed={selected.includes(selection.clipId)}
            onClick={(e) => toggle(selection.clipId, e.shiftKey)}
          >
            {selection.clipName}
          </button>
        ))}
      </div>
    </nav>
  );
}
