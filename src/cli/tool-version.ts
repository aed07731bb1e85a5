// Bundled from package.json at build time, so the printed version is the one the bundle was built from.
import packageJson from '../../package.json' with { type: 'json' };

/** The tool's version, as released. */
export const TOOL_VERSION: string = packageJson.version;
