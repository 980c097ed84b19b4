/** Audit log — to be built (CONTRACT §7). */
export function AuditLogPage() {
  return <h1>Audit log</h1>;
}
