import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Splitter } from './Splitter.js';

afterEach(cleanup);

function Host({ grow }: { grow: 1 | -1 }) {
  const [size, setSize] = useState(200);
  return <Splitter label="Resize Output" orientation="horizontal" size={size} min={60} max={300} grow={grow} onResize={setSize} />;
}

describe('Splitter', () => {
  it('is a focusable separator that arrow keys resize within its limits', () => {
    render(<Host grow={-1} />);
    const bar = screen.getByRole('separator', { name: 'Resize Output' });
    expect(bar.getAttribute('aria-orientation')).toBe('horizontal');
    expect(bar.getAttribute('aria-valuenow')).toBe('200');
    fireEvent.keyDown(bar, { key: 'ArrowUp' }); // a bottom pane grows when its splitter moves up
    expect(bar.getAttribute('aria-valuenow')).toBe('216');
    fireEvent.keyDown(bar, { key: 'End' });
    expect(bar.getAttribute('aria-valuenow')).toBe('300');
    fireEvent.keyDown(bar, { key: 'ArrowUp' });
    expect(bar.getAttribute('aria-valuenow')).toBe('300');
    fireEvent.keyDown(bar, { key: 'Home' });
    expect(bar.getAttribute('aria-valuenow')).toBe('60');
  });
});
