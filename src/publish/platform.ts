import { CONFIG_SIZE_LIMIT } from '../domain/content-limits.js';
import type { Platform } from '../domain/manifest.js';
import { readConfigPlatform } from '../source/config-platform.js';
import type { ImageArtifact } from '../source/image-source.js';

/**
 * The platform of a single-platform image: from its descriptor, else from its config (os, architecture,
 * variant). A config that lives only in a remote registry is not fetched (that would cost a request).
 */
export async function readPlatform(image: ImageArtifact): Promise<Platform | undefined> {
  if (image.descriptor.platform) return image.descriptor.platform;
  if (image.config.location || image.config.descriptor.size > CONFIG_SIZE_LIMIT) return undefined;
  try {
    return await readConfigPlatform(image.config);
  } catch {
    return undefined; // the platform is informational; a bad config fails later where it matters
  }
}
