// The report's style sheet: inline, system fonts only (the page loads nothing), and the phase colours the
// SVG timeline and its legend share.
import type { TimelinePhaseName } from '../../core/prediction.js';

export const PHASE_COLOURS: Record<TimelinePhaseName, string> = {
  surge: '#8ecae6',
  ready: '#219ebc',
  prepull: '#ffb703',
  drain: '#fb8500',
  terminate: '#9d0208',
};

export const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2327; margin: 24px auto; max-width: 1200px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #dcdcde; padding-bottom: 4px; }
.meta { color: #50575e; margin: 0 0 12px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; }
.verdict.ok { background: #d7f2dc; color: #0a5c1e; } .verdict.blocked { background: #fbd5d5; color: #8a1111; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e6e6e6; }
th { background: #f6f7f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.finding { border-left: 4px solid #d63638; background: #fff5f5; padding: 6px 10px; margin: 6px 0; }
.finding.warning { border-color: #dba617; background: #fffbea; }
.finding .kind { font: 12px ui-monospace, monospace; color: #50575e; }
.finding .fix { margin-top: 2px; } .finding .fix b { font-weight: 600; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f7f7; padding: 0 3px; }
svg { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg .label { fill: #1d2327; } svg .axis { stroke: #8c8f94; } svg .grid { stroke: #e6e6e6; }
svg .tick { fill: #50575e; } svg .curve { fill: none; stroke: #2271b1; stroke-width: 2; }
svg .baseline { stroke: #d63638; stroke-dasharray: 4 3; }
.legend { display: flex; gap: 16px; flex-wrap: wrap; margin: 4px 0 8px; font-size: 13px; }
.legend span::before { content: ""; display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; background: var(--c); }
.muted { color: #646970; }
`;
