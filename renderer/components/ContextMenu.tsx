/**
 * A Visual Studio-style context menu: role="menu" with menuitem / menuitemcheckbox entries, arrow keys to move,
 * Enter/Space to run, Escape to close (focus goes back where it was).
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { tidySeparators, type MenuEntry } from './menu-entry.js';

interface Props {
  readonly entries: readonly MenuEntry[];
  readonly x: number;
  readonly y: number;
  readonly label: string;
  readonly onClose: () => void;
}

export function ContextMenu({ entries, x, y, label, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ x, y });
  const previousFocus = useRef<Element | null>(null);

  useLayoutEffect(() => {
    previousFocus.current = document.activeElement;
    const el = ref.current;
    if (!el) return;
    // Keep the menu inside the window, as a native menu would.
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    setPos({ x: Math.max(0, Math.min(x, window.innerWidth - w)), y: Math.max(0, Math.min(y, window.innerHeight - h)) });
    el.querySelector<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [x, y]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose]);

  function close(): void {
    onClose();
    if (previousFocus.current instanceof HTMLElement) previousFocus.current.focus();
  }

  function items(): HTMLElement[] {
    return Array.from(ref.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])') ?? []);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      list[(at + step + list.length) % list.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? list[0] : list[list.length - 1])?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close();
    }
    e.stopPropagation();
  }

  function run(entry: MenuEntry): void {
    if (entry.kind === 'separator' || entry.disabled) return;
    close();
    entry.run();
  }

  return (
    <div ref={ref} className="context-menu" role="menu" aria-label={label} style={{ left: pos.x, top: pos.y }} onKeyDown={onKeyDown}>
      {tidySeparators(entries).map((entry, i) =>
        entry.kind === 'separator' ? (
          <div key={`sep${i}`} role="separator" className="menu-separator" />
        ) : (
          <div
            key={entry.label}
            role={entry.kind === 'check' ? 'menuitemcheckbox' : 'menuitem'}
            aria-checked={entry.kind === 'check' ? entry.checked : undefined}
            aria-disabled={entry.disabled || undefined}
            tabIndex={-1}
            className="menu-item"
            onClick={() => run(entry)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                e.stopPropagation();
                run(entry);
              }
            }}
          >
            <span className="menu-check" aria-hidden="true">
              {entry.kind === 'check' && entry.checked ? '✓' : ''}
            </span>
            <span className="menu-label">{entry.label}</span>
            <span className="menu-shortcut" aria-hidden="true">
              {entry.kind === 'item' ? (entry.shortcut ?? '') : ''}
            </span>
          </div>
        ),
      )}
    </div>
  );
}
