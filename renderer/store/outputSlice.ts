/**
 * The Output pane's text, one list of lines per source ("Show output from:" in Visual Studio). Any feature
 * writes with `append(source, lines)`; a source appears in the list the first time it is written to. Each
 * source keeps its newest MAX_LINES lines so a long deploy or run cannot grow memory without bound.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './types.js';

/** Sources always listed, in Visual Studio's order; others (a job's name, ...) are added when written to. */
export const OUTPUT_SOURCES = ['Deploy', 'Build', 'Debug'] as const;
export const MAX_LINES = 5000;

export interface OutputLine {
  /** Unique within the store (React key). */
  readonly id: number;
  readonly text: string;
  /** Date.now() when appended. */
  readonly at: number;
}

export interface OutputSlice {
  /** Sources in the order they appear in "Show output from:". */
  outputSources: string[];
  outputLines: Readonly<Record<string, readonly OutputLine[]>>;
  /** The source the pane shows. */
  outputShown: string;
  /** Adds lines to a source (a string may hold several lines separated by \n). */
  append(source: string, lines: string | readonly string[]): void;
  clear(source: string): void;
  /** Switches the pane to this source (and lists it if new), as "Show output from:" does. */
  showOutput(source: string): void;
}

export function createOutputSlice(): StateCreator<AppState, [], [], OutputSlice> {
  let nextId = 1;
  return (set) => ({
    outputSources: [...OUTPUT_SOURCES],
    outputLines: {},
    outputShown: OUTPUT_SOURCES[0],

    append(source, lines) {
      const texts = (typeof lines === 'string' ? [lines] : lines).flatMap((l) => l.split(/\r?\n/));
      if (texts.length === 0) return;
      const at = Date.now();
      const added = texts.map((text) => ({ id: nextId++, text, at }));
      set((s) => {
        const all = [...(s.outputLines[source] ?? []), ...added];
        return {
          outputLines: { ...s.outputLines, [source]: all.length > MAX_LINES ? all.slice(all.length - MAX_LINES) : all },
          outputSources: s.outputSources.includes(source) ? s.outputSources : [...s.outputSources, source],
        };
      });
    },
    clear(source) {
      set((s) => ({ outputLines: { ...s.outputLines, [source]: [] } }));
    },
    showOutput(source) {
      set((s) => ({ outputShown: source, outputSources: s.outputSources.includes(source) ? s.outputSources : [...s.outputSources, source] }));
    },
  });
}
