/** The application menu (template in menu-template.ts). */
import { Menu } from 'electron';
import { menuTemplate, type MenuActions, type MenuState } from './menu-template.js';

export type { MenuActions, MenuState } from './menu-template.js';

export function buildMenu(actions: MenuActions, state: MenuState): Menu {
  return Menu.buildFromTemplate(menuTemplate(actions, state));
}
