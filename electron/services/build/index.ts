export { buildIspac, ispacBytesForProject, type BuiltIspac, type IspacOptions } from './ispac.js';
