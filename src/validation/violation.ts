// The one shape of a validation failure (schema, zod or business rule): where, as a JSON pointer, and what.

export interface Violation {
  /** RFC 6901 JSON pointer into the validated document, e.g. "/title/fr"; "" is the document itself. */
  pointer: string;
  /** A sentence for a human, e.g. "must be at most 300 characters". */
  message: string;
}

/** Escapes one reference token (RFC 6901 §3: "~" first, then "/"). */
export function escapePointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Builds a pointer from path segments, e.g. zod's issue.path ["title", "fr"] → "/title/fr". */
export function toJsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((segment) => `/${escapePointerToken(String(segment))}`).join('');
}

/** One line per violation, `pointer: message`, for terminals and logs. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.pointer === '' ? '(root)' : v.pointer}: ${v.message}`).join('\n');
}
