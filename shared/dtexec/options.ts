/**
 * dtexec's options: canonical name, the shortest abbreviation dtexec accepts (the part outside the brackets in
 * `/Ca[llerInfo]`), and whether a value follows. Source: the dtexec utility documentation.
 */
export interface DtexecOptionSpec {
  readonly name: string;
  readonly minLength: number;
  readonly value: 'none' | 'required' | 'optional';
}

function spec(display: string, value: DtexecOptionSpec['value']): DtexecOptionSpec {
  const open = display.indexOf('[');
  const name = display.replace(/[[\]]/g, '');
  return { name, minLength: open < 0 ? name.length : open, value };
}

export const DTEXEC_OPTIONS: readonly DtexecOptionSpec[] = [
  spec('?', 'optional'),
  spec('Ca[llerInfo]', 'optional'),
  spec('CheckF[ile]', 'optional'),
  spec('CheckP[ointing]', 'optional'),
  spec('Com[mandFile]', 'required'),
  spec('Conf[igFile]', 'required'),
  spec('Conn[ection]', 'required'),
  spec('Cons[oleLog]', 'optional'),
  spec('D[ts]', 'required'),
  spec('De[crypt]', 'optional'),
  spec('Dump', 'required'),
  spec('DumpOnError', 'none'),
  spec('Env[Reference]', 'required'),
  spec('F[ile]', 'required'),
  spec('H[elp]', 'optional'),
  spec('IS[Server]', 'required'),
  spec('L[ogger]', 'required'),
  spec('M[axConcurrent]', 'required'),
  spec('Pack[age]', 'required'),
  spec('P[assword]', 'required'),
  spec('Par[ameter]', 'required'),
  spec('Proj[ect]', 'required'),
  spec('Rem', 'optional'),
  spec('Rep[orting]', 'required'),
  spec('Res[tart]', 'required'),
  spec('Set', 'required'),
  spec('Ser[ver]', 'required'),
  spec('SQ[L]', 'required'),
  spec('Su[m]', 'none'),
  spec('U[ser]', 'required'),
  spec('Va[lidate]', 'none'),
  spec('VerifyB[uild]', 'required'),
  spec('VerifyP[ackageID]', 'required'),
  spec('VerifyS[igned]', 'none'),
  spec('VerifyV[ersionID]', 'required'),
  spec('VLog', 'optional'),
  spec('W[arnAsError]', 'none'),
  spec('X86', 'none'),
];

/**
 * Finds the option a typed word names. An exact name wins; otherwise the word must be at least the option's
 * abbreviation and a prefix of its name, and name exactly one option (the longest abbreviation that fits).
 */
export function lookupOption(word: string): DtexecOptionSpec | null {
  const lower = word.toLowerCase();
  const exact = DTEXEC_OPTIONS.find((o) => o.name.toLowerCase() === lower);
  if (exact) return exact;
  const fits = DTEXEC_OPTIONS.filter((o) => lower.length >= o.minLength && o.name.toLowerCase().startsWith(lower));
  if (fits.length === 0) return null;
  return fits.reduce((best, o) => (o.minLength > best.minLength ? o : best));
}
