// Lets Node run the TypeScript sources as they are (types stripped): `./x.js` imports resolve to `./x.ts`,
// as the compiler reads them. Only for the repository's own scripts; the product is built with ncc.
import { registerHooks } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

registerHooks({
  resolve(specifier, context, next) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const ts = fileURLToPath(new URL(specifier, context.parentURL)).replace(/\.js$/, '.ts');
      if (existsSync(ts)) return next(specifier.replace(/\.js$/, '.ts'), context);
    }
    return next(specifier, context);
  },
});
