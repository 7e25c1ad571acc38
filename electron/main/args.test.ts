import { describe, expect, it } from 'vitest';
import { solutionPathFromArgv } from './args.js';

describe('solutionPathFromArgv', () => {
  it('takes the first plain argument after the script, skipping Chromium and test-driver switches', () => {
    expect(solutionPathFromArgv(['electron', 'out/main/index.js'], false)).toBeNull();
    expect(solutionPathFromArgv(['electron', 'out/main/index.js', '--inspect=0', '--no-sandbox', 'a/b.sln'], false)).toBe('a/b.sln');
    expect(solutionPathFromArgv(['SSIS Designer', 'c:/x.dtproj', 'other'], true)).toBe('c:/x.dtproj');
    expect(solutionPathFromArgv(['electron', 'out/main/index.js', '--port', '5', '--no-emulators'], false)).toBeNull();
  });
});
