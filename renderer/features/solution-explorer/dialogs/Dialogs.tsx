/** Shows the dialog the ui slice asks for. */
import { PROTECTION_LEVEL_NAMES } from '../../../../shared/model/solution.js';
import { useApp } from '../../../store/context.js';
import { ConflictDialog } from './ConflictDialog.js';
import { DeleteDialog } from './DeleteDialog.js';
import { PasswordDialog } from './PasswordDialog.js';
import { PropertiesDialog } from './PropertiesDialog.js';
import { RenameDialog } from './RenameDialog.js';
import { TypedPathDialog } from './TypedPathDialog.js';
import { ViewCodeDialog } from './ViewCodeDialog.js';

function level(n: number | null, name: string | null): string | null {
  return name ?? (n === null ? null : (PROTECTION_LEVEL_NAMES[n] ?? String(n)));
}

function version(major: number | null, minor: number | null, build: number | null): string | null {
  return major === null ? null : `${major}.${minor ?? 0}.${build ?? 0}`;
}

export function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  return (
    <>
      {dialog?.kind === 'rename' ? <RenameDialog key="rename" target={dialog.ref} /> : null}
      {dialog?.kind === 'delete' ? <DeleteDialog refs={dialog.refs} /> : null}
      {dialog?.kind === 'viewCode' ? <ViewCodeDialog code={dialog.code} /> : null}
      {dialog?.kind === 'password' ? <PasswordDialog projectPath={dialog.projectPath} projectName={dialog.projectName} /> : null}
      {dialog?.kind === 'typedPath' ? <TypedPathDialog dialog={dialog} /> : null}
      {dialog?.kind === 'packageProperties' ? (
        <PropertiesDialog
          title={`${dialog.props.name} Properties`}
          rows={[
            ['Name', dialog.props.name],
            ['ID', dialog.props.id],
            ['Description', dialog.props.description],
            ['Creator Name', dialog.props.creatorName],
            ['Creation Date', dialog.props.creationDate],
            ['Protection Level', level(dialog.props.protectionLevel, dialog.props.protectionLevelName)],
            ['Format Version', dialog.props.formatVersion],
            ['Target Server Version', dialog.props.targetServerVersion],
            ['Version', version(dialog.props.versionMajor, dialog.props.versionMinor, dialog.props.versionBuild)],
            ['Version ID', dialog.props.versionGuid],
            ['Entry-point Package', dialog.props.entryPoint],
            ['Full Path', dialog.props.path],
          ]}
        />
      ) : null}
      {dialog?.kind === 'projectProperties' ? (
        <PropertiesDialog
          title={`${dialog.props.name} Property Pages`}
          rows={[
            ['Name', dialog.props.name],
            ['ID', dialog.props.id],
            ['Deployment Model', dialog.props.deploymentModel],
            ['Protection Level', level(dialog.props.protectionLevel, dialog.props.protectionLevelName)],
            ['Product Version', dialog.props.productVersion],
            ['Target Server Version', dialog.props.targetServerVersion],
            ['Configurations', dialog.props.configurations.join(', ')],
            ['Full Path', dialog.props.path],
          ]}
        />
      ) : null}
      <ConflictDialog />
    </>
  );
}
