// Sections the plan and the result share: blockers (each with its remedy and the flag that overrides it),
// warnings, and the images to pre-pull. Pure.
import type { Blocker, Finding } from '../core/plan.js';
import { count } from './text.js';

export function blockerLines(blockers: readonly Blocker[], heading: string): string[] {
  if (blockers.length === 0) return [];
  const lines = [`${heading} (${blockers.length}):`];
  for (const b of blockers) {
    const where = [b.node && `node ${b.node}`, b.pod && `pod ${b.pod}`, b.pdb && `PDB ${b.pdb}`].filter(Boolean).join(', ');
    lines.push(`  ✗ [${b.kind}] ${b.message}${where ? ` (${where})` : ''}`);
    lines.push(`    fix: ${b.remedy}${b.flag ? ` — or pass ${b.flag}` : ''}`);
  }
  return lines;
}

/** The warnings among `findings`, each with its remedy; plain `warnings` when there are no findings (a hand-built plan). */
export function findingWarningLines(findings: readonly Finding[], warnings: readonly string[]): string[] {
  const found = findings.filter((f) => f.severity === 'warning');
  if (found.length === 0) return warningLines(warnings);
  const lines = [`Warnings (${found.length}):`];
  for (const w of found) {
    lines.push(`  ! ${w.message}`);
    if (w.remedy !== undefined) lines.push(`    fix: ${w.remedy}${w.flag ? ` (see ${w.flag})` : ''}`);
  }
  return lines;
}

export function warningLines(warnings: readonly string[]): string[] {
  if (warnings.length === 0) return [];
  return [`Warnings (${warnings.length}):`, ...warnings.map((w) => `  ! ${w}`)];
}

export function prepullLines(
  sets: readonly { namespace: string; images: readonly string[]; pullSecrets?: readonly string[] }[],
  heading: string,
  options: { listImages: boolean } = { listImages: true },
): string[] {
  if (sets.length === 0) return [];
  const images = sets.reduce((n, s) => n + s.images.length, 0);
  const lines = [`${heading}: ${count(images, 'image')} in ${count(sets.length, 'namespace')}`];
  if (!options.listImages) return lines;
  for (const set of sets) {
    const secrets = set.pullSecrets && set.pullSecrets.length > 0 ? ` (pull secrets: ${set.pullSecrets.join(', ')})` : '';
    lines.push(`  ${set.namespace}${secrets}:`);
    for (const image of set.images) lines.push(`    ${image}`);
  }
  return lines;
}

/** Joins sections with one blank line between non-empty ones. */
export function sections(...parts: readonly string[][]): string {
  return parts
    .filter((p) => p.length > 0)
    .map((p) => p.join('\n'))
    .join('\n\n');
}
