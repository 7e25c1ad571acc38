/**
 * Visual Studio solutions: the classic text .sln and the XML .slnx. Only the project list matters here;
 * the files are never rewritten.
 */
import { parseXml } from '../xml/reader.js';
import { findAll, attrValue } from '../xml/query.js';
import { SOLUTION_FOLDER_TYPE, SSIS_PROJECT_TYPES } from './namespaces.js';

export type SolutionProjectKind = 'ssis' | 'foreign';

export interface SolutionProjectRef {
  readonly name: string;
  /** Path as written in the solution, relative to the solution's folder, with the file's own separators. */
  readonly relativePath: string;
  readonly typeGuid: string | null;
  readonly kind: SolutionProjectKind;
  /** What a foreign project is, for the tree ("Analysis Services", "Reporting Services", ...). */
  readonly foreignKind?: string;
}

export interface ParsedSolution {
  readonly projects: readonly SolutionProjectRef[];
}

export class SolutionFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'SolutionFormatError';
  }
}

function classify(relativePath: string, typeGuid: string | null): Pick<SolutionProjectRef, 'kind' | 'foreignKind'> {
  const ext = relativePath.toLowerCase().replace(/.*\./, '.');
  if ((typeGuid && SSIS_PROJECT_TYPES.includes(typeGuid.toUpperCase())) || ext === '.dtproj') return { kind: 'ssis' };
  if (ext === '.dwproj' || ext === '.smproj') return { kind: 'foreign', foreignKind: 'Analysis Services' };
  if (ext === '.rptproj') return { kind: 'foreign', foreignKind: 'Reporting Services' };
  if (ext === '.sqlproj') return { kind: 'foreign', foreignKind: 'SQL Server Database' };
  if (ext === '.csproj' || ext === '.vbproj') return { kind: 'foreign', foreignKind: ext === '.csproj' ? 'C#' : 'Visual Basic' };
  return { kind: 'foreign', foreignKind: 'Unsupported project type' };
}

const PROJECT_LINE = /^\s*Project\("([^"]*)"\)\s*=\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*$/;

/** Parses a .sln. Throws SolutionFormatError when the text is not a Visual Studio solution. */
export function parseSln(text: string): ParsedSolution {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines.findIndex((l) => l.trim() !== '');
  if (header === -1 || !/^Microsoft Visual Studio Solution File, Format Version /.test(lines[header]!.trim())) {
    throw new SolutionFormatError('Not a Visual Studio solution file (the "Microsoft Visual Studio Solution File" header is missing)', header + 1);
  }
  const projects: SolutionProjectRef[] = [];
  let open = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed.startsWith('Project(')) {
      if (open !== -1) throw new SolutionFormatError('Project entry without EndProject', open + 1);
      const m = PROJECT_LINE.exec(line);
      if (!m) throw new SolutionFormatError('Malformed Project line', i + 1);
      open = i;
      const typeGuid = m[1]!.toUpperCase();
      if (typeGuid === SOLUTION_FOLDER_TYPE) continue;
      const relativePath = m[3]!;
      projects.push({ name: m[2]!, relativePath, typeGuid, ...classify(relativePath, typeGuid) });
    } else if (trimmed === 'EndProject') {
      open = -1;
    }
  }
  if (open !== -1) throw new SolutionFormatError('Project entry without EndProject', open + 1);
  return { projects };
}

/** Parses a .slnx (XML). Throws XmlError or SolutionFormatError. */
export function parseSlnx(text: string): ParsedSolution {
  const doc = parseXml(text);
  if (doc.root.local !== 'Solution') throw new SolutionFormatError(`Root element is <${doc.root.name}>, expected <Solution>`, doc.root.line);
  const projects: SolutionProjectRef[] = [];
  for (const el of findAll(doc.root, 'Project')) {
    const relativePath = attrValue(el, 'Path', null);
    if (!relativePath) continue;
    const type = attrValue(el, 'Type', null);
    const typeGuid = type && /^\{?[0-9a-f-]{36}\}?$/i.test(type) ? `{${type.replace(/[{}]/g, '').toUpperCase()}}` : null;
    const file = relativePath.replace(/.*[\\/]/, '');
    const name = file.replace(/\.[^.]*$/, '');
    projects.push({ name, relativePath, typeGuid, ...classify(relativePath, typeGuid) });
  }
  return { projects };
}
