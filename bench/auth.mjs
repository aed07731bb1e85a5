// @ts-check
// Authentication for the bench's registries (--auth): a throwaway CA with a server certificate for
// 127.0.0.1 (the counting proxies serve TLS with it) and a token signing certificate, a Docker token
// server like Docker Hub's and GHCR's (GET realm?service=&scope=, Basic credentials → an ES256 JWT the
// registry verifies against the CA), and an htpasswd file. The pattern of __tests__/fixtures/test-ca.ts and
// token-issuer.ts, reduced to what the bench needs; node built-ins and the openssl and htpasswd CLIs.
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { URL } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = registry-publish bench CA
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[signing]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
`;

/**
 * A CA under `dir`: `ca.crt` (also alone in `certDir`, for skopeo's --cert-dir), a server certificate for
 * 127.0.0.1 and a token signing certificate, all EC P-256.
 * @param {string} dir
 */
export async function createCa(dir) {
  const certDir = join(dir, 'certs.d');
  await mkdir(certDir, { recursive: true });
  const file = (/** @type {string} */ name) => join(dir, name);
  await writeFile(file('openssl.cnf'), OPENSSL_CONFIG);
  for (const name of ['ca', 'server', 'signing']) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(file(`${name}.key`), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
  }
  const env = { ...process.env, OPENSSL_CONF: file('openssl.cnf') };
  const openssl = (/** @type {string[]} */ args) => exec('openssl', args, { env });
  const serial = () => `0x1${randomBytes(11).toString('hex')}`;
  // prettier-ignore
  await openssl(['req', '-x509', '-new', '-config', file('openssl.cnf'), '-extensions', 'v3_ca',
    '-key', file('ca.key'), '-sha256', '-days', '30', '-set_serial', serial(), '-out', file('ca.crt')]);
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['signing', '/CN=registry-publish bench token issuer'],
  ]) {
    // prettier-ignore
    await openssl(['req', '-new', '-config', file('openssl.cnf'), '-key', file(`${name}.key`), '-subj', subject,
      '-out', file(`${name}.csr`)]);
    // prettier-ignore
    await openssl(['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'),
      '-set_serial', serial(), '-days', '30', '-sha256', '-extfile', file('openssl.cnf'), '-extensions', name,
      '-out', file(`${name}.crt`)]);
  }
  const caPem = await readFile(file('ca.crt'), 'utf8');
  await writeFile(join(certDir, 'ca.crt'), caPem);
  const signingCertPem = await readFile(file('signing.crt'), 'utf8');
  const bundle = file('token-roots.pem');
  await writeFile(bundle, `${caPem.trim()}\n${signingCertPem.trim()}\n`);
  return {
    caFile: file('ca.crt'),
    certDir,
    serverCert: await readFile(file('server.crt')),
    serverKey: await readFile(file('server.key')),
    signingKeyPem: await readFile(file('signing.key'), 'utf8'),
    signingCertX5c: new X509Certificate(signingCertPem).raw.toString('base64'),
    /** distribution's `auth.token.rootcertbundle` */
    rootCertBundleFile: bundle,
  };
}

/** @param {string} text */
const b64url = (text) => Buffer.from(text, 'utf8').toString('base64url');

/**
 * A token server on 127.0.0.1 (plain HTTP: the counting proxy in front of it serves TLS, as it does for
 * the registry). GET `/token?service=&scope=…` with Basic credentials of a user grants every requested
 * action; a wrong password is a 401, as on Docker Hub; no credentials grant pull only. POST answers 404, so
 * OAuth2 clients fall back to GET (distribution's token spec allows either).
 * @param {{ ca: Awaited<ReturnType<typeof createCa>>, users: Record<string, string>, lifetimeS?: number }} options
 */
export async function startTokenIssuer({ ca, users, lifetimeS = 900 }) {
  const service = 'registry-publish-bench';
  const issuer = 'registry-publish-bench-issuer';
  const key = createPrivateKey(ca.signingKeyPem);
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [ca.signingCertX5c] }));
  /** @param {string} sub @param {{ type: string, name: string, actions: string[] }[]} access */
  const signToken = (sub, access) => {
    const iat = Math.floor(Date.now() / 1000);
    // distribution accepts a token 60 s past exp: exp is set that much earlier
    const claims = { iss: issuer, sub, aud: service, iat, nbf: iat, exp: iat + lifetimeS - 60, access };
    const input = `${header}.${b64url(JSON.stringify({ ...claims, jti: randomBytes(8).toString('hex') }))}`;
    const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  };
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://issuer');
    const send = (/** @type {number} */ status, /** @type {unknown} */ body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    req.resume();
    if (req.method !== 'GET' || url.pathname !== '/token') return send(404, { error: 'not_found' });
    const auth = req.headers.authorization ?? '';
    let user;
    if (/^basic /i.test(auth)) {
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const name = decoded.slice(0, colon);
      if (colon < 0 || users[name] === undefined || users[name] !== decoded.slice(colon + 1))
        return send(401, { details: 'incorrect username or password' });
      user = name;
    }
    /** @type {Map<string, { type: string, name: string, actions: string[] }>} */
    const access = new Map();
    for (const scope of url.searchParams.getAll('scope').flatMap((s) => s.split(' '))) {
      const first = scope.indexOf(':');
      const last = scope.lastIndexOf(':');
      if (first < 0 || last <= first) continue;
      const type = scope.slice(0, first);
      const name = scope.slice(first + 1, last);
      const entry = access.get(`${type} ${name}`) ?? { type, name, actions: [] };
      for (const action of scope.slice(last + 1).split(','))
        if (action && (user !== undefined || action === 'pull') && !entry.actions.includes(action))
          entry.actions.push(action);
      access.set(`${type} ${name}`, entry);
    }
    const token = signToken(user ?? '', [...access.values()]);
    send(200, { token, access_token: token, expires_in: lifetimeS, issued_at: new Date().toISOString() });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    port,
    service,
    issuer,
    /** Token requests served since the start. */
    get requests() {
      return requests;
    },
    /** `Bearer …` with pull on `repository`, for the harness's own checks (not through the link). */
    checkAuthorization(/** @type {string} */ repository) {
      return `Bearer ${signToken('bench-check', [{ type: 'repository', name: repository, actions: ['pull'] }])}`;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
    },
  };
}

/**
 * An htpasswd file (bcrypt, the only scheme distribution accepts; cost 4 keeps each check fast).
 * @param {string} path @param {Record<string, string>} users
 */
export async function writeHtpasswd(path, users) {
  const lines = [];
  for (const [user, password] of Object.entries(users)) {
    const { stdout } = await exec('htpasswd', ['-nbBC', '4', user, password]);
    lines.push(stdout.trim());
  }
  await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}
