/**
 * Build in the renderer: project Build (.ispac), Create deployment utility (package deployment model) and
 * Export... of a package. Progress and results go to the Output pane's "Build" source in Visual Studio's
 * words; failures also reach the error bar.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Transport } from '../../shared/contract/channels.js';
import type { AppError } from '../../shared/result.js';
import type { AppState, PackageRef } from './types.js';

export const BUILD_OUTPUT = 'Build';

/** A Build that needs the password of an EncryptAllWithPassword project. */
export interface BuildPasswordRequest {
  readonly projectPath: string;
  readonly projectName: string;
}

export interface BuildSlice {
  /** The package the Export... dialog is open for. */
  exportDialog: PackageRef | null;
  buildPassword: BuildPasswordRequest | null;
  /** `password`: for an EncryptAllWithPassword project; kept only for this call. */
  buildProject(projectPath: string, projectName: string, password?: string): Promise<void>;
  closeBuildPassword(): void;
  createDeploymentUtility(projectPath: string, projectName: string): Promise<void>;
  openExportDialog(ref: PackageRef): void;
  closeExportDialog(): void;
  /** Returns the error for the dialog to show (e.g. the file exists), or null when exported. */
  exportPackage(ref: PackageRef, targetPath: string, overwrite: boolean): Promise<AppError | null>;
}

function kb(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-US')} KB`;
}

export function createBuildSlice(transport: Transport): StateCreator<AppState, [], [], BuildSlice> {
  return (set, get) => {
    /** Runs one build-like command with the Output lines Visual Studio writes around it. */
    async function step<T>(
      title: string,
      call: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>,
      done: (value: T) => string[],
      locked?: () => void,
    ): Promise<void> {
      const s = get();
      s.showOutput(BUILD_OUTPUT);
      s.append(BUILD_OUTPUT, `------ ${title} ------`);
      set((st) => ({ busy: st.busy + 1 }));
      let r;
      try {
        r = await call();
      } finally {
        set((st) => ({ busy: st.busy - 1 }));
      }
      if (r.ok) {
        get().append(BUILD_OUTPUT, [...done(r.value), '========== Build: 1 succeeded, 0 failed ==========']);
      } else if (r.error.code === 'LOCKED' && locked) {
        get().append(BUILD_OUTPUT, r.error.message);
        locked();
      } else {
        get().append(BUILD_OUTPUT, [`Error: ${r.error.message}`, '========== Build: 0 succeeded, 1 failed ==========']);
        get().reportError(r.error);
      }
    }

    return {
      exportDialog: null,
      buildPassword: null,

      buildProject(projectPath, projectName, password) {
        set({ buildPassword: null });
        return step(
          `Build started: Project: ${projectName}`,
          () => transport.invoke('build:project', password === undefined ? { projectPath } : { projectPath, password }),
          (v) => [
            ...v.warnings.map((w) => `Warning: ${w}`),
            `Configuration: ${v.configuration}; ${v.packageCount} package${v.packageCount === 1 ? '' : 's'}.`,
            `File '${v.path}' was written (${kb(v.bytes)}, ${v.elapsedMs} ms).`,
          ],
          () => set({ buildPassword: { projectPath, projectName } }),
        );
      },
      closeBuildPassword() {
        set({ buildPassword: null });
      },

      createDeploymentUtility(projectPath, projectName) {
        return step(`Create deployment utility: Project: ${projectName}`, () => transport.invoke('build:deploymentUtility', { projectPath }), (v) => [
          ...v.warnings.map((w) => `Warning: ${w}`),
          `Copied ${v.files.length} file${v.files.length === 1 ? '' : 's'} to ${v.folder}.`,
          `File '${v.manifestPath}' was written.`,
        ]);
      },

      openExportDialog(ref) {
        set({ exportDialog: ref });
      },
      closeExportDialog() {
        set({ exportDialog: null });
      },

      async exportPackage(ref, targetPath, overwrite) {
        set((st) => ({ busy: st.busy + 1 }));
        try {
          const r = await transport.invoke('package:exportFile', { ...ref, targetPath, overwrite });
          if (!r.ok) return r.error;
          get().append(BUILD_OUTPUT, `Exported ${ref.packageName} to '${r.value.path}' (${kb(r.value.bytes)}).`);
          set({ exportDialog: null });
          return null;
        } finally {
          set((st) => ({ busy: st.busy - 1 }));
        }
      },
    };
  };
}
