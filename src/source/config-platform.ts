import { readBounded } from '../bounded-read.js';
import { CONFIG_SIZE_LIMIT, formatMiB } from '../domain/content-limits.js';
import type { Platform } from '../domain/manifest.js';
import { PublishError } from '../errors.js';
import type { BlobSource } from './image-source.js';

/** The platform an image config declares (os, architecture, variant, os.version), if it names one. */
export async function readConfigPlatform(config: BlobSource): Promise<Platform | undefined> {
  if (config.descriptor.size > CONFIG_SIZE_LIMIT) {
    throw new PublishError(
      'SOURCE_INVALID',
      `The config of ${config.label} is larger than ${formatMiB(CONFIG_SIZE_LIMIT)}`,
      {
        hint: 'An image config is a small JSON document; rebuild the image.',
      },
    );
  }
  // Bounded by the limit, not the descriptor: more bytes than declared fail to parse as JSON.
  const { bytes } = await readBounded(await config.open(), CONFIG_SIZE_LIMIT);
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new PublishError('SOURCE_CORRUPT', `The config of ${config.label} is not valid JSON`, {
      hint: 'The image is damaged; rebuild or re-export it.',
      cause,
    });
  }
  const { os, architecture, variant } = doc;
  const osVersion = doc['os.version'];
  if (typeof os !== 'string' || typeof architecture !== 'string') return undefined;
  return {
    os,
    architecture,
    ...(typeof variant === 'string' && variant ? { variant } : {}),
    ...(typeof osVersion === 'string' && osVersion ? { 'os.version': osVersion } : {}),
  };
}
