// Secrets never printed (issue 14): the code frame of a TOML error, and the
// target display when a host, user or database holds the password.
import { describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import { resolveEnvironment } from '../../../src/config/environments.js';
import { validateConfig } from '../../../src/config/validate.js';
import { maskConfigText } from '../../../src/core/redact.js';

describe('maskConfigText', () => {
  it.each<[string, string, string]>([
    ['a password key', 'password = "hunter2"', 'password = "***"'],
    ['single quotes', "password = 'hunter2'", "password = '***'"],
    ['an unterminated string (the syntax error itself)', 'password = "hunter2', 'password = "***'],
    ['inside an inline table', '{ host = "db", password = "s3cr=t", user = "u" }', '{ host = "db", password = "***", user = "u" }'],
    ['a bare value', 'password = hunter2 # oops', 'password = *** # oops'],
    ['a URL password', 'connection_url = "postgres://app:s3cret@db:5432/app"', 'connection_url = "postgres://app:***@db:5432/app"'],
    ['a URL password with an unencoded @', 'connection_url = "postgres://app:p@ss@db/app', 'connection_url = "postgres://app:***@db/app'],
    ['password= in a URL query', 'x = "postgres://db/app?password=abc&sslmode=require"', 'x = "postgres://db/app?password=***&sslmode=require"'],
    ['nothing secret', 'host = "db" # password below', 'host = "db" # password below'],
    ['an { env } reference', 'password = { env = "PGPASSWORD" }', 'password = { env = "PGPASSWORD" }'],
  ])('%s', (_, line, masked) => {
    expect(maskConfigText(line)).toBe(masked);
  });

  it('masks each line of a frame', () => {
    const frame = '3:  [environments.prod]\n4:  password = "Leak-Me-1"\n5:  host = "db\n       ^';
    expect(maskConfigText(frame)).not.toContain('Leak-Me-1');
  });
});

describe('the target display', () => {
  function display(toml: string, env: Record<string, string>): string {
    const { config } = validateConfig(parse(toml), toml, '/proj');
    const { environment } = resolveEnvironment('prod', config!.environments['prod']!, env);
    return environment!.display;
  }

  it('masks a host, user or database that holds the password', () => {
    const toml = '[environments.prod]\nconnection_params = { host = { env = "H" }, user = { env = "U" }, database = "app", password = { env = "P" } }\n';
    expect(display(toml, { H: 'Pw-99', U: 'app', P: 'Pw-99' })).toBe('***/app as app');
    expect(display(toml, { H: 'db', U: 'Pw-99', P: 'Pw-99' })).toBe('db/app as ***');
  });

  it('in a URL: the user and the host too, the scheme stays readable', () => {
    const toml = '[environments.prod]\nconnection_url = { env = "URL" }\n';
    expect(display(toml, { URL: 'postgres://Pw-99:Pw-99@db/app' })).toBe('postgres://***:***@db/app');
    expect(display(toml, { URL: 'postgres://postgres:postgres@db/postgres' })).toBe('postgres://***:***@db/***');
    expect(display(toml, { URL: 'postgres://app:Pw-99@db/app' })).toBe('postgres://app:***@db/app');
  });
});
