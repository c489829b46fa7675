export function ElementStatus({ name, loading, error }: { name: string; loading: boolean; error?: string }) {
  if (loading) {
    return (
      <div className="element-status" role="status">
        <span className="spinner small" aria-hidden="true" /> Loading {name}…
      </div>
    );
  }
  return (
    <div className="element-status error" role="alert">
      Could not load {name}
      {error ? `: ${error}` : ''}
    </div>
  );
}
