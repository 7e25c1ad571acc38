/** Functions evaluate() implements; a SELECT calling any other function is a query for the engine. */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set([
  'serverproperty', 'db_name', 'suser_sname', 'suser_name', 'system_user', 'session_user', 'original_login', 'user_name',
  'current_user', 'user', 'is_srvrolemember', 'is_member', 'getdate', 'getutcdate', 'sysdatetime', 'sysutcdatetime',
  'current_timestamp', 'newid', 'isnull', 'coalesce', 'len', 'upper', 'lower', 'ltrim', 'rtrim', 'trim',
  'quotename', 'replace', 'concat', 'left', 'right', 'substring', 'charindex', 'datalength', 'nullif',
]);
