/** Help → About SSIS Designer: the app's version and what it runs on (Electron, Chromium, Node, mssql). */
import { Dialog } from '../../components/Dialog.js';
import { useApp } from '../../store/context.js';

const ROWS: readonly (readonly [key: string, label: string])[] = [
  ['electron', 'Electron'],
  ['chrome', 'Chromium'],
  ['node', 'Node.js'],
  ['v8', 'V8'],
  ['mssql', 'mssql (SQL Server client)'],
];

export function AboutDialog() {
  const open = useApp((s) => s.aboutOpen);
  const info = useApp((s) => s.appInfo);
  const close = useApp((s) => s.closeAbout);
  if (!open) return null;
  const versions = info?.versions ?? {};
  return (
    <Dialog
      title="About SSIS Designer"
      onCancel={close}
      onSubmit={close}
      buttons={
        <button type="submit" className="default">
          OK
        </button>
      }
    >
      <div className="about">
        <p className="about-product">
          <strong>{info?.name ?? 'SSIS Designer'}</strong> <span>Version {info?.version ?? '…'}</span>
        </p>
        <p className="about-mode">{info?.mode === 'electron' ? 'Desktop app' : 'Running in the browser (served from this computer only)'}</p>
        <table className="about-versions" aria-label="Component versions">
          <tbody>
            {ROWS.map(([key, label]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{versions[key] ?? (key === 'electron' || key === 'chrome' ? 'not used in the browser' : 'unknown')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="about-note">A Solution Explorer for SSIS projects that deploys child packages and SQL Server Agent jobs to many servers.</p>
      </div>
    </Dialog>
  );
}
