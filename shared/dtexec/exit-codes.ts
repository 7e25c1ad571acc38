/** dtexec's exit codes (reference/sqlserver.md §5.1); `ssisd exec` returns the same ones. */
export const DTEXEC_EXIT = {
  success: 0,
  failure: 1,
  cancelled: 3,
  notFound: 4,
  notLoaded: 5,
  syntaxError: 6,
} as const;

export type DtexecExitCode = (typeof DTEXEC_EXIT)[keyof typeof DTEXEC_EXIT];

const MEANINGS: Readonly<Record<number, string>> = {
  0: 'The package ran successfully.',
  1: 'The package failed.',
  3: 'The package was canceled by the user.',
  4: 'The utility was unable to locate the requested package.',
  5: 'The utility was unable to load the requested package.',
  6: 'The utility encountered an internal error of syntactic or semantic errors in the command line.',
};

export function describeExitCode(code: number): string {
  return MEANINGS[code] ?? `dtexec ended with exit code ${code}.`;
}
