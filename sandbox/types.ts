/** What the sandbox's parts share: its log's records, fault rules, state and answers. */
import type { EndpointKey } from '../nodes/shared/endpoints';
import type { SandboxData } from './data';

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: unknown;
	endpoint?: EndpointKey;
	/**
	 * Whether the client_secret header matched the secret of the key its client_id names:
	 * the log keeps this, never the value (see SECRET_WITHHELD).
	 */
	secretMatched: boolean;
	status: number;
	at: string;
}

/**
 * What the request log and control answers show instead of a secret header's value: a
 * real key typed into a sandbox credential must not be readable from the sandbox.
 */
export const SECRET_WITHHELD = '[withheld by the sandbox]';

export interface DeliveredNotification {
	endpoint: EndpointKey;
	target: { kind: 'organization' | 'workspace' | 'group'; id?: number; roles?: string[] };
	message: string;
	serviceName: string;
	serviceLogoUrl: string;
	recipients: number[];
	at: string;
}

/** A fault the sandbox injects into matching API requests. */
export interface FaultRule {
	/** answer with this status instead of the real answer */
	status?: number;
	/** seconds, sent as Retry-After with the `status` answer */
	retryAfter?: number;
	/** answer `status` (default 302) with this Location: a redirect to another host or port */
	redirectTo?: string;
	/** the body of the `status` answer (default: a short JSON or HTML error) */
	body?: unknown;
	/** the body of the `status` answer exactly as written, e.g. JSON with escapes ovice might use */
	rawBody?: string;
	/** the content type of `rawBody` (default application/json) */
	contentType?: string;
	/** wait this long before answering */
	delayMs?: number;
	/** answer 200 with a body that is not what the API promises */
	malformed?: 'html' | 'truncated' | 'empty' | 'object';
	/** carry the request out before answering with `status` (the caller cannot know it worked) */
	afterProcessing?: boolean;
	/** only requests whose path contains this */
	path?: string;
	method?: string;
	/** how many requests it hits; -1 for all (default 1) */
	times?: number;
	/** let this many matching requests through before it hits (default 0) */
	after?: number;
	/** probability (0..1) of hitting a matching request; deterministic sequence */
	rate?: number;
}

export interface SandboxState {
	data: SandboxData;
	requests: RecordedRequest[];
	notifications: DeliveredNotification[];
	faults: Array<FaultRule & { hits: number; passed: number }>;
	/** requests per second the API accepts before answering 429; 0 for no limit */
	ratePerSecond: number;
	/** the Retry-After of those 429s, exactly as sent; undefined for none */
	rateRetryAfter?: string;
	windowStart: number;
	windowCount: number;
	randomSeed: number;
	/** how many requests and notifications the log keeps (the newest) */
	keep: number;
}

export type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export function json(status: number, body: unknown, headers?: Record<string, string>): Answer {
	return { status, body, headers };
}
