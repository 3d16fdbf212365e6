/** A status as a labelled badge; the colour is a hint, the text is the meaning. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`} data-status={status}>{label}</span>;
}
