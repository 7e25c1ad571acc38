import { describe, expect, it } from 'vitest';
import { validatePackageName } from './validateName.js';
import { etlProject } from '../../../test/sampleView.js';

describe('validatePackageName', () => {
  const project = etlProject();
  it.each([
    ['', /empty/],
    ['a/b.dtsx', /cannot contain/],
    [' x.dtsx', /space/],
    ['Loader', /end with '.dtsx'/],
    ['.dtsx', /end with '.dtsx'/],
    ['CON.dtsx', /reserved/],
    ['child2.DTSX', /already exists/],
  ])('refuses %j', (name, message) => {
    expect(validatePackageName(name, project, 'Child1.dtsx')).toMatch(message);
  });
  it('accepts a fresh name and a case-only change of the same file', () => {
    expect(validatePackageName('Loader.dtsx', project, 'Child1.dtsx')).toBeNull();
    expect(validatePackageName('CHILD1.dtsx', project, 'Child1.dtsx')).toBeNull();
  });
});
