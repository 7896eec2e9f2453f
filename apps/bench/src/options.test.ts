import { describe, expect, it } from 'vitest';
import { FULL, QUICK, parseOptions } from './options.mjs';

describe('parseOptions()', () => {
  it('runs every workload on every server at full size by default', () => {
    const options = parseOptions([]);
    expect(options.workloads).toEqual(['W1', 'W2', 'W3', 'W4']);
    expect(options.servers).toEqual(['stelar', 'ws', 'socketio']);
    expect(options.repeats).toBe(FULL.repeats);
    expect(options.sizes).toBe(FULL);
  });

  it('uses the quick sizes and repeats with --quick', () => {
    const options = parseOptions(['--quick']);
    expect(options.sizes).toBe(QUICK);
    expect(options.repeats).toBe(QUICK.repeats);
  });

  it('keeps the canonical order whatever order the flags use', () => {
    const options = parseOptions(['--only=w3,W1', '--servers=socketio,stelar']);
    expect(options.workloads).toEqual(['W1', 'W3']);
    expect(options.servers).toEqual(['stelar', 'socketio']);
  });

  it('takes --repeats over the preset', () => {
    expect(parseOptions(['--quick', '--repeats=7']).repeats).toBe(7);
  });

  it('rejects an unknown workload, server or repeat count', () => {
    expect(() => parseOptions(['--only=W9'])).toThrow(/--only/);
    expect(() => parseOptions(['--servers=nginx'])).toThrow(/--servers/);
    expect(() => parseOptions(['--repeats=0'])).toThrow(/--repeats/);
    expect(() => parseOptions(['--repeats=2.5'])).toThrow(/--repeats/);
  });

  it('rejects an unknown flag', () => {
    expect(() => parseOptions(['--fast'])).toThrow();
  });

  it('sizes the full run as the issue asks', () => {
    expect(FULL.W1).toMatchObject({ clients: 1000, messages: 2000 });
    expect(FULL.W2.clients).toBe(100);
    expect(FULL.W3.connections).toBe(10_000);
    expect(FULL.W4).toMatchObject({ connections: 5000, inFlight: 200 });
  });
});
