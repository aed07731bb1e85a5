import * as core from '@actions/core';
import { readActionSettings } from './action/inputs.js';
import { watchTermination } from './cancellation.js';
import { buildOutputs } from './action/outputs.js';
import { ensureRunnerFiles, runnerFileFailed } from './action/runner-files.js';
import { renderSummary } from './action/summary.js';
import { PublishError, formatError } from './errors.js';
import { wordRemedyForAction } from './action/words.js';
import type { Logger } from './log.js';
import { failedTargets, runPublish } from './publish/publish.js';
import { createUploadProgress, LOG_PROGRESS_INTERVAL_MS } from './publish/upload-progress.js';
import type { PublishReport } from './publish/report.js';
import { readTagContext } from './publish/tag-context.js';
import { createSecretRegistry } from './secrets.js';

/**
 * The GitHub Action adapter, and the only module that touches @actions/core: inputs in, engine, outputs,
 * job summary and the step's status out. Every message passes through the secret registry first.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const secrets = createSecretRegistry();
  secrets.onAdd((value) => core.setSecret(value));
  const redact = (text: string): string => secrets.redact(text);
  const log: Logger = {
    // Step debug logging (a re-run with debug logging, or ACTIONS_STEP_DEBUG) sets RUNNER_DEBUG=1; otherwise
    // no ::debug:: line is written at all (every request would be one).
    debug: (m) => {
      if (core.isDebug() || env.ACTIONS_STEP_DEBUG === 'true') core.debug(redact(m));
    },
    info: (m) => core.info(redact(m)),
    warning: (m) => core.warning(redact(m)),
    group: (name, fn) => core.group(redact(name), fn),
  };
  // A cancelled job (SIGINT, then SIGTERM) stops writing and converges its floating tags first.
  const termination = watchTermination((line) => core.warning(line));
  try {
    secrets.add(core.getInput('password'));
    const settings = readActionSettings({ get: (name) => core.getInput(name) }, readTagContext(env));
    ensureRunnerFiles(env);
    const report = await runPublish(settings, {
      log,
      env,
      secrets,
      signal: termination.signal,
      wordRemedy: wordRemedyForAction,
      // The job log keeps every line: upload and export progress at most every 10 s per layer.
      onProgress: createUploadProgress((line) => core.info(redact(line)), LOG_PROGRESS_INTERVAL_MS),
      progressIntervalMs: LOG_PROGRESS_INTERVAL_MS,
    });
    await writeResults(report, redact, env);
    const failed = failedTargets(report);
    // One annotation per failed target; with several, a closing line names them (setFailed below).
    if (failed.length > 1)
      for (const t of failed) core.error(redact(`${t.target}: ${t.error?.message ?? ''}`));
    if (failed.length > 0) throw targetsFailed(report);
  } catch (err) {
    process.exitCode = 1;
    core.setFailed(redact(formatError(err, wordRemedyForAction)));
  } finally {
    termination.dispose();
  }
}

/** The entry point `npx @github/local-action run . src/main.ts .env` calls. */
export async function run(): Promise<void> {
  await runAction();
}

async function writeResults(
  report: PublishReport,
  redact: (text: string) => string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const outputs = buildOutputs(report);
  try {
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redact(value));
  } catch (err) {
    throw runnerFileFailed('GITHUB_OUTPUT', env, err);
  }
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(redact(renderSummary(report)), true).write();
    } catch (err) {
      throw runnerFileFailed('GITHUB_STEP_SUMMARY', env, err);
    }
  }
}

/** The first line names the failed targets; with one target its own error is the message. */
function targetsFailed(report: PublishReport): PublishError {
  const failed = failedTargets(report);
  const [only] = failed;
  if (report.targets.length === 1 && only?.error) {
    return new PublishError(only.error.code as PublishError['code'], stripCode(only.error.message));
  }
  const names = failed.map((t) => `${t.target} (${t.error?.code ?? 'ERROR'})`).join(', ');
  return new PublishError(
    'PUBLISH_FAILED',
    `Publishing failed for ${failed.length} of ${report.targets.length} targets: ${names}`,
    {
      hint: 'The other targets were published; fix the failed ones and re-run (re-runs skip what is done).',
    },
  );
}

function stripCode(message: string): string {
  return message.replace(/\s*\[[A-Z_]+\]$/, '');
}
