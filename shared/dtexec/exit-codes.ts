/** dtexec's exit codes (reference/sqlserver.md §5.1); `ssisd exec` returns the same ones. */
export const DTEXEC_EXIT = {
  success: 0,
  failure: 1,
  cancelled: 3,
  notFound: 4,
  notLoaded: 5,
  syntaxError: 6,
} as const;
