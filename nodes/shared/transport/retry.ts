/**
 * How a request reaches ovice: spaced to the credential's ceiling and to ovice's learned
 * pace, sent again when ovice says it did not process it (429: the key's pace slows and
 * waits out Retry-After, pace.ts), and — for reads only — sent again after a server error
 * or no answer. A notification is never sent twice by the node: after a 5xx or no answer
 * it may have been delivered, so that item reports an error instead.
 *
 * `request` (index.ts) looks up each endpoint's policy in `DELIVERY`.
 */
import { sleep } from 'n8n-workflow';

import { ENDPOINTS, sends } from '../endpoints';
import type { Endpoint, EndpointKey } from '../endpoints';
import type { Failure } from './errors';
import { answered, rateLimited } from './pace';
import { unlessCancelled, waitForTurn } from './rateGate';
import type { Lane } from './rateGate';

interface RetryPolicy {
	/** further attempts after a server error or no answer (reads only) */
	retries: number;
	/** further attempts after a 429: ovice processed nothing, so waiting longer is safe */
	rateLimitRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** a Retry-After longer than this is not waited for */
	maxRetryAfterMs: number;
}

interface DeliveryPolicy {
	endpoint: Endpoint;
	/** whether a request that may have been processed (5xx, no answer) may be sent again */
	resendAfterTransientFailure: boolean;
	retry: RetryPolicy;
}

const STANDARD_RETRY: RetryPolicy = {
	retries: 4,
	rateLimitRetries: 10,
	baseDelayMs: 250,
	maxDelayMs: 15_000,
	maxRetryAfterMs: 60_000,
};

function policyFor(endpoint: Endpoint): DeliveryPolicy {
	return {
		endpoint,
		resendAfterTransientFailure: !sends(endpoint),
		retry: STANDARD_RETRY,
	};
}

/** One delivery policy per endpoint of the table: reads are safe to repeat, notifications are not. */
export const DELIVERY = Object.fromEntries(
	Object.entries(ENDPOINTS).map(([key, endpoint]) => [key, policyFor(endpoint)]),
) as Record<EndpointKey, DeliveryPolicy>;

/** Exponential backoff with jitter: about base·2^attempt, at most the cap. */
function backoffMs(
	policy: RetryPolicy,
	attempt: number,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling * (0.5 + random() / 2));
}

/** How long to wait before attempt `attempt + 1`, or undefined when the failure is final. */
function retryDelay(policy: DeliveryPolicy, failure: Failure, attempt: number): number | undefined {
	const { retry } = policy;
	const asked =
		failure.retryAfterMs !== undefined && failure.retryAfterMs <= retry.maxRetryAfterMs
			? failure.retryAfterMs
			: undefined;
	if (failure.reason === 'rateLimited') {
		if (attempt >= retry.rateLimitRetries) return undefined;
		if (failure.retryAfterMs !== undefined && asked === undefined) return undefined;
		// The key's pace now spaces the next try, and waits out Retry-After for every request.
		return 0;
	}
	if (failure.transient && policy.resendAfterTransientFailure && attempt < retry.retries) {
		return asked ?? backoffMs(retry, attempt);
	}
	return undefined;
}

/** Where a request stands in the rate limit: its credential, and who waits for it. */
interface Pacing {
	/** one rate limit per credential */
	rateKey: string;
	perSecond: number;
	lane: Lane;
	/** who takes turns with other executions: the execution and node */
	owner: string;
	/** the longest a request waits for its turn before it is given up, not sent */
	maxWaitMs: number;
	/** when the request joined the run's work: its first wait counts from then */
	queuedAt?: number;
	/** the execution's cancel signal, if any */
	signal?: AbortSignal;
}

/** Sleeps, or stops early with CancelledWhileWaiting when the execution is cancelled. */
async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	await unlessCancelled(sleep(ms), signal);
}

type Attempt<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/**
 * Runs `attempt` under `policy` until it succeeds or the failure is final; returns the last
 * result. Throws CancelledWhileWaiting when the execution is cancelled between attempts.
 */
export async function deliver<T>(
	policy: DeliveryPolicy,
	pacing: Pacing,
	attempt: () => Promise<Attempt<T>>,
): Promise<Attempt<T>> {
	for (let tries = 0; ; tries++) {
		const from = tries === 0 ? (pacing.queuedAt ?? Date.now()) : Date.now();
		await waitForTurn(
			pacing.rateKey,
			pacing.perSecond,
			pacing.lane,
			pacing.owner,
			{ deadline: from + pacing.maxWaitMs, maxWaitMs: pacing.maxWaitMs },
			pacing.signal,
		);
		const result = await attempt();
		if (!result.ok && result.failure.reason === 'rateLimited')
			rateLimited(
				pacing.rateKey,
				result.failure.retryAfterMs === undefined
					? undefined
					: Math.min(result.failure.retryAfterMs, policy.retry.maxRetryAfterMs),
			);
		else if (result.ok || result.failure.status !== undefined) answered(pacing.rateKey);
		if (result.ok) return result;
		const delay = retryDelay(policy, result.failure, tries);
		if (delay === undefined) return result;
		if (delay > 0) await pause(delay, pacing.signal);
	}
}
