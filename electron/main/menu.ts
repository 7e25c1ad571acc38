/** The application menu, laid out and labelled like Visual Studio's (File, Edit, View, Help). */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openSolution(): void;
  showSolutionExplorer(): void;
  about(): void;
}

export function buildMenu(actions: MenuActions): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: '&File',
      submenu: [
        { label: 'Open Solution...', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openSolution() },
        { type: 'separator' },
        { label: 'E&xit', accelerator: process.platform === 'darwin' ? 'Cmd+Q' : 'Alt+F4', role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Solution E&xplorer', accelerator: 'CmdOrCtrl+Alt+L', click: () => actions.showSolutionExplorer() },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Help',
      submenu: [{ label: '&About SSIS Designer', click: () => actions.about() }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
