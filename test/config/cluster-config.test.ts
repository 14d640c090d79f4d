import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/cluster-config.js';
import { DextreError } from '../../src/core/errors.js';

function complaint(text: string): string {
  try {
    parseConfig(text, '/etc/dextre.yaml', '/home/sre');
  } catch (e: unknown) {
    if (e instanceof DextreError) {
      expect(e.code).toBe('CONFIG');
      expect(e.exitCode).toBe(2);
      return e.message;
    }
    throw e;
  }
  throw new Error('expected the config to be refused');
}

describe('parseConfig', () => {
  it('reads every key of an entry; paths expand ~ and resolve from the file', () => {
    const config = parseConfig(
      [
        'clusters:',
        '  prod:',
        '    kubeconfig: ~/.kube/prod',
        '    context: arn:aws:eks:eu-west-1:123456789012:cluster/prod',
        '    region: eu-west-1',
        '    profile: platform',
        '    awsClusterName: prod-eks',
        '    groups: [prod-general, prod-system]',
        '    roll: { surge: 25%, maxUnavailable: 1, drainTimeout: 20m, maxAge: 30d, prepull: false }',
        '  lab:',
        '    kubeconfig: kube/lab.yaml',
        '  bare:',
      ].join('\n'),
      '/etc/dextre.yaml',
      '/home/sre',
    );
    expect(config.clusters.get('prod')).toEqual({
      name: 'prod',
      kubeconfig: '/home/sre/.kube/prod',
      context: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
      region: 'eu-west-1',
      profile: 'platform',
      awsClusterName: 'prod-eks',
      groups: ['prod-general', 'prod-system'],
      roll: { surge: '25%', maxUnavailable: '1', drainTimeout: '20m', maxAge: '30d', prepull: false },
    });
    expect(config.clusters.get('lab')?.kubeconfig).toBe('/etc/kube/lab.yaml');
    expect(config.clusters.get('bare')).toEqual({ name: 'bare', roll: {} });
  });

  it('an empty file has no clusters', () => {
    expect(parseConfig('', '/etc/dextre.yaml').clusters.size).toBe(0);
  });

  it.each([
    ['a misspelt key, with a suggestion', 'clusters:\n  prod:\n    regoin: eu-west-1\n', '/etc/dextre.yaml:3:5: clusters.prod.regoin: unknown key "regoin" (did you mean "region"?)'],
    ['a bad surge, checked like the flag', 'clusters:\n  prod:\n    roll:\n      surge: lots\n', '/etc/dextre.yaml:4:14: clusters.prod.roll.surge: the value must be a whole number'],
    ['a bad duration', 'clusters:\n  prod:\n    roll: { drainTimeout: soon }\n', 'clusters.prod.roll.drainTimeout: the value "soon" is not a duration'],
    ['an empty group list', 'clusters:\n  prod:\n    groups: []\n', 'clusters.prod.groups: expected at least one Auto Scaling group name'],
    ['a dangerous setting that is a flag only', 'clusters:\n  prod:\n    roll: { force: true }\n', 'unknown key "force"'],
    ['a top-level typo', 'cluster:\n  prod: {}\n', '/etc/dextre.yaml:1:1: cluster: unknown key "cluster" (did you mean "clusters"?)'],
    ['broken YAML', 'clusters:\n  prod: [\n', '/etc/dextre.yaml:'],
  ])('refuses %s, naming the file, the line, the key and the fix', (_what, text, expected) => {
    expect(complaint(text)).toContain(expected);
  });
});
