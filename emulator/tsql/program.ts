/**
 * Flattens a batch's statements into a list of steps with jumps, so IF/ELSE, WHILE/BREAK/CONTINUE, BEGIN ... END and GOTO
 * (which may jump into or out of blocks anywhere in the batch, as in T-SQL) all become "go to step n".
 */
import type { Condition, Statement } from './ast.js';
import { SqlRuntimeError } from './errors.js';

export type Step =
  | { readonly op: 'run'; readonly stmt: Statement }
  /** Evaluate cond: true → next step; false or unknown → elseAt; an error → endAt (the IF is skipped). */
  | { readonly op: 'if'; readonly cond: Condition; elseAt: number; endAt: number }
  | { readonly op: 'jump'; to: number }
  | { readonly op: 'return' };

/** Compiles statements (labels match case-insensitively); an unknown GOTO label is error 133 and a repeated label 132 (both fail the batch). */
export function compile(statements: readonly Statement[]): Step[] {
  const steps: Step[] = [];
  const labels = new Map<string, number>();
  const gotos: { step: Extract<Step, { op: 'jump' }>; label: string }[] = [];
  /** Enclosing WHILE loops: where CONTINUE goes, and the BREAK jumps to patch with the loop's end. */
  const loops: { start: number; breaks: Extract<Step, { op: 'jump' }>[] }[] = [];

  const emit = (s: Statement): void => {
    switch (s.kind) {
      case 'block':
        s.body.forEach(emit);
        return;
      case 'label':
        if (labels.has(s.name.toLowerCase())) {
          throw new SqlRuntimeError(132, `The label '${s.name}' has already been declared. Label names must be unique within a query batch or stored procedure.`, 15);
        }
        labels.set(s.name.toLowerCase(), steps.length);
        return;
      case 'goto': {
        const step = { op: 'jump' as const, to: -1 };
        steps.push(step);
        gotos.push({ step, label: s.label });
        return;
      }
      case 'return':
        steps.push({ op: 'return' });
        return;
      case 'while': {
        const loop = { start: steps.length, breaks: [] as Extract<Step, { op: 'jump' }>[] };
        const test = { op: 'if' as const, cond: s.cond, elseAt: -1, endAt: -1 };
        steps.push(test);
        loops.push(loop);
        emit(s.body);
        loops.pop();
        steps.push({ op: 'jump', to: loop.start });
        test.elseAt = test.endAt = steps.length;
        for (const b of loop.breaks) b.to = steps.length;
        return;
      }
      case 'break':
      case 'continue': {
        const loop = loops.at(-1);
        if (!loop) {
          throw s.kind === 'break'
            ? new SqlRuntimeError(135, 'Cannot use a BREAK statement outside the scope of a WHILE statement.', 15)
            : new SqlRuntimeError(136, 'Cannot use a CONTINUE statement outside the scope of a WHILE statement.', 15);
        }
        const jump = { op: 'jump' as const, to: loop.start };
        if (s.kind === 'break') loop.breaks.push(jump);
        steps.push(jump);
        return;
      }
      case 'if': {
        const test = { op: 'if' as const, cond: s.cond, elseAt: -1, endAt: -1 };
        steps.push(test);
        emit(s.then);
        if (s.else) {
          const skip = { op: 'jump' as const, to: -1 };
          steps.push(skip);
          test.elseAt = steps.length;
          emit(s.else);
          skip.to = steps.length;
        } else test.elseAt = steps.length;
        test.endAt = steps.length;
        return;
      }
      default:
        steps.push({ op: 'run', stmt: s });
    }
  };
  statements.forEach(emit);
  for (const g of gotos) {
    const at = labels.get(g.label.toLowerCase());
    if (at === undefined) throw new SqlRuntimeError(133, `A GOTO statement references the label '${g.label}' but the label has not been declared.`, 15);
    g.step.to = at;
  }
  return steps;
}
