// Argument clean-up before oclif parses: `--surge -1` would otherwise read `-1` as an unknown flag and
// print a confusing oclif message; joined as `--surge=-1`, the value reaches our own validation,
// which names the flag and the accepted forms.

/** Joins `--flag -N…` into `--flag=-N…` for the given option flags (names without dashes). */
export function joinNegativeValues(argv: readonly string[], optionFlags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--') && optionFlags.includes(arg.slice(2)) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
