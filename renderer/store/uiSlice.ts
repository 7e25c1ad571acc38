/** Dialogs, the context menu and the theme: UI state that no channel knows about. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState, Theme, UiSlice } from './types.js';

export function createUiSlice(initialTheme: Theme): StateCreator<AppState, [], [], UiSlice> {
  return (set) => ({
    dialog: null,
    contextMenu: null,
    theme: initialTheme,
    openDialog(dialog) {
      set({ dialog, contextMenu: null });
    },
    closeDialog() {
      set({ dialog: null });
    },
    openContextMenu(contextMenu) {
      set({ contextMenu });
    },
    closeContextMenu() {
      set({ contextMenu: null });
    },
    setTheme(theme) {
      set({ theme });
    },
  });
}
