import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuActions } from './menu-template.js';

function recorder(): { actions: MenuActions; calls: string[] } {
  const calls: string[] = [];
  const actions: MenuActions = {
    openSolution: () => calls.push('openSolution'),
    openRecent: (p) => calls.push(`openRecent ${p}`),
    clearRecent: () => calls.push('clearRecent'),
    showSolutionExplorer: () => calls.push('showSolutionExplorer'),
    startLocalEmulators: () => calls.push('startLocalEmulators'),
    setStartLocalEmulatorsAtStartup: (on) => calls.push(`atStartup ${on}`),
    about: () => calls.push('about'),
    options: () => calls.push('options'),
    openLogsFolder: () => calls.push('openLogsFolder'),
  };
  return { actions, calls };
}

const sub = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label)?.submenu as MenuItemConstructorOptions[];
const click = (item: MenuItemConstructorOptions | undefined, checked = false) =>
  (item?.click as unknown as (i: { checked: boolean }) => void)({ checked });

describe('menuTemplate', () => {
  it('lists recent solutions under File, numbered, with their paths, and a way to clear them', () => {
    const { actions, calls } = recorder();
    const t = menuTemplate(actions, { recentSolutions: ['/a/R&D.sln', '/b/Two.dtproj'], localEmulatorsRunning: true, startLocalEmulatorsAtStartup: true });
    const recent = sub(sub(t, '&File'), 'Recent Projects and Solutions');
    expect(recent.map((i) => i.label ?? i.type)).toEqual(['&1 R&&D.sln', '&2 Two.dtproj', 'separator', 'Clear Recent List']);
    expect(recent[1]!.sublabel).toBe('/b/Two.dtproj');
    click(recent[1]);
    click(recent[3]);
    expect(calls).toEqual(['openRecent /b/Two.dtproj', 'clearRecent']);
  });

  it('says (none) when nothing was opened yet', () => {
    const t = menuTemplate(recorder().actions, { recentSolutions: [], localEmulatorsRunning: false, startLocalEmulatorsAtStartup: true });
    expect(sub(sub(t, '&File'), 'Recent Projects and Solutions')).toEqual([{ label: '(none)', enabled: false }]);
  });

  it('has Servers → Start Local Emulators (disabled while they run) and the startup switch', () => {
    const { actions, calls } = recorder();
    const idle = sub(menuTemplate(actions, { recentSolutions: [], localEmulatorsRunning: false, startLocalEmulatorsAtStartup: false }), '&Servers');
    expect(idle[0]).toMatchObject({ label: 'Start &Local Emulators', enabled: true });
    expect(idle[1]).toMatchObject({ type: 'checkbox', checked: false });
    click(idle[0]);
    click(idle[1], true);
    expect(calls).toEqual(['startLocalEmulators', 'atStartup true']);
    const running = sub(menuTemplate(actions, { recentSolutions: [], localEmulatorsRunning: true, startLocalEmulatorsAtStartup: true }), '&Servers');
    expect(running[0]).toMatchObject({ label: 'Local Emulators Running', enabled: false });
  });

  it('has Help → Open Logs Folder and About', () => {
    const { actions, calls } = recorder();
    const help = sub(menuTemplate(actions, { recentSolutions: [], localEmulatorsRunning: false, startLocalEmulatorsAtStartup: true }), '&Help');
    expect(help.map((i) => i.label ?? i.type)).toEqual(['Open &Logs Folder', 'separator', '&About SSIS Designer']);
    click(help[0]);
    click(help[2]);
    expect(calls).toEqual(['openLogsFolder', 'about']);
  });

  it('has Tools → Options...', () => {
    const { actions, calls } = recorder();
    const tools = sub(menuTemplate(actions, { recentSolutions: [], localEmulatorsRunning: false, startLocalEmulatorsAtStartup: true }), '&Tools');
    expect(tools.map((i) => i.label)).toEqual(['&Options...']);
    click(tools[0]);
    expect(calls).toEqual(['options']);
  });
});
