/** A modal dialog frame in Visual Studio's style: title bar, body, right-aligned buttons, Escape cancels. */
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

interface Props {
  readonly title: string;
  readonly children: ReactNode;
  /** Buttons row; the form's submit button is the default (Enter). */
  readonly buttons: ReactNode;
  readonly onCancel: () => void;
  readonly onSubmit?: () => void;
  readonly wide?: boolean;
}

export function Dialog({ title, children, buttons, onCancel, onSubmit, wide }: Props) {
  const titleId = useId();
  const ref = useRef<HTMLFormElement>(null);
  const previousFocus = useRef<Element | null>(null);

  useEffect(() => {
    previousFocus.current = document.activeElement;
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>('input:not([readonly]), textarea:not([readonly]), button[type="submit"], button');
    first?.focus();
    return () => {
      if (previousFocus.current instanceof HTMLElement && previousFocus.current.isConnected) previousFocus.current.focus();
    };
  }, []);

  function submit(e: FormEvent): void {
    e.preventDefault();
    onSubmit?.();
  }

  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className={wide ? 'dialog wide' : 'dialog'}>
        <form
          ref={ref}
          onSubmit={submit}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onCancel();
            } else if (e.key === 'Tab') {
              // Keep focus inside the modal dialog, as a native one does.
              const focusable = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('input, textarea, button:not([disabled]), [tabindex="0"]'));
              const first = focusable[0];
              const last = focusable[focusable.length - 1];
              if (e.shiftKey && document.activeElement === first) {
                e.preventDefault();
                last?.focus();
              } else if (!e.shiftKey && document.activeElement === last) {
                e.preventDefault();
                first?.focus();
              }
            }
          }}
        >
          <div className="dialog-title" id={titleId}>
            {title}
          </div>
          <div className="dialog-body">{children}</div>
          <div className="dialog-buttons">{buttons}</div>
        </form>
      </div>
    </div>
  );
}
