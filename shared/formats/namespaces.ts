/** Namespace URIs of SSIS files. They are not URLs; match on them, never on the prefix a file happens to use. */
export const NS_SSIS = 'www.microsoft.com/SqlServer/SSIS';
export const NS_DTS = 'www.microsoft.com/SqlServer/Dts';
export const NS_XMLENC = 'http://www.w3.org/2001/04/xmlenc#';

/** Project type GUIDs of SSIS projects in a .sln (upper case, with braces). */
export const SSIS_PROJECT_TYPES: readonly string[] = ['{159641D6-6404-4A2A-AE62-294DE0FE8301}', '{C9674DCB-5085-4A16-B785-4C70DD1589BD}'];
/** Solution folders are not projects. */
export const SOLUTION_FOLDER_TYPE = '{2150E333-8FDC-42A3-9474-1A3956D46DE8}';
