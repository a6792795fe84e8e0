import { meetingPriority, type MeetingPreference } from './meeting-priority';

type Pref = MeetingPreference | null;

describe('meetingPriority', () => {
  it.each<[Pref, Pref]>([
    ['no-thanks', null],
    [null, 'no-thanks'],
    ['no-thanks', 'must-meet'],
    ['must-meet', 'no-thanks'],
    ['no-thanks', 'no-thanks'],
  ])('never schedules a pair one side declined (%s, %s)', (offerSide, needSide) => {
    expect(meetingPriority(0.99, offerSide, needSide)).toBeNull();
  });

  // Expected order, lowest first: each row must rank strictly above the previous one.
  const tiers: Array<{ name: string; prefs: [Pref, Pref] }> = [
    { name: 'no preference', prefs: [null, null] },
    { name: 'one side meet', prefs: ['meet', null] },
    { name: 'one side must-meet', prefs: [null, 'must-meet'] },
    { name: 'both meet', prefs: ['meet', 'meet'] },
    { name: 'must-meet and meet', prefs: ['must-meet', 'meet'] },
    { name: 'both must-meet', prefs: ['must-meet', 'must-meet'] },
  ];

  it.each(tiers.slice(1).map((higher, i) => ({ lower: tiers[i], higher })))(
    '$higher.name at score 0 outranks $lower.name at score 1',
    ({ lower, higher }) => {
      const low = meetingPriority(1, ...lower.prefs) as number;
      const high = meetingPriority(0, ...higher.prefs) as number;
      expect(high).toBeGreaterThan(low);
    },
  );

  it.each(tiers)('$name: a higher score ranks higher, whichever side holds the preference', ({ prefs }) => {
    const [a, b] = prefs;
    expect(meetingPriority(0.8, a, b)).toBeGreaterThan(meetingPriority(0.3, a, b) as number);
    expect(meetingPriority(0.55, a, b)).toBe(meetingPriority(0.55, b, a));
  });

  it.each([-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY])('rejects score %s', (score) => {
    expect(() => meetingPriority(score, null, null)).toThrow(RangeError);
  });

  it('rejects an unknown preference instead of treating it as none', () => {
    expect(() => meetingPriority(0.5, 'maybe' as MeetingPreference, null)).toThrow(/unknown preference/);
  });
});
