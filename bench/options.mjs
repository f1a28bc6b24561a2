/**
 * The command-line options of a bench script. `--help` prints the script's usage and exits; an
 * unknown option, or a number that is not one, is an error (exit 2) — never a run of many minutes
 * with the defaults, which is what `node bench/fuzz.mjs --help` used to start.
 */
import { parseArgs } from 'node:util';

/**
 * `spec` maps each option's name to its default: a number, a string, a boolean (a flag), or null
 * (a string with no default). Returns the values, numbers as numbers.
 */
export function benchOptions(argv, usage, spec) {
  const options = { help: { type: 'boolean', short: 'h' } };
  for (const [name, fallback] of Object.entries(spec)) options[name] = { type: typeof fallback === 'boolean' ? 'boolean' : 'string' };
  const fail = (message) => {
    console.error(`${message}\n\n${usage}`);
    process.exit(2);
  };
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (e) {
    fail(e.message);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const out = {};
  for (const [name, fallback] of Object.entries(spec)) {
    const given = values[name];
    if (given === undefined) { out[name] = fallback; continue; }
    if (typeof fallback !== 'number') { out[name] = given; continue; }
    const n = Number(given);
    if (given.trim() === '' || !Number.isFinite(n)) fail(`--${name} takes a number, found "${given}"`);
    out[name] = n;
  }
  return out;
}
