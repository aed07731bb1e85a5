import { describe, expect, test } from 'vitest';
import { useFakeRegistries } from '../fixtures/fake-registries.js';
import { memoryImage, memorySource } from '../fixtures/memory-artifact.js';
import { runPublish } from '../../src/publish/publish.js';
import { parseSettings } from '../../src/publish/settings.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { createSecretRegistry } from '../../src/secrets.js';

const fake = useFakeRegistries();

describe('runPublish', () => {
  test('one failing target does not stop the others', async () => {
    const reg = await fake();
    const image = memoryImage('multi');
    const settings = parseSettings({
      registry: reg.host,
      namespace: 'ns',
      image: 'app',
      version: '1.0.0',
      targets: ['127.0.0.1:9/ns/app', `${reg.host}/ns/copy`],
    });
    const source = memorySource(image);
    const report = await runPublish(settings, {
      log: createMemoryLogger(),
      env: {},
      secrets: createSecretRegistry(),
      openSource: () => source,
    });
    expect(report.targets.map((t) => t.error?.code ?? 'ok')).toEqual(['ok', 'REGISTRY_UNREACHABLE', 'ok']);
    expect(reg.tags.get('ns/copy')?.get('1.0.0')).toBe(image.manifest.digest);
    expect(source.closed).toBe(true);
  });
});
