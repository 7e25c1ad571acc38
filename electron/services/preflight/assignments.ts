/**
 * The assignments preflight, drift and wiring read: the deploy service's sidecar view (deploy:listAssignments).
 * Declared structurally, so any list of {package, server, target, job settings} fits.
 */
import type { PreflightAssignment } from '../../../shared/preflight/types.js';
import type { Result } from '../../../shared/result.js';

export interface ProjectAssignment extends PreflightAssignment {
  readonly target:
    | { readonly kind: 'catalog'; readonly folder: string; readonly project: string }
    | { readonly kind: 'msdb'; readonly folder: string }
    /** copyTo: the same folder as reachable from this machine (null: `path` itself is). */
    | { readonly kind: 'file'; readonly path: string; readonly copyTo?: string | null };
  readonly job: PreflightAssignment['job'] & { readonly name: string };
}

export interface AssignmentSource {
  listAssignments(projectPath: string): Promise<Result<{ readonly assignments: readonly ProjectAssignment[] }>>;
}
