/**
 * Suggestions for an unknown justification stop working out an edit distance once it passes the
 * limit a suggestion must meet. They must be the suggestions the exact distances give.
 */
import { describe, expect, test } from 'vitest';
import { loadRules, normName } from '../src/search/index.js';

const rules = loadRules();

/** The edit distance worked out in full. */
function exactDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The suggestions as the exact distances rank them. */
function exactSuggest(text: string): string[] {
  const t = normName(text);
  if (t === '') return [];
  const scored = rules.rules.map((r) => {
    const names = [r.name, ...r.synonyms].map(normName);
    return { name: r.name, d: Math.min(...names.map((m) => (m.includes(t) || t.includes(m) ? Math.abs(m.length - t.length) / 4 : exactDistance(t, m)))) };
  });
  const limit = Math.max(2, Math.ceil(t.length * 0.4));
  return scored.filter((s) => s.d <= limit).sort((a, b) => a.d - b.d || a.name.localeCompare(b.name)).slice(0, 3).map((s) => s.name);
}

describe('suggestions with bounded edit distances', () => {
  test('are the suggestions of the exact distances, for near misses and for nonsense', () => {
    const texts = ['log quotent', 'jensn', 'marginalisaton', 'qwertyuiop zxcv', 'bayes rul', 'by the chain rul of probability', 'x', 'ab',
      'linearity of expectaton', 'definition of kl', 'complete the sqare', 'tower property', 'product rul', 'sum rule for logs'];
    // every rule name with one letter dropped, and with two letters swapped
    for (const r of rules.rules.slice(0, 80)) texts.push(r.name.slice(0, 2) + r.name.slice(3), r.name.slice(1, 2) + r.name.slice(0, 1) + r.name.slice(2));
    let suggested = 0;
    for (const text of texts) {
      const got = rules.suggest(text);
      expect(got, text).toEqual(exactSuggest(text));
      suggested += got.length;
    }
    expect(suggested).toBeGreaterThan(50);
  });
});
