import { describe, expect, it } from 'vitest';
import {
  describeForeignAnswer,
  isTransientConnectError,
  parseConnectTimeout,
  splitUrlConnInfo,
  sslAnswer,
  tlsPolicy,
  type SslMode,
} from '../../../src/core/conninfo.js';

describe('tlsPolicy: libpq sslmode meanings', () => {
  it.each<[SslMode, boolean, [boolean, boolean, boolean, boolean]]>([
    ['disable', false, [false, false, false, false]],
    ['allow', false, [true, false, false, false]],
    ['prefer', false, [true, false, false, false]],
    ['require', false, [true, true, false, false]],
    ['require', true, [true, true, true, false]],
    ['verify-ca', false, [true, true, true, false]],
    ['verify-full', false, [true, true, true, true]],
  ])('%s (root cert given: %s)', (mode, root, [ask, required, verifyChain, verifyHost]) => {
    expect(tlsPolicy(mode, root)).toEqual({ ask, required, verifyChain, verifyHost });
  });
});

describe('splitUrlConnInfo', () => {
  it.each<[string, Record<string, string>, string]>([
    ['postgres://u:p@h/d', {}, 'postgres://u:p@h/d'],
    ['postgres://u:p@h/d?sslmode=verify-ca&sslrootcert=%2Fetc%2Fca.pem', { sslmode: 'verify-ca', sslrootcert: '/etc/ca.pem' }, 'postgres://u:p@h/d'],
    ['postgres://h/d?application_name=x&connect_timeout=5&options=-c%20a%3Db', { connectTimeout: '5' }, 'postgres://h/d?application_name=x&options=-c%20a%3Db'],
    ['postgres://h/d?ssl=require', { sslmode: 'require' }, 'postgres://h/d'],
    ['postgres://u:p@h/d?sslcert=c.pem&sslkey=k.pem#x', { sslcert: 'c.pem', sslkey: 'k.pem' }, 'postgres://u:p@h/d#x'],
  ])('%s', (url, ours, rest) => {
    const { url: kept, ...got } = splitUrlConnInfo(url);
    expect(got).toEqual(ours);
    expect(kept).toBe(rest);
  });
});

describe('parseConnectTimeout', () => {
  it.each<[string | number | undefined, number | 'invalid']>([
    [undefined, 10],
    ['', 10],
    ['5', 5],
    ['1', 2],
    ['0', 10],
    ['-3', 10],
    ['2.5', 'invalid'],
    ['soon', 'invalid'],
    [30, 30],
  ])('%s -> %s', (raw, want) => {
    expect(parseConnectTimeout(raw)).toBe(want);
  });
});

describe('the answer to SSLRequest', () => {
  it.each<[number | undefined, string]>([
    [0x53, 'tls'],
    [0x4e, 'plain'],
    [0x45, 'error'],
    [0x48, 'not-postgres'],
    [undefined, 'not-postgres'],
  ])('%s -> %s', (byte, want) => {
    expect(sslAnswer(byte)).toBe(want);
  });

  it('describes what answered instead', () => {
    expect(describeForeignAnswer(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBe('it answered "HTTP/1.1 400 Bad Request"');
    expect(describeForeignAnswer(Buffer.from([0, 255, 19]))).toBe('it answered bytes 00 ff 13');
  });
});

describe('isTransientConnectError', () => {
  it.each<[string | undefined, boolean]>([
    ['ECONNREFUSED', true],
    ['57P03', true],
    ['53300', true],
    ['EAI_AGAIN', true],
    ['CONNECT_TIMEOUT', false],
    ['28P01', false],
    ['3D000', false],
    ['NOT_POSTGRES', false],
    ['TLS_CERTIFICATE', false],
    [undefined, false],
  ])('%s -> %s', (code, want) => {
    expect(isTransientConnectError(code)).toBe(want);
  });
});
