/**
 * The Debug commands of the toolbar: Start Without Debugging (Ctrl+F5, the StartUp object) and Stop
 * (Shift+F5), with their keyboard shortcuts active anywhere in the window.
 */
import { useEffect } from 'react';
import { useApp, useAppStore } from '../../store/context.js';

export function RunCommands() {
  const store = useAppStore();
  const running = useApp((s) => s.run !== null && (s.run.state === 'running' || s.run.state === 'starting'));
  const stopping = useApp((s) => s.run?.stopping === true);
  const hasView = useApp((s) => s.view !== null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F5' || e.altKey || e.metaKey) return;
      if (e.ctrlKey && !e.shiftKey) {
        e.preventDefault();
        void store.getState().startWithoutDebugging();
      } else if (e.shiftKey && !e.ctrlKey) {
        e.preventDefault();
        void store.getState().stopRun();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);

  return (
    <>
      <button type="button" title="Start Without Debugging (Ctrl+F5)" aria-keyshortcuts="Control+F5" disabled={!hasView || running} onClick={() => void store.getState().startWithoutDebugging()}>
        Start Without Debugging
      </button>
      <button type="button" title="Stop (Shift+F5)" aria-keyshortcuts="Shift+F5" disabled={!running || stopping} onClick={() => void store.getState().stopRun()}>
        Stop
      </button>
    </>
  );
}
