/**
 * How each request reaches ovice: spaced to the credential's rate, retried when ovice
 * says it did not process it (429), and — for reads only — retried after server errors and
 * broken connections. A notification is never sent twice: after a 5xx or a timeout it may
 * have been delivered, so that item reports an error instead of trying again.
 *
 * n8n's declarative routing has no retry step. Its one hook around the request itself is
 * `requestOperations.pagination` (given a function, n8n hands it the prepared request and
 * a `makeRoutingRequest` that sends it and runs the output steps), so this is where it lives.
 */
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INode,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';

import { ENDPOINTS } from './endpoints';
import { oviceCredentials } from './credentials';
import type { Endpoint } from './endpoints';

export const RETRY_POLICY = {
	/** further attempts after the first, for server errors and broken connections (reads) */
	maxRetries: 6,
	/** further attempts after a 429: ovice processed nothing, so waiting longer is safe */
	maxRateLimitRetries: 10,
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	/** a Retry-After longer than this is not waited for */
	maxRetryAfterMs: 60_000,
};

/** Reserved send times per credential, shared by every item and execution in this process. */
const nextSlot = new Map<string, number>();

/**
 * Waits for this request's turn under the credential's "max requests per second". Slots are
 * reserved before waiting, so items started together leave evenly spaced.
 */
export async function waitForTurn(key: string, perSecond: number): Promise<void> {
	if (!(perSecond > 0)) return;
	const interval = 1000 / perSecond;
	const now = Date.now();
	const slot = Math.max(now, nextSlot.get(key) ?? 0);
	nextSlot.set(key, slot + interval);
	if (slot > now) await sleep(slot - now);
}

/** Seconds or an HTTP date, as ovice may send in Retry-After; undefined when absent or odd. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? String(value[0]) : value === undefined || value === null ? '' : String(value);
	if (!text.trim()) return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: about base·2^attempt, at most the cap. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling * (0.5 + random() / 2));
}

function endpointOf(requestData: DeclarativeRestApiSettings.ResultOptions): Endpoint | undefined {
	const { method, url } = requestData.options;
	return Object.values(ENDPOINTS).find((candidate: Endpoint) => candidate.method === method && candidate.path === url);
}

interface FailureFacts {
	status?: number;
	retryAfter?: unknown;
	/** the connection failed or timed out: no HTTP answer at all */
	network?: string;
}

function factsOf(error: unknown): FailureFacts {
	const record = (error ?? {}) as {
		httpCode?: string | null;
		context?: { retryAfter?: unknown };
		cause?: { code?: string };
		code?: string;
		message?: string;
	};
	const httpCode = record.httpCode ?? undefined;
	const status = httpCode && /^\d+$/.test(httpCode) ? Number(httpCode) : undefined;
	// Without an HTTP answer, n8n puts the socket error's code (ECONNREFUSED, ECONNABORTED…)
	// where the status would be, and words it as "…connection…".
	const code = record.cause?.code ?? record.code ?? (httpCode && !/^\d+$/.test(httpCode) ? httpCode : undefined);
	const network =
		status === undefined &&
		(code || /connection|timed? ?out|ECONN|ETIMEDOUT|socket hang up|EAI_AGAIN|ENOTFOUND/i.test(record.message ?? ''))
			? (code ?? record.message)
			: undefined;
	return { status, retryAfter: record.context?.retryAfter, network };
}

export function unreachable(node: INode, spec: Endpoint | undefined, what: string, itemIndex?: number): NodeApiError {
	const sending = spec?.result === 'sent';
	// The socket error's code goes in the description: n8n rewrites messages that contain one.
	const message = sending ? 'ovice did not answer the notification' : 'ovice could not be reached';
	const description = sending
		? `The notification may or may not have been delivered; it was not sent again, so no one is notified twice. Check in ovice before retrying this item. (${what})`
		: `Retries ran out. Check the Base URL in the ovice credential and that ovice is reachable from n8n. (${what})`;
	const error = new NodeApiError(node, { message } as JsonObject, { message, description, itemIndex });
	error.message = message;
	return error;
}

export interface DeliveryTarget {
	/** a read may be sent again after a server error; a notification may not */
	isRead: boolean;
	/** which rate limit the request counts against (one per credential) */
	rateKey: string;
	perSecond: number;
}

/** The credential's rate key and limit. */
export function deliveryTarget(credentials: Record<string, unknown>, isRead: boolean): DeliveryTarget {
	return {
		isRead,
		rateKey: `${String(credentials.baseUrl)}|${String(credentials.organizationId)}|${String(credentials.clientId)}`,
		perSecond: Number(credentials.maxRequestsPerSecond ?? 0),
	};
}

/**
 * Calls `send` under the policy in the file comment. `send` throws ovice's answers as
 * NodeApiErrors (with httpCode and, for 429, context.retryAfter).
 */
export async function withDeliveryPolicy<T>(
	node: INode,
	target: DeliveryTarget,
	send: () => Promise<T>,
	unreachable: (what: string) => Error,
): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		await waitForTurn(target.rateKey, target.perSecond);
		try {
			return await send();
		} catch (error) {
			const facts = factsOf(error);
			const retriesLeft = attempt < RETRY_POLICY.maxRetries;
			if (facts.status === 429 && attempt < RETRY_POLICY.maxRateLimitRetries) {
				const asked = retryAfterMs(facts.retryAfter);
				// Items refused together must not all return together: spread them out.
				const spread = Math.round(Math.random() * backoffMs(attempt));
				await sleep((asked !== undefined && asked <= RETRY_POLICY.maxRetryAfterMs ? asked : backoffMs(attempt)) + spread);
				continue;
			}
			const transient = facts.network !== undefined || (facts.status !== undefined && facts.status >= 500);
			if (target.isRead && transient && retriesLeft) {
				await sleep(backoffMs(attempt));
				continue;
			}
			if (facts.network) throw unreachable(facts.network);
			// Both constructors hand back an error of their own type unchanged: ovice's
			// answers are NodeApiErrors already, the node's own checks NodeOperationErrors.
			if (error instanceof NodeOperationError) throw new NodeOperationError(node, error);
			throw new NodeApiError(node, error as JsonObject);
		}
	}
}

/** Sends one prepared request of the node's routing with the policy above. */
export async function deliver(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const spec = endpointOf(requestData);
	const credentials = await oviceCredentials(this);
	return await withDeliveryPolicy(
		this.getNode(),
		deliveryTarget(credentials, spec?.method === 'GET'),
		async () => await this.makeRoutingRequest(requestData),
		(what) => unreachable(this.getNode(), spec, what, this.getItemIndex()),
	);
}
