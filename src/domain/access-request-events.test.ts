import { describe, expect, it } from 'vitest';
import {
  eventShare,
  REQUEST_EVENT_AUDIENCE,
  REQUEST_EVENT_TYPES,
  votesDisclosed,
} from './access-request-events';

describe('the audience of access-request events', () => {
  it('gives every kind of event an audience, and the committee reads every kind whole', () => {
    expect(Object.keys(REQUEST_EVENT_AUDIENCE).sort()).toEqual([...REQUEST_EVENT_TYPES].sort());
    for (const type of REQUEST_EVENT_TYPES) expect(eventShare(type, 'committee', false), type).toBe('whole');
  });

  it('keeps votes from applicants unless the policy discloses them and the application is decided', () => {
    expect(votesDisclosed(undefined, true)).toBe(false);
    expect(votesDisclosed('hidden', true)).toBe(false);
    expect(votesDisclosed('after_decision', false)).toBe(false);
    expect(votesDisclosed('after_decision', true)).toBe(true);
    expect(eventShare('vote_cast', 'applicants', false)).toBe('none');
    expect(eventShare('vote_cast', 'applicants', true)).toBe('whole');
  });

  it('never names the desk member who acted to applicants, whatever the disclosure of votes', () => {
    for (const type of ['review_started', 'changes_requested', 'approved', 'rejected', 'revoked']) {
      expect(eventShare(type, 'applicants', false), type).toBe('without_actor');
      expect(eventShare(type, 'applicants', true), type).toBe('without_actor');
    }
  });

  it('shares an unknown kind of event with nobody', () => {
    for (const reader of ['committee', 'applicants'] as const) {
      expect(eventShare('reviewer_note', reader, true)).toBe('none');
      expect(eventShare('constructor', reader, true)).toBe('none');
    }
  });
});
