/**
 * The solution path from Electron's command line. Chromium and test drivers add their own switches
 * (--inspect=0, --no-sandbox, ...), so every option is skipped and the first plain argument is the path.
 */
export function solutionPathFromArgv(argv: readonly string[], packaged: boolean): string | null {
  // Unpackaged: [electron, out/main/index.js, ...]; packaged: [app, ...].
  const rest = argv.slice(packaged ? 1 : 2);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--port') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return arg;
  }
  return null;
}
