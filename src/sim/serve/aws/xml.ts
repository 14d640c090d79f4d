// Building the Query protocols' XML. A `Fragment` is XML already escaped: text goes in only through
// `text()`, so nothing from a request or a tag value reaches a response unescaped. Absent values
// (undefined) leave their element out, as AWS omits unset members.
import type { AwsError } from './errors.js';

declare const escaped: unique symbol;
export type Fragment = string & { readonly [escaped]: true };
/** Members of an element; undefined ones are left out. */
export type Children = (Fragment | undefined)[];

export const AUTOSCALING_NS = 'http://autoscaling.amazonaws.com/doc/2011-01-01/';
export const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** `<tag>value</tag>`, or nothing when the value is undefined. */
export function text(tag: string, value: string | number | boolean | undefined): Fragment {
  if (value === undefined) return '' as Fragment;
  return `<${tag}>${escapeXml(String(value))}</${tag}>` as Fragment;
}

/** `<tag>…children…</tag>`; children left undefined are skipped. */
export function el(tag: string, ...children: Children): Fragment {
  return `<${tag}>${children.filter((c) => c !== undefined).join('')}</${tag}>` as Fragment;
}

/** A list: `<tag><member>…</member>…</tag>` (Auto Scaling) or `<tag><item>…</item>…</tag>` (EC2). */
export function list<T>(tag: string, itemTag: 'member' | 'item', items: readonly T[], render: (item: T) => Children): Fragment {
  return el(tag, ...items.map((item) => el(itemTag, ...render(item))));
}

/** A list of plain strings. */
export function textList(tag: string, itemTag: 'member' | 'item', values: readonly string[]): Fragment {
  return el(tag, ...values.map((v) => text(itemTag, v)));
}

/** Epoch seconds as the ISO 8601 timestamps both services send (`2026-01-01T00:00:00.000Z`). */
export function iso(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString();
}

/** `<XResponse xmlns=…><XResult>…</XResult><ResponseMetadata>…` (no Result element for actions without output). */
export function autoScalingResponse(action: string, result: Children | undefined, requestId: string): string {
  const body = result === undefined ? '' : el(`${action}Result`, ...result);
  return `<${action}Response xmlns="${AUTOSCALING_NS}">${body}${el('ResponseMetadata', text('RequestId', requestId))}</${action}Response>`;
}

export function autoScalingError(error: AwsError, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const inner = el('Error', text('Type', type), text('Code', error.code), text('Message', error.message));
  return `<ErrorResponse xmlns="${AUTOSCALING_NS}">${inner}${text('RequestId', requestId)}</ErrorResponse>`;
}

/** `<?xml…?><XResponse xmlns=…><requestId>…</requestId>…` */
export function ec2Response(action: string, result: Children, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NS}">${text('requestId', requestId)}${result.filter((c) => c !== undefined).join('')}</${action}Response>`;
}

export function ec2Error(error: AwsError, requestId: string): string {
  const inner = el('Errors', el('Error', text('Code', error.code), text('Message', error.message)));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${inner}${text('RequestID', requestId)}</Response>`;
}
