/**
 * How a request reaches ovice: spaced to the credential's ceiling and to ovice's learned
 * pace (turns.ts), sent again when ovice says it did not process it (429: the key's pace slows and
 * waits out Retry-After, pace.ts), and — for reads only — sent again after a server error
 * or no answer. A notification is never sent twice by the node: after a 5xx or no answer
 * it may have been delivered, so that item reports an error instead.
 *
 * `request` (index.ts) looks up each endpoint's policy in `DELIVERY`.
 */
import { ENDPOINTS, sends } from '../endpoints';
import type { Endpoint, EndpointKey } from '../endpoints';
import type { Failure } from './errors';
import { answered, rateLimited } from './pace';
import { freeToGo, pause, waitForTurn } from './turns';
import type { Turn } from './turns';

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

type Attempt<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/** Statuses that refuse the key itself: they say nothing about ovice's rate limit. */
const KEY_REFUSED = new Set([401, 403]);

/**
 * Runs `attempt` under `policy` until it succeeds or the failure is final; returns the last
 * result. Every wait (a turn, a backoff) ends by `turn.deadline`: a backoff that would pass
 * it ends the tries with the last failure, a turn past it throws NoTurnInTime. Throws
 * CancelledWhileWaiting when the execution is stopped while waiting.
 */
export async function deliver<T>(
	policy: DeliveryPolicy,
	turn: Turn,
	attempt: () => Promise<Attempt<T>>,
): Promise<Attempt<T>> {
	for (let tries = 0; ; tries++) {
		// Unpaced and without a ceiling (the usual case), no promise is made for the wait.
		if (!freeToGo(turn)) await waitForTurn(turn);
		const result = await attempt();
		const now = Date.now();
		if (!result.ok && result.failure.reason === 'rateLimited') {
			const asked = result.failure.retryAfterMs;
			rateLimited(
				turn.paceKey,
				asked === undefined ? undefined : Math.min(asked, policy.retry.maxRetryAfterMs),
				now,
			);
		} else if (result.ok || (result.failure.status && !KEY_REFUSED.has(result.failure.status))) {
			answered(turn.paceKey, now);
		}
		if (result.ok) return result;
		const delay = retryDelay(policy, result.failure, tries);
		if (delay === undefined || now + delay > turn.deadline) return result;
		if (delay > 0) await pause(delay, turn.signal);
	}
}
