/** Small inline SVG icons in the spirit of Visual Studio's (drawn here, 16×16, colours from CSS variables). */
import type { ReactElement } from 'react';

export type IconName = 'solution' | 'project' | 'folder' | 'folderOpen' | 'package' | 'params' | 'connection' | 'file' | 'lock' | 'entryPoint' | 'error' | 'warning' | 'info';

const paths: Record<IconName, ReactElement> = {
  solution: (
    <>
      <path d="M2 3h8l4 3v7H2z" fill="var(--icon-solution)" />
      <path d="M5 7l-2 2 2 2M9 7l2 2-2 2" stroke="var(--icon-fg)" strokeWidth="1.2" fill="none" />
    </>
  ),
  project: (
    <>
      <rect x="2" y="2" width="12" height="12" rx="1" fill="var(--icon-project)" />
      <path d="M5 5h6M5 8h6M5 11h4" stroke="var(--icon-fg)" strokeWidth="1.2" />
    </>
  ),
  folder: <path d="M1 4h5l1 1h8v8H1z" fill="var(--icon-folder)" />,
  folderOpen: <path d="M1 4h5l1 1h7v2H4l-2 6H1zM4 8h11l-2 5H2z" fill="var(--icon-folder)" />,
  package: (
    <>
      <rect x="2" y="2" width="12" height="12" rx="1" fill="var(--icon-package)" />
      <path d="M4 6h3v4H4zM9 6h3v4H9zM7 8h2" stroke="var(--icon-fg)" strokeWidth="1" fill="none" />
    </>
  ),
  params: (
    <>
      <rect x="2" y="2" width="12" height="12" rx="1" fill="var(--icon-params)" />
      <path d="M5 5h6M5 8h6M5 11h6" stroke="var(--icon-fg)" strokeWidth="1" />
    </>
  ),
  connection: (
    <>
      <ellipse cx="8" cy="4" rx="5" ry="2" fill="var(--icon-connection)" />
      <path d="M3 4v8c0 1.1 2.2 2 5 2s5-.9 5-2V4c0 1.1-2.2 2-5 2S3 5.1 3 4z" fill="var(--icon-connection)" opacity="0.8" />
    </>
  ),
  file: <path d="M3 1h7l3 3v11H3z" fill="var(--icon-file)" />,
  lock: (
    <>
      <rect x="3" y="7" width="10" height="8" rx="1" fill="var(--icon-lock)" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" stroke="var(--icon-lock)" strokeWidth="1.5" fill="none" />
    </>
  ),
  entryPoint: <path d="M3 2l10 6-10 6z" fill="var(--icon-entry)" />,
  error: (
    <>
      <circle cx="8" cy="8" r="7" fill="var(--icon-error)" />
      <path d="M5 5l6 6M11 5l-6 6" stroke="#fff" strokeWidth="1.6" />
    </>
  ),
  // The Error List's warning triangle and information circle.
  warning: (
    <>
      <path d="M8 1.5l7 12.5H1z" fill="var(--icon-warning)" />
      <path d="M8 5.5v4.5M8 11.5v1.5" stroke="#1e1e1e" strokeWidth="1.6" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="7" fill="var(--icon-info)" />
      <path d="M8 7v5M8 4v1.6" stroke="#fff" strokeWidth="1.6" />
    </>
  ),
};

export function Icon({ name, className, label }: { name: IconName; className?: string; label?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width="16"
      height="16"
      viewBox="0 0 16 16"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {label ? <title>{label}</title> : null}
      {paths[name]}
    </svg>
  );
}
