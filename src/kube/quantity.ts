// Kubernetes resource quantities (apimachinery `resource.Quantity`) as the API server writes them, in
// dextre's units: CPU in millicores, memory in MiB. The grammar: a signed decimal number, then either a
// binary suffix (Ki … Ei), a decimal suffix (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
// Decimal parts are scaled through the number's text (`Number("15e2")`), so `1500m`, `1.5` and `2` come
// out exact, and `7680Mi` is exactly 7680 MiB.

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** A parsed quantity: `digits × 10^decimal × 2^binary`. */
interface Parsed {
  digits: string;
  decimal: number;
  binary: number;
}

function parse(text: string | number): Parsed | undefined {
  const match = QUANTITY.exec(String(text).trim());
  if (!match) return undefined;
  const [, digits = '', exponent, suffix = ''] = match;
  if (exponent !== undefined) return { digits, decimal: Number(exponent.slice(1)), binary: 0 };
  const binary = BINARY_EXPONENT[suffix];
  if (binary !== undefined) return { digits, decimal: 0, binary };
  return { digits, decimal: DECIMAL_EXPONENT[suffix] ?? 0, binary: 0 };
}

/** The value scaled by 10^shift (exact for decimal quantities), or undefined when not a quantity. */
function scaled(text: string | number, shift: number, binaryShift: number): number | undefined {
  const q = parse(text);
  if (!q) return undefined;
  const value = Number(`${q.digits}e${q.decimal + shift}`) * 2 ** (q.binary - binaryShift);
  return Number.isFinite(value) ? value : undefined;
}

/** CPU in millicores, rounded up to a whole millicore as the API server does (`0.0001` → 1). */
export function cpuMillicores(text: string | number): number | undefined {
  const value = scaled(text, 3, 0);
  // toPrecision strips binary noise (1.1e-3 cores × 1000) before rounding up.
  return value === undefined ? undefined : Math.ceil(Number(value.toPrecision(15)));
}

/** Memory in MiB; fractional when the quantity is not a whole number of MiB (`1G` → 953.67431640625). */
export function memoryMiB(text: string | number): number | undefined {
  return scaled(text, 0, 20);
}
