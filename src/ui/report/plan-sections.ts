// The plan in the report: the blockers and warnings with their remedies, the groups with their capacity
// check, the nodes in roll order with why they are replaced and why they stand there, the images to
// pre-pull. Pure.
import type { Blocker, Finding, RollPlan } from '../../core/plan.js';
import { count, resourcesShort, sizeText } from '../text.js';
import { h, tableHtml, type Html } from './html.js';

/** Every blocker (the plan's and the rehearsal's), then every warning, each with what to do about it. */
export function findingsSection(findings: readonly Finding[], rehearsalBlockers: readonly Blocker[]): Html {
  const all: Finding[] = [...findings.filter((f) => f.severity === 'blocker'), ...rehearsalBlockers.map((b): Finding => ({ severity: 'blocker', ...b })), ...findings.filter((f) => f.severity === 'warning')];
  const blockers = all.filter((f) => f.severity === 'blocker').length;
  return h(
    'section',
    { id: 'findings' },
    h('h2', {}, `Blockers and warnings (${count(blockers, 'blocker')}, ${count(all.length - blockers, 'warning')})`),
    all.length === 0 ? h('p', { class: 'muted' }, 'Nothing found that would stop or slow the roll.') : all.map(findingHtml),
  );
}

function findingHtml(f: Finding): Html {
  const where = [f.severity === 'blocker' ? [f.node && `node ${f.node}`, f.pod && `pod ${f.pod}`] : [f.group && `group ${f.group}`], f.pdb && `PDB ${f.pdb}`]
    .flat()
    .filter((x): x is string => typeof x === 'string' && x !== '');
  return h(
    'div',
    { class: `finding ${f.severity}`, 'data-kind': f.kind },
    h('div', {}, h('span', { class: 'kind' }, `${f.severity} · ${f.kind}`), ' ', f.message, where.length > 0 ? h('span', { class: 'muted' }, ` (${where.join(', ')})`) : null),
    f.remedy !== undefined ? h('div', { class: 'fix' }, h('b', {}, 'Fix: '), f.remedy, f.flag ? [' — flag ', h('code', {}, f.flag)] : null) : null,
  );
}

export function groupsSection(plan: RollPlan): Html {
  const rows = plan.groups.map((g) => {
    const c = g.capacity;
    return [
      g.name,
      String(g.nodes.length),
      sizeText(g.size),
      String(g.surge),
      String(g.maxUnavailable),
      g.target ?? '-',
      g.zones.join(', '),
      c ? `${c.peakInstances}/${g.size.max}${c.raisesMaxBy > 0 ? ` (max +${c.raisesMaxBy}, restored after)` : ''}` : '-',
      c ? `${c.podsToMove} pods, ${resourcesShort(c.requests)}` : '-',
      c ? resourcesShort(c.largestNode) : '-',
      c ? resourcesShort(c.replacementRoom) : '-',
      c ? resourcesShort(c.stayingRoom) : '-',
    ];
  });
  return h(
    'section',
    { id: 'groups' },
    h('h2', {}, 'Groups and capacity'),
    tableHtml(['group', 'replace', 'min/max/desired', 'surge', 'max-unavailable', 'target', 'zones', 'peak/max', 'to move', 'largest node', 'room on replacements', 'room on nodes that stay'], rows),
    h('p', { class: 'muted' }, 'CPU in millicores, memory in MiB. Room on nodes that stay is shared by every group.'),
  );
}

export function nodesSection(plan: RollPlan): Html {
  const rows = plan.nodes.map((n, i) => [
    String(i + 1),
    n.name,
    n.group,
    n.zone,
    n.instanceId,
    String(n.podsToEvict),
    n.reasons.map((r) => h('div', {}, r.message)),
    n.order?.message ?? '-',
  ]);
  return h(
    'section',
    { id: 'nodes' },
    h('h2', {}, `Nodes in roll order (${plan.nodes.length})`),
    plan.nodes.length === 0 ? h('p', { class: 'muted' }, 'Nothing to do: every node considered is up to date.') : tableHtml(['#', 'node', 'group', 'zone', 'instance', 'pods', 'why replaced', 'why here'], rows, 'nodes'),
  );
}

export function prepullSection(plan: RollPlan, prepull: boolean): Html {
  if (!prepull) return h('section', { id: 'prepull' }, h('h2', {}, 'Images to pre-pull'), h('p', { class: 'muted' }, 'Pre-pull is off (--no-prepull).'));
  const rows = plan.prepull.map((p) => [p.group, p.namespace, p.images.map((i) => h('div', {}, h('code', {}, i))), p.pullSecrets.join(', ') || '-']);
  return h('section', { id: 'prepull' }, h('h2', {}, 'Images to pre-pull'), rows.length === 0 ? h('p', { class: 'muted' }, 'None.') : tableHtml(['group', 'namespace', 'images', 'pull secrets'], rows));
}
