import { ruleIndex } from '../../src/cli/rule-index';

describe('the index of rules in docs/rules.md', () => {
  const index = ruleIndex();

  it('finds the rules of the engine, of the workflow’s refusals and of the order, each with its clause', () => {
    expect(index.length).toBeGreaterThan(80);
    const find = (rule: string) => index.find((r) => r.rule === rule);
    expect(find('points.excellent.exceeded')).toMatchObject({ file: 'rules/standards-366.ts' });
    expect(find('art11.collective.disunited')).toMatchObject({ source: '(s.source)', messageVi: expect.stringContaining('mất đoàn kết') });
    expect(find('ballots.colleagues.good')).toMatchObject({ source: '004 §II.5.2', file: 'rules/ceiling.ts' });
    expect(find('review.suggestions-answered')).toMatchObject({ source: '004 §I.4.1.2', file: 'services/workflow/self-assessment.ts' });
    expect(find('order.collective-before-leaders')).toMatchObject({ source: '004 §II.7.3', messageVi: expect.stringContaining('tập thể') });
    expect(find('review.small-collective-host')).toMatchObject({ file: 'rules/process.ts' });
    expect(index.every((r) => r.source.length > 0)).toBe(true);
  });
});
