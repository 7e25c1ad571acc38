/** Errors from any call, each with its message and a dismiss button; stays until dismissed. */
import { useApp, useAppStore } from '../store/context.js';

export function ErrorBar() {
  const store = useAppStore();
  const errors = useApp((s) => s.errors);
  if (errors.length === 0) return null;
  return (
    <div className="error-bar" role="alert" aria-label="Errors">
      {errors.map((e) => (
        <div key={e.id} className="error-entry">
          <span className="error-text">{e.message}</span>
          <button type="button" className="dismiss" aria-label="Dismiss error" title="Dismiss" onClick={() => store.getState().dismissError(e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
