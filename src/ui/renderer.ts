// Which progress view to show: a pure function of the environment, so it is decided in one place and tested.

export type RendererKind = 'listr' | 'lines' | 'json-lines' | 'silent';

export interface RendererEnvironment {
  /** `--json`: stdout carries only the result; progress still goes to stderr. */
  json: boolean;
  /** `--quiet`: no progress at all. */
  quiet: boolean;
  /** Whether stderr (where progress goes) is a terminal. */
  isTTY: boolean;
  /** Running under CI (`CI` set): a terminal there is a log, not a screen to redraw. */
  ci: boolean;
  /** `--log-format json`: one JSON object per line for log pipelines, on a terminal too. Default text. */
  logFormat?: 'text' | 'json';
}

/**
 * `silent` when asked to be quiet; the live listr2 view on an interactive terminal; otherwise plain
 * timestamped lines, which read well in logs and CronJob output. `--json` never changes the choice: progress
 * is on stderr, so it cannot mix with the JSON on stdout. `--log-format json` asks for JSON lines wherever it runs.
 */
export function chooseRenderer(env: RendererEnvironment): RendererKind {
  if (env.quiet) return 'silent';
  if (env.logFormat === 'json') return 'json-lines';
  if (env.isTTY && !env.ci) return 'listr';
  return 'lines';
}

/** CI as most tools read it: `CI` set to anything but `false` or `0`. */
export function isCi(env: Record<string, string | undefined>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}
