import { describe, expect, it } from 'vitest';
import { errorFields, jsonLinesLogger, type LogLevel } from './logger';

const at = new Date('2026-03-02T10:00:00.000Z');

function capture(level: LogLevel) {
  const lines: string[] = [];
  const logger = jsonLinesLogger({ level, write: (l) => lines.push(l), now: () => at });
  logger.debug('d');
  logger.info('i', { requestId: 'r1' });
  logger.warn('w');
  logger.error('e');
  return lines;
}

describe('JSON-lines logger', () => {
  it('writes one JSON object per record, with time, level and message', () => {
    const [line] = capture('info').slice(0, 1);
    expect(line).not.toContain('\n');
    expect(line).toBe(`{"time":"${at.toISOString()}","level":"info","msg":"i","requestId":"r1"}`);
  });

  it('keeps records at or above its level', () => {
    const levels = (l: LogLevel) => capture(l).map((line) => JSON.parse(line).level);
    expect(levels('debug')).toEqual(['debug', 'info', 'warn', 'error']);
    expect(levels('info')).toEqual(['info', 'warn', 'error']);
    expect(levels('warn')).toEqual(['warn', 'error']);
    expect(levels('error')).toEqual(['error']);
    expect(levels('silent')).toEqual([]);
  });

  it('does not let a field pass itself off as the time, level or message', () => {
    const lines: string[] = [];
    jsonLinesLogger({ level: 'info', write: (l) => lines.push(l), now: () => at }).info('request', {
      level: 'error',
      msg: 'forged',
      time: 'yesterday',
    });
    expect(JSON.parse(lines[0]!)).toEqual({ time: at.toISOString(), level: 'info', msg: 'request' });
  });

  it('turns an error into its name, message and stack', () => {
    const fields = errorFields(new TypeError('bad'));
    expect(fields).toMatchObject({ name: 'TypeError', message: 'bad' });
    expect(String(fields.stack)).toContain('logger.test.ts');
    expect(errorFields('plain')).toEqual({ message: 'plain' });
  });
});
