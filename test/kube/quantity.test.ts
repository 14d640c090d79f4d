import { describe, expect, it } from 'vitest';
import { cpuMillicores, memoryMiB } from '../../src/kube/quantity.js';

describe('Kubernetes quantities in dextre units', () => {
  it.each([
    ['1500m', 1500],
    ['2', 2000],
    ['0.5', 500],
    ['1.5', 1500],
    ['.25', 250],
    ['100m', 100],
    ['0.0001', 1], // rounded up to a whole millicore, as the API server does
    ['1e3', 1_000_000],
    ['2k', 2_000_000],
    ['250000u', 250],
    ['1930m', 1930],
    [2, 2000],
  ])('cpu %s → %d millicores', (text, millicores) => {
    expect(cpuMillicores(text)).toBe(millicores);
  });

  it.each([
    ['7680Mi', 7680],
    ['8Gi', 8192],
    ['8G', 8e9 / 2 ** 20],
    ['1G', 953.67431640625],
    ['7291668Ki', 7291668 / 1024],
    ['8053063680', 7680],
    ['1e3', 1000 / 2 ** 20],
    ['953.67431640625Mi', 953.67431640625],
    ['512M', 512e6 / 2 ** 20],
    ['0', 0],
  ])('memory %s → %d MiB', (text, mib) => {
    expect(memoryMiB(text)).toBe(mib);
  });

  it.each(['', 'abc', '1.5.5', '10 Mi', '5x', 'Mi'])('%j is not a quantity', (text) => {
    expect(cpuMillicores(text)).toBeUndefined();
    expect(memoryMiB(text)).toBeUndefined();
  });
});
