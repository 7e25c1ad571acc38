/**
 * A draggable pane splitter (WAI-ARIA window splitter): role="separator" with a value, dragged with the
 * pointer or moved with the arrow keys (Home/End for the limits). `size` is the size of the pane the splitter
 * belongs to; `grow` says whether moving right/down makes that pane bigger (+1) or smaller (-1).
 */
import type { KeyboardEvent, PointerEvent } from 'react';

interface Props {
  readonly label: string;
  /** 'vertical': a vertical bar between panes side by side; 'horizontal': a bar between stacked panes. */
  readonly orientation: 'vertical' | 'horizontal';
  readonly size: number;
  readonly min: number;
  readonly max: number;
  readonly grow: 1 | -1;
  readonly onResize: (size: number) => void;
}

const STEP = 16;

export function Splitter({ label, orientation, size, min, max, grow, onResize }: Props) {
  const clamp = (n: number) => Math.round(Math.max(min, Math.min(max, n)));

  function onPointerDown(e: PointerEvent<HTMLDivElement>): void {
    if (e.button !== 0) return;
    e.preventDefault();
    const el = e.currentTarget;
    const start = orientation === 'vertical' ? e.clientX : e.clientY;
    const startSize = size;
    el.setPointerCapture?.(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const at = orientation === 'vertical' ? ev.clientX : ev.clientY;
      onResize(clamp(startSize + grow * (at - start)));
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const forward = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    let next: number | null = null;
    if (e.key === forward) next = size + grow * STEP;
    else if (e.key === back) next = size - grow * STEP;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    if (next === null) return;
    e.preventDefault();
    onResize(clamp(next));
  }

  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(size)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`splitter ${orientation}`}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
