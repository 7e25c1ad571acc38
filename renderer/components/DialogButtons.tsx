/** The usual buttons row of a dialog: the default (submit) button, then Cancel. */
interface Props {
  /** The default button's caption (Enter presses it). */
  readonly ok?: string;
  readonly okDisabled?: boolean;
  readonly okClassName?: string;
  readonly onCancel: () => void;
  /** Cancel is disabled only where the work under way cannot be left (a deploy running). */
  readonly cancelDisabled?: boolean;
}

export function OkCancelButtons({ ok = 'OK', okDisabled, okClassName, onCancel, cancelDisabled }: Props) {
  return (
    <>
      <button type="submit" className={okClassName} disabled={okDisabled}>
        {ok}
      </button>
      <button type="button" onClick={onCancel} disabled={cancelDisabled}>
        Cancel
      </button>
    </>
  );
}
