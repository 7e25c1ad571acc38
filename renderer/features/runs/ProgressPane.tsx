/** The Progress view's place in the window: to the right of the other panes, with its splitter, while open. */
import { useState } from 'react';
import { Splitter } from '../../components/Splitter.js';
import { useApp } from '../../store/context.js';
import { ProgressView } from './ProgressView.js';

export function ProgressPane() {
  const open = useApp((s) => s.progressOpen && s.run !== null);
  const [width, setWidth] = useState(420);
  if (!open) return null;
  return (
    <>
      <Splitter label="Resize Progress" orientation="vertical" size={width} min={200} max={1200} grow={-1} onResize={setWidth} />
      <div className="pane-slot" style={{ width }}>
        <ProgressView />
      </div>
    </>
  );
}
