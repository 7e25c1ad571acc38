import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from './external-links.js';

describe('isSafeExternalUrl', () => {
  it('lets http(s) links through and nothing else', () => {
    expect(isSafeExternalUrl('https://learn.microsoft.com/sql/integration-services/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/a?b#c')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:/id', 'vscode://x', 'https://user:pw@example.com/', 'not a url', '', 'http://']) {
      expect(isSafeExternalUrl(bad), bad).toBe(false);
    }
  });
});
