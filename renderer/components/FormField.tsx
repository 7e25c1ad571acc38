/** A dialog's labelled text box and the error line under the fields, as every dialog draws them. */
import type { InputHTMLAttributes } from 'react';

type TextFieldProps = {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Marks the box invalid for assistive technology while an error is shown. */
  readonly invalid?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

export function TextField({ label, value, onChange, invalid, ...input }: TextFieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} value={value} aria-invalid={invalid ? true : undefined} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export function FieldError({ message, id }: { readonly message: string | null; readonly id?: string }) {
  return message ? (
    <p id={id} role="alert" className="field-error">
      {message}
    </p>
  ) : null;
}
