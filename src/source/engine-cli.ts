/**
 * An engine the native client cannot reach (ssh://), through the docker CLI: `docker image inspect`, and
 * `docker image save ID` read from the CLI's stdout as it comes (with backpressure), never via a temp file.
 * Plain child processes, not @actions/exec: src/source touches no @actions package, and @actions/exec
 * cannot pause a child's stdout, so a slow upload would let the whole image pile up in memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { PublishError } from '../errors.js';
import { engineUnavailable, type EngineAddress } from './engine-address.js';
import { imageNotFound, parseInspect, type EngineClient, type ImageInspect } from './engine-api.js';

const DOCKER = 'docker';

export class EngineCliClient implements EngineClient {
  private readonly children = new Set<ChildProcess>();

  constructor(
    readonly address: EngineAddress,
    private readonly globalArgs: readonly string[],
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  async inspectImage(name: string): Promise<ImageInspect | undefined> {
    let result: { exitCode: number; stdout: string; stderr: string };
    try {
      result = await this.run(['image', 'inspect', '--', name]);
    } catch (err) {
      throw this.cliMissing(err as Error);
    }
    if (result.exitCode !== 0) {
      if (/no such (image|object)/i.test(result.stderr)) return undefined;
      throw engineUnavailable(
        this.address.display,
        `docker image inspect failed: ${lastLine(result.stderr)}`,
      );
    }
    let first: unknown;
    try {
      first = (JSON.parse(result.stdout) as unknown[])[0];
    } catch {
      first = undefined;
    }
    return parseInspect(JSON.stringify(first ?? null), name, this.address.display);
  }

  async saveImage(id: string): Promise<Readable> {
    const child = spawn(DOCKER, [...this.globalArgs, 'image', 'save', id], {
      env: this.childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(this.cliMissing(err)));
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-4096);
    });
    const out = new PassThrough();
    child.stdout?.pipe(out, { end: false });
    child.once('close', (code, signal) => {
      this.children.delete(child);
      if (code === 0) out.end();
      else if (/no such (image|object)|reference does not exist/i.test(stderr))
        out.destroy(imageNotFound(id, this.address.display));
      else
        out.destroy(
          new PublishError(
            'ENGINE_UNAVAILABLE',
            `The Docker engine at ${this.address.display} broke off saving ${id} (docker image save ${signal ? `was stopped by ${signal}` : `exited with ${code}`}: ${lastLine(stderr)})`,
            { hint: 'Check that docker can reach the engine (docker info), then run again.' },
          ),
        );
    });
    out.once('close', () => {
      if (child.exitCode === null) child.kill();
    });
    return out;
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill();
    this.children.clear();
  }

  /** A short docker command, its output collected (inspect answers are small). */
  private run(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(DOCKER, [...this.globalArgs, ...args], {
        env: this.childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.children.add(child);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.once('error', reject);
      child.once('close', (code) => {
        this.children.delete(child);
        resolve({
          exitCode: code ?? -1,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        });
      });
    });
  }

  private childEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.env)) if (v !== undefined) env[k] = v;
    return env;
  }

  private cliMissing(err: Error): PublishError {
    return engineUnavailable(
      this.address.display,
      `the docker CLI cannot be run (${err.message})`,
      'An ssh:// engine is reached through the docker CLI: install it (docker on PATH), then run again.',
      err,
    );
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() || 'no message';
}
