// neosl.yaml's scaling block and timeout as Knative revision settings: autoscaling annotations
// (concurrency metric, min/max scale, target, scale-down delay) and the request timeout.
import type { FunctionConfig } from '../config/types.js';
import { retryDelay, triggerPolicy } from '../host/trigger-runner.js';
import type { NoticeList } from './notices.js';

/** Knative refuses a scale-down-delay above one hour. */
export const MAX_SCALE_DOWN_DELAY_S = 3600;
/** Knative Serving's default `max-revision-timeout-seconds` (config-defaults). */
export const DEFAULT_MAX_REVISION_TIMEOUT_S = 600;

export const AUTOSCALING = 'autoscaling.knative.dev';

/** The revision template's autoscaling annotations for one function. */
export function scalingAnnotations(fn: FunctionConfig, notices: NoticeList): Record<string, string> {
  const { scaling } = fn;
  // Knative takes the delay in whole seconds.
  let delayS = Math.ceil(scaling.cooldownMs / 1000);
  if (delayS * 1000 !== scaling.cooldownMs) notices.notice(`function ${fn.name}: cooldownPeriod ${scaling.cooldownMs}ms is rounded up to ${delayS}s (Knative's scale-down-delay takes whole seconds)`);
  if (delayS > MAX_SCALE_DOWN_DELAY_S) {
    notices.warn(
      `function ${fn.name}: cooldownPeriod ${formatSeconds(delayS)} is more than Knative's scale-down-delay allows (1h): capped at 1h, so idle instances above minInstances stop sooner than with neosl serve`,
    );
    delayS = MAX_SCALE_DOWN_DELAY_S;
  }
  return {
    [`${AUTOSCALING}/metric`]: 'concurrency',
    [`${AUTOSCALING}/target`]: String(scaling.targetConcurrency),
    // 100: scale at targetConcurrency itself, not at Knative's default 70% of it.
    [`${AUTOSCALING}/target-utilization-percentage`]: '100',
    [`${AUTOSCALING}/min-scale`]: String(scaling.minInstances),
    [`${AUTOSCALING}/max-scale`]: String(scaling.maxInstances),
    [`${AUTOSCALING}/scale-down-delay`]: `${delayS}s`,
  };
}

/**
 * The longest a triggered run can take, in ms: the events route answers after the run's last attempt,
 * so a schedule or blockchain trigger with retries holds its request for every attempt and wait.
 */
function longestTriggerRunMs(fn: FunctionConfig): number {
  let longest = fn.timeoutMs;
  for (const trigger of fn.triggers) {
    if (trigger.kind === 'http') continue;
    const retry = triggerPolicy(fn, trigger).retry;
    if (retry === undefined) continue;
    let total = fn.timeoutMs * (retry.attempts + 1);
    for (let attempt = 1; attempt <= retry.attempts; attempt++) total += retryDelay(retry, attempt);
    longest = Math.max(longest, total);
  }
  return longest;
}

/**
 * spec.template.spec.timeoutSeconds: the function's timeout in whole seconds, rounded up, or as long as
 * a triggered run with its retries when that is longer (said); a warning past Knative's default maximum.
 */
export function revisionTimeoutSeconds(fn: FunctionConfig, notices: NoticeList): number {
  const own = Math.max(1, Math.ceil(fn.timeoutMs / 1000));
  const seconds = Math.max(own, Math.ceil(longestTriggerRunMs(fn) / 1000));
  if (seconds > own) {
    notices.notice(`function ${fn.name}: timeoutSeconds ${seconds} (not ${own}) covers a triggered run with all its retries: the events route answers after the last attempt`);
  }
  if (seconds > DEFAULT_MAX_REVISION_TIMEOUT_S) {
    notices.warn(
      `function ${fn.name}: timeout ${seconds}s is above Knative's default maximum of ${DEFAULT_MAX_REVISION_TIMEOUT_S}s: the cluster refuses the revision unless ` +
        `max-revision-timeout-seconds in the config-defaults ConfigMap (namespace knative-serving) is at least ${seconds}`,
    );
  }
  return seconds;
}

function formatSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
