import { loadSeedWindows } from '../../testing/seed-windows';
import { evaluateSplit, loadCorpus } from './evaluate';

// The same check as `npm run triage:eval`, inside `npm test`: the corpus parses, and the gated targets hold.
describe('triage evaluation corpus', () => {
  const windows = loadSeedWindows();

  it('has at least 400 labelled messages with unique ids, in both splits', () => {
    const dev = loadCorpus('dev');
    const heldout = loadCorpus('heldout');
    const ids = [...dev, ...heldout].map((message) => message.id);
    expect(ids.length).toBeGreaterThanOrEqual(400);
    expect(new Set(ids).size).toBe(ids.length);
    expect(heldout.length).toBeGreaterThanOrEqual(100);
  });

  for (const split of ['dev', 'heldout'] as const) {
    it(`${split}: never misses danger now, self-harm or real court papers, never sends an adult to Childline, macro-F1 ≥ 0.90`, () => {
      const report = evaluateSplit(split, loadCorpus(split), windows);
      for (const code of ['danger_now', 'self_harm', 'court_papers']) {
        expect({ code, recall: report.signals.find((s) => s.code === code)?.recall }).toEqual({
          code,
          recall: 1,
        });
      }
      expect(report.adultsToChildline).toBe(0);
      expect(report.missedTargets).toEqual([]);
    });
  }
});
