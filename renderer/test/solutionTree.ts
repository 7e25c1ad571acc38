/** Solution Explorer tests find tree items by name and open their context menu as a right-click does. */
import { fireEvent, screen } from '@testing-library/react';

export const item = (name: string) => screen.getByRole('treeitem', { name });

export function rightClick(name: string) {
  fireEvent.contextMenu(item(name), { clientX: 20, clientY: 30 });
  return screen.getByRole('menu');
}
