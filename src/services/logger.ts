// The logging port: structured records, one JSON object per line, written wherever the adapter says.
//
// Records carry what operators need to follow a request (its id, route pattern, status, timing, caller) and
// nothing a log must not hold: no tokens, no bodies, no query strings. Callers pass fields, never raw requests.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * A logger that writes one JSON line per record at or above `level`: `process.stdout` on Node, `console.log`
 * on Workers (whose log pipeline keeps each call as one entry).
 */
export function jsonLinesLogger(options: {
  level: LogLevel;
  write: (line: string) => void;
  now?: () => Date;
}): Logger {
  const { level, write } = options;
  const now = options.now ?? (() => new Date());
  const at =
    (recordLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: LogFields = {}) => {
      if (RANK[recordLevel] < RANK[level]) return;
      // time, level and msg come first, and a field of the same name cannot overwrite them.
      const record = { time: now().toISOString(), level: recordLevel, msg: message };
      write(JSON.stringify({ ...record, ...fields, ...record }));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Discards everything: for code paths that have no configured logger yet. */
export const silentLogger: Logger = jsonLinesLogger({ level: 'silent', write: () => {} });

/** An error as log fields: its name, message and stack, never the objects it may reference. */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}
