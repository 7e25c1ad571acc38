export { buildIspac, ispacBytesForProject, type BuiltIspac, type IspacOptions } from './ispac.js';
export { BuildService, type BuildServiceOptions } from './service.js';
export { writeExportFile } from './export-package.js';
