/**
 * `semver` is the oracle for our version order: on valid SemVer 2.0.0 versions (prereleases and build
 * metadata included) compareVersions must agree with semver.compare. Our model is wider (2- and 4-part,
 * calver, `19beta3`), which is why the order is our own code and semver only checks it.
 */
import semver from 'semver';
import { describe, expect, test } from 'vitest';
import { compareVersions, parseVersion } from '../../src/domain/version.js';

/** A small seeded PRNG (mulberry32), so a failure is reproducible from the printed pair. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number): () => string {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // Small numbers collide often, so equal prefixes (where the prerelease decides) are common.
  const number = (): string =>
    String(random() < 0.8 ? Math.floor(random() * 4) : Math.floor(random() * 1000));
  const alnum = (): string => {
    const chars = 'abcrz-0123456789AZ';
    let out = pick(['alpha', 'beta', 'rc', 'a', 'b', 'x-y', '0a', 'RC']);
    while (random() < 0.3) out += pick([...chars]);
    return out;
  };
  const identifier = (): string => (random() < 0.5 ? number() : alnum());
  return () => {
    let v = `${number()}.${number()}.${number()}`;
    if (random() < 0.6) {
      const ids = [identifier()];
      while (random() < 0.4) ids.push(identifier());
      v += `-${ids.join('.')}`;
    }
    if (random() < 0.2) v += `+build.${number()}`;
    return v;
  };
}

describe('compareVersions agrees with semver.compare on SemVer versions', () => {
  test('5000 generated pairs (seeded)', () => {
    const next = generator(0x5eed);
    const disagreements: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const a = next();
      const b = isSelfPair(i) ? a.replace(/\+.*$/, '') : next();
      expect(semver.valid(a), a).not.toBeNull();
      expect(semver.valid(b), b).not.toBeNull();
      const ours = Math.sign(compareVersions(parseVersion(a), parseVersion(b)));
      const oracle = semver.compare(a, b);
      if (ours !== oracle) disagreements.push(`${a} vs ${b}: ours ${ours}, semver ${oracle}`);
    }
    expect(disagreements).toEqual([]);
  });
});

/** Every tenth pair compares a version with itself (minus build metadata): both must say equal. */
function isSelfPair(i: number): boolean {
  return i % 10 === 0;
}
