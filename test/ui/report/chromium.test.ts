// The report as a browser sees it: headless Chromium loads the page from a file (no network) and its DOM
// has the timeline's SVG row, with phase bars, for every node; a screenshot is a real, non-blank PNG.
// Skipped, with a note, where Chromium is not installed (.ci/run installs Debian's package when it can).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planWithRehearsal } from '../../../src/engine/rehearsal.js';
import { prepareRoll } from '../../../src/engine/prepare.js';
import { createSimulation, DEMO_FIXTURE, loadFixture } from '../../../src/sim/index.js';
import { escapeHtml } from '../../../src/ui/report/html.js';
import { renderReport } from '../../../src/ui/report/page.js';
import { rollOptions } from '../../core/builders.js';
import { scratchDir } from '../../support/scratch.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(`Skipping the headless Chromium report test: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run does it as root).`);
}

function chromium(dir: string, ...args: string[]) {
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`];
  const run = spawnSync(CHROMIUM, [...flags, ...args], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe('the HTML report in headless Chromium', () => {
  it.skipIf(!available)('renders the demo rehearsal: an SVG row with its phase bars for every node, and a non-blank screenshot', async () => {
    const fixture = loadFixture(DEMO_FIXTURE);
    const sim = createSimulation(fixture);
    const prepared = await prepareRoll(sim, sim.clusterName, rollOptions());
    const result = await planWithRehearsal(prepared, fixture);
    const dir = scratchDir('report-chromium-');
    const page = join(dir, 'plan.html');
    writeFileSync(page, renderReport({ plan: prepared.plan, result, prepull: true }));

    const dom = chromium(dir, '--dump-dom', pathToFileURL(page).href);
    expect(dom).toContain('<title>dextre plan — demo</title>');
    expect(dom).toMatch(/<svg[^>]*class="timeline"/);
    expect(dom).toMatch(/<svg[^>]*class="capacity"/);
    const rows = new Map([...dom.matchAll(/<g class="row" data-node="([^"]+)">(.*?)<\/g>/gs)].map((m) => [m[1], m[2] ?? '']));
    expect(prepared.plan.nodes.length).toBe(15);
    for (const node of prepared.plan.nodes) {
      const row = rows.get(escapeHtml(node.name)) ?? rows.get(node.name);
      expect(row, node.name).toBeDefined();
      const phases = [...(row ?? '').matchAll(/<rect class="phase phase-(\w+)/g)].map((m) => m[1]);
      expect(phases, node.name).toStrictEqual(['surge', 'ready', 'prepull', 'drain', 'terminate']);
    }

    const shot = join(dir, 'plan.png');
    chromium(dir, `--screenshot=${shot}`, '--window-size=1280,2000', pathToFileURL(page).href);
    const png = readFileSync(shot);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // A blank 1280×2000 page compresses to a few KiB; the rendered report is far larger.
    expect(statSync(shot).size).toBeGreaterThan(50_000);
  }, 180_000);
});
