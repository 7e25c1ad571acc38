/** The build feature's dialogs, as the build slice asks for them: Export... of a package, or a Build's password. */
import { useApp } from '../../store/context.js';
import { BuildPasswordDialog } from './BuildPasswordDialog.js';
import { ExportPackageDialog } from './ExportPackageDialog.js';

export function BuildDialogs() {
  const ref = useApp((s) => s.exportDialog);
  const password = useApp((s) => s.buildPassword);
  if (ref) return <ExportPackageDialog key={`${ref.projectPath}\n${ref.packageName}`} packageRef={ref} />;
  return password ? <BuildPasswordDialog request={password} /> : null;
}
