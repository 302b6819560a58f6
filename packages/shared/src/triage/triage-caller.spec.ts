import { callerRelationOf, type TIntakeInput, ZIntake } from '../intake.schema';
import { loadSeedWindows, tokyo } from '../testing/seed-windows';
import { triage } from './triage';
import type { TTriageResult } from './triage.types';

const WINDOWS = loadSeedWindows();
const EVENING = tokyo('2026-11-04T17:00'); // a Wednesday at 17:00: Childline is open

function run(input: TIntakeInput): TTriageResult {
  return triage(ZIntake.parse(input), WINDOWS, EVENING);
}
const slugs = (result: TTriageResult) => result.recommendations.map((r) => r.windowSlug);

// Bullying told without a word saying who writes: only the caller block says whether a child or a parent writes.
const BULLYING = 'クラスのLINEグループで悪口を書かれて、写真もさらされています。';

describe('triage: the caller and the affected person', () => {
  it('a parent writing about a 12-year-old gets the lines that take guardians, never Childline', () => {
    const result = run({ description: BULLYING, caller: { relation: 'guardian' }, person: { age: 12 } });
    expect(slugs(result)).toEqual(expect.arrayContaining(['child-sos-24', 'kodomo-jinken']));
    expect(slugs(result)).not.toContain('childline');
    expect(result.lifeStage).toMatchObject({ writer: 'adult', childAffected: true });
    expect(result.matchedRuleIds).toContain('child-affected-guardian');
    expect(result.matchedRuleIds).not.toContain('child-childline');
    expect(result.disagreements).toEqual([]);
  });

  it('a child writing about themself gets Childline while it is open', () => {
    const result = run({ description: BULLYING, caller: { relation: 'self' }, person: { age: 12 } });
    expect(slugs(result)[0]).toBe('childline');
    expect(result.lifeStage).toMatchObject({ writer: 'child', childAffected: true });
    expect(result.matchedRuleIds).not.toContain('child-affected-guardian');
  });

  it('an intake without the caller block is read as before: the age is the writer’s own', () => {
    const withBlock = run({ description: BULLYING, caller: { relation: 'self' }, person: { age: 12 } });
    const without = run({ description: BULLYING, person: { age: 12 } });
    expect(slugs(without)).toEqual(slugs(withBlock));
    expect(without.lifeStage).toEqual(withBlock.lifeStage);
    expect(callerRelationOf(ZIntake.parse({ description: BULLYING }))).toBe('self');
  });

  it('a teacher or professional is an adult writer whatever the text reads like', () => {
    for (const relation of ['teacher', 'professional'] as const) {
      const result = run({
        description: 'がっこうでわるぐちをかかれてないています',
        caller: { relation },
        person: { age: 10 },
      });
      expect(result.lifeStage?.writer).toBe('adult');
      expect(slugs(result)).toContain('child-sos-24');
      expect(slugs(result)).not.toContain('childline');
    }
  });

  it('a friend of a child is taken as a peer (Childline); a child writing about an adult relative is not a child’s trouble', () => {
    const friend = run({ description: BULLYING, caller: { relation: 'friend' }, person: { age: 14 } });
    expect(friend.lifeStage?.writer).toBe('child');
    expect(slugs(friend)).toContain('childline');

    const aboutMother = run({
      description: 'お母さんが投資の話でお金を振り込んでしまいました。',
      caller: { relation: 'relative' },
      person: { age: 45 },
    });
    expect(aboutMother.lifeStage?.childAffected).toBe(false);
    expect(slugs(aboutMother)).not.toContain('child-sos-24');
  });

  it('shows a disagreement when the caller block and the text say different things about who writes', () => {
    const aboutMyself = run({
      description: '娘がクラスのLINEで悪口を書かれています。',
      caller: { relation: 'self' },
      person: { age: 12 },
    });
    expect(aboutMyself.disagreements).toContainEqual({
      code: 'caller_relation',
      answer: 'caller.relation',
      answered: true,
      phrase: expect.stringContaining('娘'),
    });
    // The text's parent cue still wins: a parent is never sent to Childline.
    expect(slugs(aboutMyself)).not.toContain('childline');

    const parentButChild = run({
      description: '小4です。ゲームで知らない人に悪口を言われた',
      caller: { relation: 'guardian' },
    });
    expect(parentButChild.disagreements).toContainEqual(
      expect.objectContaining({ code: 'caller_relation', answered: false, phrase: '小4' }),
    );
    expect(slugs(parentButChild)).not.toContain('childline');

    // Agreeing fields and text: nothing to ask.
    const agreeing = run({
      description: '娘がクラスのLINEで悪口を書かれています。',
      caller: { relation: 'guardian' },
      person: { age: 12 },
    });
    expect(agreeing.disagreements).toEqual([]);
  });

  it('refuses an unknown relation or a caller block without one', () => {
    expect(ZIntake.safeParse({ description: 'x', caller: { relation: 'neighbour' } }).success).toBe(false);
    expect(ZIntake.safeParse({ description: 'x', caller: {} }).success).toBe(false);
    expect(ZIntake.safeParse({ description: 'x', caller: { relation: 'self', name: 'a' } }).success).toBe(
      false,
    );
  });
});
