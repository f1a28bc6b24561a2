/**
 * Speed of the kernel's exact algebra on its test identities (test/kernel-algebra.test.ts reads
 * the same list). Prints, never asserts. Run `npm run build` first: it times dist/.
 *
 *   node bench/kernel-algebra.mjs [runs]
 *
 * Per identity: the median of `runs` calls after a first (cold) one, and the slowest call
 * including the cold one; then the median and p90 of the medians and the slowest call overall
 * (single slow calls on fast identities are mostly garbage collection left by earlier ones).
 */
import { pathToFileURL } from 'node:url';

/** `expect`: equal | notShown | unknown | budget for an equation; yes | no for an optimum. */
export const IDENTITIES = [
  { name: 'completing the square, symbolic', lhs: 'a x^2 + 2 b x', rhs: 'a \\left(x + \\frac{b}{a}\\right)^2 - \\frac{b^2}{a}', expect: 'equal' },
  { name: 'completing the square, wrong constant', lhs: 'a x^2 + 2 b x', rhs: 'a \\left(x + \\frac{b}{a}\\right)^2 - \\frac{b^2}{a^2}', expect: 'notShown' },
  {
    name: 'posterior mean coefficients, one fraction',
    lhs: '\\frac{\\sqrt{\\alpha}(1-\\bar a_{p})}{1-\\bar a} x + \\frac{\\sqrt{\\bar a_p}(1-\\alpha)}{1-\\bar a} y',
    rhs: '\\frac{\\sqrt{\\alpha}(1-\\bar a_{p}) x + \\sqrt{\\bar a_p}(1-\\alpha) y}{1-\\bar a}',
    expect: 'equal',
  },
  {
    name: 'posterior mean coefficients, factors swapped',
    lhs: '\\frac{\\sqrt{\\alpha}(1-\\bar a_{p})}{1-\\bar a} x + \\frac{\\sqrt{\\bar a_p}(1-\\alpha)}{1-\\bar a} y',
    rhs: '\\frac{\\sqrt{\\alpha}(1-\\alpha) x + \\sqrt{\\bar a_p}(1-\\bar a_{p}) y}{1-\\bar a}',
    expect: 'notShown',
  },
  {
    name: 'posterior mean expanded over a common denominator',
    lhs: '\\frac{1}{\\sqrt{\\alpha}}\\left(x - \\frac{1-\\alpha}{\\sqrt{1-\\bar a}} e\\right)',
    rhs: '\\frac{x \\sqrt{1-\\bar a} - (1-\\alpha) e}{\\sqrt{\\alpha}\\sqrt{1-\\bar a}}',
    expect: 'equal',
  },
  { name: 'difference of squares', lhs: '(a+b)^2 - (a-b)^2', rhs: '4ab', expect: 'equal' },
  { name: 'k-means quadratic', lhs: '10(-1-\\mu)^2 + 4(1-\\mu)^2', rhs: '14\\mu^2 + 12\\mu + 14', expect: 'equal' },
  { name: 'k-means quadratic, wrong sign', lhs: '10(-1-\\mu)^2 + 4(1-\\mu)^2', rhs: '14\\mu^2 - 12\\mu + 14', expect: 'notShown' },
  { name: 'GMM responsibilities sum to one', lhs: '\\frac{\\phi a}{\\phi a + \\psi b} + \\frac{\\psi b}{\\phi a + \\psi b}', rhs: '1', expect: 'equal' },
  { name: 'sum of reciprocals', lhs: '\\frac{1}{x} + \\frac{1}{y}', rhs: '\\frac{x+y}{xy}', expect: 'equal' },
  { name: 'sum of reciprocals, wrong', lhs: '\\frac{1}{x} + \\frac{1}{y}', rhs: '\\frac{2}{x+y}', expect: 'notShown' },
  { name: 'cancelling a common factor', lhs: '\\frac{x^2-1}{x-1}', rhs: 'x+1', expect: 'equal' },
  { name: 'Gaussian exponent expanded', lhs: '\\frac{(x-\\mu)^2}{2\\sigma^2}', rhs: '\\frac{x^2}{2\\sigma^2} - \\frac{x\\mu}{\\sigma^2} + \\frac{\\mu^2}{2\\sigma^2}', expect: 'equal' },
  { name: 'decimal and fraction literals', lhs: '0.5x + \\frac{1}{3}', rhs: '\\frac{3x+2}{6}', expect: 'equal' },
  { name: 'like logarithms collected', lhs: '2\\log a + \\log a', rhs: '3\\log a', expect: 'equal' },
  { name: 'log of a product is not algebra', lhs: '\\log(ab)', rhs: '\\log a + \\log b', expect: 'notShown' },
  { name: 'division by an identically zero expression', lhs: '\\frac{1}{x-x}', rhs: '1', expect: 'unknown' },
  { name: 'derivative of a cube', lhs: '\\frac{d}{dx} x^3', rhs: '3x^2', expect: 'equal' },
  { name: 'derivative of a cube, wrong', lhs: '\\frac{d}{dx} x^3', rhs: '3x^3', expect: 'notShown' },
  { name: 'derivative of a squared error', lhs: '\\frac{\\partial}{\\partial \\mu} (x-\\mu)^2', rhs: '-2(x-\\mu)', expect: 'equal' },
  { name: 'derivative of a log', lhs: '\\frac{d}{dx} \\log(x^2+1)', rhs: '\\frac{2x}{x^2+1}', expect: 'equal' },
  { name: 'derivative of an exponential', lhs: '\\frac{d}{dx} \\exp(2x)', rhs: '2\\exp(2x)', expect: 'equal' },
  { name: 'derivative of a square root', lhs: '\\frac{d}{dx} \\sqrt{x}', rhs: '\\frac{1}{2\\sqrt{x}}', expect: 'equal' },
  { name: 'derivative of a quotient', lhs: '\\frac{d}{dx} \\frac{x}{1+x}', rhs: '\\frac{1}{(1+x)^2}', expect: 'equal' },
  { name: 'derivative of a log-likelihood', lhs: '\\frac{\\partial}{\\partial \\theta} \\left(a\\log\\theta + b\\log(1-\\theta)\\right)', rhs: '\\frac{a}{\\theta} - \\frac{b}{1-\\theta}', expect: 'equal' },
  { name: 'derivative of a user function', lhs: '\\frac{d}{dx} f(x)', rhs: '0', expect: 'unknown' },
  { name: 'huge constant squared', lhs: '(x+10^{800})^2', rhs: 'x^2+2x+1', expect: 'notShown' },
  { name: 'huger constant squared', lhs: '(x+10^{1600})^2', rhs: 'x^2+2x+1', expect: 'notShown' },
  { name: 'huge constant squared, expanded', lhs: '(x+10^{800})^2', rhs: 'x^2 + 2\\cdot 10^{800} x + 10^{1600}', expect: 'equal' },
  { name: 'constant beyond the bit budget', lhs: '10^{100000}', rhs: '10^{100000} + x - x', expect: 'budget' },
  { name: 'power beyond the degree budget', lhs: '(x+y)^{1000}', rhs: '(y+x)^{1000}', expect: 'budget' },
  { name: 'expansion beyond the term budget', lhs: '(a+b+c+d+e+f)^{12}', rhs: '(f+e+d+c+b+a)^{12}', expect: 'budget' },
  { name: 'k-means optimum', op: 'argmin', v: '\\mu', body: '14\\mu^2 + 12\\mu + 14', value: '-\\frac{3}{7}', expect: 'yes' },
  { name: 'k-means optimum, wrong value', op: 'argmin', v: '\\mu', body: '14\\mu^2 + 12\\mu + 14', value: '-\\frac{3}{8}', expect: 'no' },
  { name: 'arg max of an upward parabola', op: 'argmax', v: '\\mu', body: '14\\mu^2 + 12\\mu + 14', value: '-\\frac{3}{7}', expect: 'no' },
  { name: 'mean of two points', op: 'argmin', v: '\\mu', body: '(a-\\mu)^2 + (b-\\mu)^2', value: '\\frac{a+b}{2}', expect: 'yes' },
  { name: 'symbolic curvature', op: 'argmin', v: 'w', body: 'c w^2 - 2 d w', value: '\\frac{d}{c}', expect: 'no' },
];

