// Kubernetes resource quantities (apimachinery `resource.Quantity`) in dextre's units:
// CPU in millicores, memory in MiB. `250m` → 250 millicores; `1.5` → 1500; `256Mi` → 256; `1G` → 953.67.

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** The quantity's value in base units (cores, bytes), or undefined when it is not a quantity. */
export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, digits = '', exponent, suffix = ''] = match;
  const base = Number(digits);
  if (exponent !== undefined) return base * 10 ** Number(exponent.slice(1));
  const factor = SUFFIX[suffix];
  return factor === undefined ? undefined : base * factor;
}

/** CPU in millicores, rounded up to a whole millicore as the API server does. */
export function cpuMillicores(text: string | number): number | undefined {
  const cores = parseQuantity(text);
  return cores === undefined ? undefined : Math.ceil(Math.round(cores * 1e9) / 1e6);
}

/** Memory in MiB (fractional when the quantity is not a whole number of MiB). */
export function memoryMiB(text: string | number): number | undefined {
  const bytes = parseQuantity(text);
  return bytes === undefined ? undefined : bytes / 2 ** 20;
}
