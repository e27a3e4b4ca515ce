// Tests that need the npm registry ask here first, and skip with the reason
// when it cannot be reached (an offline CI runner, a sandbox).
import https from 'node:https';

const REGISTRY = process.env.npm_config_registry || 'https://registry.npmjs.org/';

/** undefined when the registry answers within a few seconds; else why not. */
export function registryUnreachable(timeoutMs = 5_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = https.get(new URL('-/ping', REGISTRY), { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500 ? undefined : `${REGISTRY} answered ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
    req.on('error', (e) => resolve(`${REGISTRY} unreachable: ${e.message}`));
  });
}
