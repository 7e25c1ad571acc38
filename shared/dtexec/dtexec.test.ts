import { describe, expect, it } from 'vitest';
import { buildJobStepCommand, optionValue, parseDtexecCommand, splitNameValue } from './command.js';
import { lookupOption } from './options.js';
import { quoteWindowsArg, splitWindowsArgs } from './windows-args.js';

describe('Windows argument rules', () => {
  it('splits the SSMS quoting form so dtexec still sees the quotes', () => {
    expect(splitWindowsArgs('/ISSERVER "\\"\\SSISDB\\ETL\\Child\\Load.dtsx\\"" /REPORTING E')).toEqual([
      '/ISSERVER',
      '"\\SSISDB\\ETL\\Child\\Load.dtsx"',
      '/REPORTING',
      'E',
    ]);
  });
  it('keeps name;value pairs in one argument', () => {
    expect(splitWindowsArgs('/Par "\\"$Project::BatchSize(Int32)\\"";5000')).toEqual(['/Par', '"$Project::BatchSize(Int32)";5000']);
  });
  it('round-trips awkward values through quoting', () => {
    for (const v of ['plain', 'with space', 'ends\\', 'C:\\dir\\', 'a"b', '\\\\fs01\\share\\x.dtsx', '', 'x\\"y', 'tab\there']) {
      expect(splitWindowsArgs(`/X ${quoteWindowsArg(v)} /Y`)).toEqual(['/X', v, '/Y']);
    }
  });
});

describe('job step commands', () => {
  it('writes the SSIS catalog form exactly as SSMS does', () => {
    const cmd = buildJobStepCommand({
      source: { kind: 'catalog', server: 'SQL02\\PROD', folder: 'ETL', project: 'Child', packageName: 'LoadCustomers.dtsx' },
      envReference: 3,
      parameters: [{ name: '$Project::BatchSize', typeCode: 'Int32', value: '5000' }],
    });
    expect(cmd).toBe(
      '/ISSERVER "\\"\\SSISDB\\ETL\\Child\\LoadCustomers.dtsx\\"" /SERVER "\\"SQL02\\PROD\\"" /ENVREFERENCE 3 /Par "\\"$Project::BatchSize(Int32)\\"";5000 /Par "\\"$ServerOption::LOGGING_LEVEL(Int16)\\"";1 /Par "\\"$ServerOption::SYNCHRONIZED(Boolean)\\"";True /CALLERINFO SQLAGENT /REPORTING E',
    );
  });
  it('writes the msdb form with a /SET override as in the reference', () => {
    const cmd = buildJobStepCommand({
      source: { kind: 'msdb', server: 'SQL02\\PROD', folderPath: '\\ETL\\Child', packageName: 'LoadCustomers' },
      sets: [{ path: '\\Package.Variables[User::RunDate].Properties[Value]', value: '2024-01-31' }],
    });
    expect(cmd).toBe(
      '/SQL "\\"\\ETL\\Child\\LoadCustomers\\"" /SERVER "\\"SQL02\\PROD\\"" /CHECKPOINTING OFF /SET "\\"\\Package.Variables[User::RunDate].Properties[Value]\\"";"\\"2024-01-31\\"" /REPORTING E',
    );
  });
  it('escapes embedded quotes as \\"\\" like SSMS', () => {
    const cmd = buildJobStepCommand({
      source: { kind: 'file', path: '\\\\fs01\\ssis\\Load.dtsx' },
      connections: [{ name: 'Excel', connectionString: 'Extended Properties="EXCEL 8.0;HDR=YES";' }],
      x86: true,
    });
    expect(cmd).toContain('/CONNECTION "\\"Excel\\"";"\\"Extended Properties=\\"\\"EXCEL 8.0;HDR=YES\\"\\";\\""');
    expect(cmd).toContain('/X86 /CHECKPOINTING OFF');
  });
  it('rejects line breaks in values', () => {
    expect(() => buildJobStepCommand({ source: { kind: 'file', path: 'a\nb.dtsx' } })).toThrow(/line breaks/);
  });
  it('reads back what it writes, including names with quotes and brackets', () => {
    const cmd = buildJobStepCommand({
      source: { kind: 'catalog', server: 'srv', folder: "O'Brien [x]", project: 'P "q"', packageName: 'Child.dtsx' },
    });
    const parsed = parseDtexecCommand(cmd);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(optionValue(parsed.options, 'ISServer')).toBe('\\SSISDB\\O\'Brien [x]\\P "q"\\Child.dtsx');
    expect(optionValue(parsed.options, 'Server')).toBe('srv');
    const pars = parsed.options.filter((o) => o.name === 'Parameter').map((o) => splitNameValue(o.value ?? ''));
    expect(pars).toEqual([
      { name: '$ServerOption::LOGGING_LEVEL(Int16)', value: '1' },
      { name: '$ServerOption::SYNCHRONIZED(Boolean)', value: 'True' },
    ]);
  });
});

describe('dtexec option parsing', () => {
  it('accepts documented abbreviations case-insensitively', () => {
    expect(lookupOption('f')?.name).toBe('File');
    expect(lookupOption('DE')?.name).toBe('Decrypt');
    expect(lookupOption('par')?.name).toBe('Parameter');
    expect(lookupOption('pack')?.name).toBe('Package');
    expect(lookupOption('isserver')?.name).toBe('ISServer');
    expect(lookupOption('s')).toBeNull();
  });
  it('reports syntax errors dtexec would refuse', () => {
    expect(parseDtexecCommand('/FILE a.dtsx /SQL \\b').ok).toBe(false);
    expect(parseDtexecCommand('/FILE').ok).toBe(false);
    expect(parseDtexecCommand('/Bogus').ok).toBe(false);
    expect(parseDtexecCommand('/FILE a.dtsx /Par x;1').ok).toBe(false);
    expect(parseDtexecCommand('stray').ok).toBe(false);
  });
  it('takes Linux paths as values of required options', () => {
    const parsed = parseDtexecCommand('/F /tmp/pkg.dtsx /De');
    expect(parsed.ok && optionValue(parsed.options, 'File')).toBe('/tmp/pkg.dtsx');
  });
});
