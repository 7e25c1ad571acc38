import { describe, expect, it } from 'vitest';
import { ArgsError, parseHostArgs } from './args.js';

describe('parseHostArgs', () => {
  it('reads a path, a port and --no-emulators in any order', () => {
    expect(parseHostArgs([])).toEqual({ path: null, port: 0, emulators: true });
    expect(parseHostArgs(['--port', '8123', 'a/b.sln', '--no-emulators'])).toEqual({ path: 'a/b.sln', port: 8123, emulators: false });
    expect(parseHostArgs(['--port=0', 'x.dtproj'])).toEqual({ path: 'x.dtproj', port: 0, emulators: true });
  });

  it('says clearly what is wrong', () => {
    expect(() => parseHostArgs(['--port'])).toThrow(ArgsError);
    expect(() => parseHostArgs(['--port', 'abc'])).toThrow(/--port needs a TCP port/);
    expect(() => parseHostArgs(['--port', '70000'])).toThrow(/--port needs a TCP port/);
    expect(() => parseHostArgs(['--verbose'])).toThrow(/unknown option --verbose/);
    expect(() => parseHostArgs(['a.sln', 'b.sln'])).toThrow(/only one solution path/);
  });
});
