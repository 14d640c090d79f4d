// Auto Scaling lifecycle states (every value of the SDK's enum) in dextre's four.
import { describe, expect, it } from 'vitest';
import { LifecycleState as AwsLifecycleState } from '@aws-sdk/client-auto-scaling';
import { isLeaving, modelLifecycle } from '../../../src/cloud/aws/lifecycle.js';
import type { LifecycleState } from '../../../src/core/model.js';

const EXPECTED: Record<string, LifecycleState | 'dropped'> = {
  Pending: 'Pending',
  'Pending:Wait': 'Pending',
  'Pending:Proceed': 'Pending',
  Quarantined: 'Pending',
  InService: 'InService',
  Terminating: 'Terminating',
  'Terminating:Wait': 'Terminating',
  'Terminating:Proceed': 'Terminating',
  'Terminating:Retained': 'Terminating',
  Terminated: 'dropped',
  Detaching: 'Terminating',
  Detached: 'dropped',
  EnteringStandby: 'Pending',
  Standby: 'Pending',
  ReplacingRootVolume: 'Pending',
  'ReplacingRootVolume:Wait': 'Pending',
  'ReplacingRootVolume:Proceed': 'Pending',
  RootVolumeReplaced: 'Pending',
  'Warmed:Pending': 'Pending',
  'Warmed:Pending:Wait': 'Pending',
  'Warmed:Pending:Proceed': 'Pending',
  'Warmed:Pending:Retained': 'Pending',
  'Warmed:Terminating': 'Terminating',
  'Warmed:Terminating:Wait': 'Terminating',
  'Warmed:Terminating:Proceed': 'Terminating',
  'Warmed:Terminating:Retained': 'Terminating',
  'Warmed:Terminated': 'dropped',
  'Warmed:Stopped': 'Pending',
  'Warmed:Running': 'Pending',
  'Warmed:Hibernated': 'Pending',
};

describe('modelLifecycle', () => {
  it('has a row for every state the SDK knows', () => {
    expect(Object.values(AwsLifecycleState).sort()).toStrictEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s → %s', (state, model) => {
    expect(modelLifecycle(state) ?? 'dropped').toBe(model);
    expect(isLeaving(state)).toBe(model === 'dropped' || model === 'Terminating');
  });

  it('treats a state it does not know, or none, as Pending: never picked for replacement', () => {
    expect(modelLifecycle('SomethingNew:Wait')).toBe('Pending');
    expect(modelLifecycle(undefined)).toBe('Pending');
  });
});
