// `dextre status` as people read it. Pure: a function of the view `--json` prints.
import { formatDuration } from '../config/duration.js';
import type { StatusLock, StatusView } from '../core/status/view.js';
import { blockerLines, sections, warningLines } from './format-common.js';
import { count, sizeText, table } from './text.js';

export function formatStatus(v: StatusView): string {
  if (v.state === 'none') return sections([v.summary], lockLines(v.lock, v.now));
  return sections(
    [v.summary, ...timeLines(v)],
    lockLines(v.lock, v.now),
    progressLines(v),
    groupLines(v),
    nodeLines(v),
    waitLines(v),
    blockerLines(v.blockers, 'Blockers'),
    warningLines(v.warnings),
    v.failure ? [`Error [${v.failure.code}]: ${v.failure.message}`] : [],
  );
}

function timeLines(v: StatusView): string[] {
  const lines: string[] = [];
  if (v.startedAt !== null) lines.push(`  started   ${at(v.startedAt, v.now)}`);
  if (v.updatedAt !== null) lines.push(`  journaled ${at(v.updatedAt, v.now)} (last step)`);
  if (v.finishedAt !== null) lines.push(`  finished  ${at(v.finishedAt, v.now)}`);
  return lines;
}

function lockLines(lock: StatusLock | null, now: number): string[] {
  if (!lock) return ['Lock: free (no dextre holds it).'];
  const renewed = lock.renewedAt !== undefined ? `last renewed ${at(lock.renewedAt, now)}` : 'never renewed';
  const state = lock.stale
    ? `STALE: not renewed within its TTL of ${lock.ttlSeconds}s, so its holder is taken for dead; the next roll takes it over`
    : lock.holderDead
      ? `its holder's process is gone from this host (it died), so a dextre run here takes the lock over at once`
      : `TTL ${lock.ttlSeconds}s, frees itself ${lock.expiresAt !== null ? `in ${formatDuration(lock.expiresAt - now)}` : 'now'} unless renewed`;
  const lines = [`Lock: held by ${lock.holder}, ${renewed}; ${state}.`];
  if (lock.stopRequested !== undefined) lines.push(`  stop requested by ${lock.stopRequested}`);
  return lines;
}

function progressLines(v: StatusView): string[] {
  const e = v.estimate;
  if (!e) return [];
  const left =
    v.phase === 'finished'
      ? ''
      : e.secondsLeft === null
        ? '; time left unknown (no node finished yet)'
        : `; about ${formatDuration(e.secondsLeft)} left at the rate so far`;
  return [`Progress: ${e.nodesDone}/${count(e.nodesTotal, 'node')} done${left}.`];
}

function groupLines(v: StatusView): string[] {
  if (v.groups.length === 0) return [];
  const rows = v.groups.map((g) => [g.name, `${g.replaced}/${g.total}`, String(g.launched), String(g.surge), sizeText(g.current), sizeText(g.original)]);
  return ['Groups:', ...table(['GROUP', 'REPLACED', 'LAUNCHED', 'SURGE', 'MIN/MAX/DESIRED NOW', 'ORIGINAL'], rows)];
}

function nodeLines(v: StatusView): string[] {
  if (v.nodes.length === 0) return [];
  const rows = v.nodes.map((n) => [n.name, n.group || '-', n.zone || '-', n.status, String(n.evicted), String(n.podsLeft), n.replacement ?? '-']);
  return ['Nodes:', ...table(['NODE', 'GROUP', 'ZONE', 'STATUS', 'EVICTED', 'PODS LEFT', 'REPLACEMENT'], rows)];
}

function waitLines(v: StatusView): string[] {
  if (v.waits.length === 0) return [];
  return [
    `Waiting on (${v.waits.length}):`,
    ...v.waits.map((w) => `  … ${w.description}${w.since !== null ? `, since ${at(w.since, v.now)}` : ''}`),
  ];
}

/** `2026-12-05T18:00:00Z (3m ago)`. */
function at(epochSeconds: number, now: number): string {
  const iso = `${new Date(epochSeconds * 1000).toISOString().slice(0, 19)}Z`;
  const ago = now - epochSeconds;
  return `${iso} (${ago >= 0 ? `${formatDuration(ago)} ago` : `in ${formatDuration(-ago)}`})`;
}
