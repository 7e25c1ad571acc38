/** The built-in SSIS runtime: executable model, loader, expression language, engine and the I/O-free tasks. */
export * from './values.js';
export * from './model.js';
export * from './load-package.js';
export * from './expression.js';
export { parseExpression, referencedNames, ExpressionSyntaxError } from './expression-parser.js';
export * from './task-api.js';
export * from './task-types.js';
export * from './engine.js';
export * from './blockers.js';
export { expressionTask, executePackageTask } from './tasks/package-tasks.js';
