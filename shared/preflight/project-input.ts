/** Builds the rules' view of a project from the texts of its files (the caller reads them). */
import { parseDtproj, targetServerVersion } from '../formats/dtproj.js';
import { conmgrFacts, packageFacts, type ConnectionFact } from './package-facts.js';
import type { PackageInput, PreflightProject } from './types.js';

export interface ProjectFiles {
  readonly name: string;
  readonly path: string;
  readonly dtproj: string;
  /** Project connection managers: file name and text (null when the file could not be read). */
  readonly conmgrs: readonly { readonly name: string; readonly text: string | null }[];
  /** Listed packages: file name and text (null with error when the file could not be read). */
  readonly packages: readonly { readonly name: string; readonly text: string | null; readonly error?: string }[];
}

const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function projectInput(files: ProjectFiles): PreflightProject {
  const dtproj = parseDtproj(files.dtproj);
  const connections: ConnectionFact[] = [];
  for (const c of files.conmgrs) {
    if (c.text === null) continue;
    try {
      const fact = conmgrFacts(c.text);
      if (fact) connections.push(fact);
    } catch {
      // An unreadable .conmgr is reported by the Solution Explorer; the rules just cannot see it.
    }
  }
  const packages: PackageInput[] = files.packages.map((p) => {
    if (p.text === null) return { name: p.name, facts: null, error: p.error ?? `${p.name} could not be read.` };
    try {
      return { name: p.name, facts: packageFacts(p.text) };
    } catch (e) {
      return { name: p.name, facts: null, error: `${p.name}: ${why(e)}` };
    }
  });
  return {
    name: files.name,
    path: files.path,
    protectionLevel: dtproj.protectionLevel,
    targetServerVersion: targetServerVersion(dtproj),
    connections,
    packages,
  };
}
