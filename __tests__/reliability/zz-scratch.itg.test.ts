import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { checkRepository, startFaultProxy } from '../fixtures/fault-proxy.js';
import { startRegistry } from '../fixtures/registry-harness.js';
import { makeMultiPlatformLayout, runSkopeo } from '../fixtures/skopeo.js';

test('scratch', async () => {
  const registry = await startRegistry({ kind: 'tls-htpasswd', users: { a: 'b' } });
  const proxy = await startFaultProxy({ upstream: registry.url, upstreamCaFile: registry.caFile });
  const work = await mkdtemp(join(tmpdir(), 'scratch-'));
  const layout = await makeMultiPlatformLayout(join(work, 'l'), { seed: 'x' });
  await runSkopeo(['copy', '--all', '--preserve-digests', '--dest-tls-verify=false', '--dest-creds', 'a:b', layout.ref, `docker://${proxy.host}/x/app:1`]);
  const auth = `Basic ${Buffer.from('a:b').toString('base64')}`;
  const check = await checkRepository({ url: registry.url, caFile: registry.caFile, authorization: () => auth }, 'x/app');
  console.log(check, proxy.log.length, proxy.log.slice(0, 5).map((e) => [e.method, e.url, e.status]), proxy.nonHttpConnections());
  expect(check.problems).toEqual([]);
  const out = join(work, 'sync');
  await runSkopeo(['sync', '--src', 'docker', '--dest', 'dir', '--all', '--preserve-digests', '--scoped', '--src-tls-verify=false', '--src-creds', 'a:b', '--retry-times', '0', `${registry.host}/x/app`, out]);
  const { execSync } = await import('node:child_process');
  console.log(execSync(`find ${out} | head -30; sha256sum ${out}/*/x/app:1/manifest.json`).toString());
  await proxy.stop();
  await registry.stop();
});
