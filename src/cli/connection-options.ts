/** The parseArgs options of a registry connection, shared by `publish` and `ls` so both accept the same flags. */
export const CONNECTION_OPTIONS = {
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  insecure: { type: 'boolean' },
  'ca-file': { type: 'string' },
  'cert-dir': { type: 'string' },
  'client-cert': { type: 'string' },
  'client-key': { type: 'string' },
} as const;
