/**
 * The toolbar's Recent, Tools and Help menus — what the desktop app's File → Recent, Tools and Help menus offer, for the
 * browser, where there is no native menu bar (the desktop app has both).
 */
import { useRef, useState } from 'react';
import { ContextMenu } from '../../components/ContextMenu.js';
import { useApp } from '../../store/context.js';
import type { MenuEntry } from '../../components/menu-entry.js';
import { OptionsDialog } from './OptionsDialog.js';

/** "LoadBalancing.sln — /home/me/src/LoadBalancing" */
function recentLabel(path: string, i: number): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return `${i + 1} ${path.slice(cut + 1)} — ${path.slice(0, Math.max(cut, 0))}`;
}

function MenuButton({ label, entries }: { label: string; entries: () => MenuEntry[] }) {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // A click on the button while the menu is open first closes it (mousedown outside the menu); that click must
  // not open it again.
  const closedAt = useRef(0);
  const close = () => {
    closedAt.current = Date.now();
    setAt(null);
  };
  const show = () => {
    const r = button.current?.getBoundingClientRect();
    setAt({ x: r?.left ?? 0, y: r?.bottom ?? 0 });
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={at !== null}
        onClick={() => {
          if (Date.now() - closedAt.current < 300) return;
          if (at) setAt(null);
          else show();
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            show();
          }
        }}
      >
        {label} ▾
      </button>
      {at ? <ContextMenu entries={entries()} x={at.x} y={at.y} label={label} onClose={close} /> : null}
    </>
  );
}

export function ShellMenus() {
  const settings = useApp((s) => s.settings);
  const openRecent = useApp((s) => s.openRecent);
  const clearRecent = useApp((s) => s.clearRecent);
  const openAbout = useApp((s) => s.openAbout);
  const openOptions = useApp((s) => s.openOptions);
  const setStartLocalEmulators = useApp((s) => s.setStartLocalEmulators);
  const recent = settings?.recentSolutions ?? [];

  const recentEntries = (): MenuEntry[] =>
    recent.length === 0
      ? [{ kind: 'item', label: '(none)', disabled: true, run: () => {} }]
      : [
          ...recent.map((path, i): MenuEntry => ({ kind: 'item', label: recentLabel(path, i), run: () => void openRecent(path) })),
          { kind: 'separator' },
          { kind: 'item', label: 'Clear Recent List', run: () => void clearRecent() },
        ];
  // Settings live under Tools, as in Visual Studio; Help has only About.
  const toolsEntries = (): MenuEntry[] => [
    { kind: 'item', label: 'Options...', run: openOptions },
    { kind: 'separator' },
    {
      kind: 'check',
      label: 'Start Local Emulators with npm start',
      checked: settings?.startLocalEmulators ?? true,
      disabled: settings === null,
      run: () => void setStartLocalEmulators(!(settings?.startLocalEmulators ?? true)),
    },
  ];
  const helpEntries = (): MenuEntry[] => [{ kind: 'item', label: 'About SSIS Designer', run: openAbout }];

  return (
    <>
      <MenuButton label="Recent" entries={recentEntries} />
      <MenuButton label="Tools" entries={toolsEntries} />
      <MenuButton label="Help" entries={helpEntries} />
      <OptionsDialog />
    </>
  );
}