/** Runs one identity through the kernel's algebra; returns the outcome's kind. */
export function decide(algebra, parse, identity) {
  if (identity.op) {
    const v = parse(identity.v).name;
    return algebra.quadraticOptimum(identity.op, v, parse(identity.body), parse(identity.value)).kind;
  }
  return algebra.equalRational(parse(identity.lhs), parse(identity.rhs)).kind;
}

async function main() {
  const runs = Number(process.argv[2] ?? 50);
  const algebra = await import('../dist/kernel/algebra/index.js');
  const { parseLatex } = await import('../dist/notation/parse.js');
  const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) * q)]; };
  const median = (xs) => quantile(xs, 0.5);
  const time = (f) => { const t = process.hrtime.bigint(); const out = f(); return [Number(process.hrtime.bigint() - t) / 1e6, out]; };
  const rows = [];
  for (const identity of IDENTITIES) {
    // parsed once, outside the timing: this measures the algebra, not the reader
    const latex = ['lhs', 'rhs', 'v', 'body', 'value'].map((field) => identity[field]).filter((s) => s !== undefined);
    const parsed = new Map(latex.map((s) => [s, parseLatex(s)]));
    const cached = (s) => parsed.get(s);
    const [cold, kind] = time(() => decide(algebra, cached, identity));
    const times = Array.from({ length: runs }, () => time(() => decide(algebra, cached, identity))[0]);
    rows.push({ name: identity.name, kind, expect: identity.expect, cold, median: median(times), max: Math.max(cold, ...times) });
  }
  const ms = (x) => `${x.toFixed(3).padStart(8)} ms`;
  console.log(`${'median'.padStart(11)}  ${'first call'.padStart(11)}  ${'slowest'.padStart(11)}`);
  for (const r of rows) console.log(`${ms(r.median)}  ${ms(r.cold)}  ${ms(r.max)}  ${r.kind === r.expect ? '  ' : '≠ '}${r.kind.padEnd(8)} ${r.name}`);
  const medians = rows.map((r) => r.median);
  const worst = rows.reduce((a, b) => (b.max > a.max ? b : a));
  console.log(`\n${rows.length} identities, ${runs} runs each`);
  console.log(`median of per-identity medians: ${median(medians).toFixed(3)} ms`);
  console.log(`p90 of per-identity medians: ${quantile(medians, 0.9).toFixed(3)} ms`);
  console.log(`slowest identity by median: ${Math.max(...medians).toFixed(3)} ms`);
  console.log(`slowest single call: ${worst.max.toFixed(3)} ms (${worst.name})`);
  const wrong = rows.filter((r) => r.kind !== r.expect);
  if (wrong.length) console.log(`outcomes differing from the expected: ${wrong.map((r) => r.name).join('; ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
