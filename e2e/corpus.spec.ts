/** Every real solution in ../shared/corpus opens in the UI (each from a temp copy): the solution node and its projects show. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CORPUS_DIR, expect, openApp, test } from './fixtures.js';
import { tree } from './tree.js';

function solutions(dir: string, depth = 0): string[] {
  if (depth > 8) return [];
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(solutions(full, depth + 1));
    else if (/\.slnx?$/i.test(name)) out.push(full);
  }
  return out;
}

const found = (() => {
  try {
    return solutions(CORPUS_DIR);
  } catch {
    return [];
  }
})();

test('the corpus is present', () => {
  test.skip(found.length === 0, `no corpus at ${CORPUS_DIR}`);
  expect(found.length).toBeGreaterThan(0);
});

for (const sln of found) {
  const repo = relative(CORPUS_DIR, sln).split(/[\\/]/)[0]!;
  test(`opens ${relative(CORPUS_DIR, sln)}`, async ({ page, launch }) => {
    // Copy the whole corpus repository: solutions point into sibling folders.
    const app = await launch({ copy: [[join(CORPUS_DIR, repo), repo]], open: join(repo, relative(join(CORPUS_DIR, repo), sln)) });
    await openApp(page, app);
    const name = basename(sln).replace(/\.slnx?$/i, '');
    const root = tree(page).getByRole('treeitem', { level: 1 });
    await expect(root).toHaveAccessibleName(new RegExp(`^Solution '${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' \\(\\d+ of \\d+ projects?\\)$`));
    await expect(tree(page).getByRole('treeitem', { level: 2 }).first()).toBeVisible();
  });
}
