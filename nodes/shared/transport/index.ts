/**
 * The one request path to ovice, for the action node's operations, the list searches and
 * the presence trigger:
 *
 *   connect(context)  the node's credential and Request Options, read and checked once per run;
 *                     n8n adds the key to each request (OviceApi.credentials.ts)
 *   prepare(connection, endpoint, values)
 *     → values checked and placed as the endpoint table says (wire.ts); nothing is sent yet
 *   send(connection, prepared)
 *     → its turn under the credential's ceiling and ovice's pace (turns.ts)
 *     → one HTTP exchange per attempt, never following a redirect, secrets taken out of the answer
 *     → ovice's answer or a classified failure (errors.ts), repeated under the endpoint's policy (retry.ts)
 *     → ovice's data, or a thrown NodeApiError / NodeOperationError naming the item.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	FunctionsBase,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	IRequestOptionsSimplified,
} from 'n8n-workflow';

import { OVICE_API_CREDENTIAL } from '../credentialNames';
import { ENDPOINTS } from '../endpoints';
import type { Endpoint, EndpointKey } from '../endpoints';
import { apiBaseUrl, carriageProblem, targetProblem } from './address';
import { failureError, judge, notSentError, turnError } from './errors';
import type { Outcome } from './errors';
import { keyProblem, paceKeyOf, redactValue, secretRedactor } from './key';
import { deliver, DELIVERY } from './retry';
import { CancelledWhileWaiting, NoTurnInTime } from './turns';
import { InputProblem, wireFields } from './wire';
import type { WireFields } from './wire';

export type { WireFields } from './wire';

/** How long a request may wait for its turn when the node sets no Timeout. */
const DEFAULT_TIMEOUT_MS = 300_000;

/** How long a list search in the editor may wait for its turn: someone is looking at it. */
const EDITOR_WAIT_MS = 3000;

/** Sends one prepared request and returns n8n's full response; throws only without an answer. */
type Requester = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

/** What a node context must offer to reach ovice. */
type OviceContext = FunctionsBase & {
	helpers: {
		httpRequestWithAuthentication(
			credentialsType: string,
			requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
			additionalCredentialOptions?: { credentialsDecrypted?: ICredentialsDecrypted },
		): Promise<unknown>;
	};
	getExecutionCancelSignal?: () => AbortSignal | undefined;
};

/** The node's "Request Options" as n8n's request takes them. */
export type RequestSettings = Pick<
	IHttpRequestOptions,
	'timeout' | 'proxy' | 'skipSslCertificateValidation'
>;

/** `editor`: a list search someone waits for; `run`: part of an execution or a poll. */
export type Caller = 'editor' | 'run';

export interface Connection {
	node: INode;
	credentials: ICredentialDataDecryptedObject;
	send: Requester;
	/** the execution's Stop: a request still waiting is not sent */
	signal?: AbortSignal;
	settings: RequestSettings;
	/** the longest a request waits (for its turn, between its tries) */
	maxWaitMs: number;
	/** a list search in the editor: someone is looking at it */
	editor: boolean;
	/** why no request can be sent with this credential and these settings, checked once */
	problem?: { message: string; description: string };
	baseURL: string;
	/** the key as ovice sees it, and the credential that carries it (turns.ts) */
	paceKey: string;
	ceilingKey: string;
	perSecond: number;
	/** takes the client secret out of a text, built once per connection */
	redact(text: string): string;
	/** each endpoint's request options, built on first use (requestBase) */
	bases: Map<EndpointKey, IHttpRequestOptions>;
}

/** A request checked and ready: nothing has been sent. */
export interface PreparedRequest {
	key: EndpointKey;
	options: IHttpRequestOptions;
	wire: WireFields;
	about: { endpoint: Endpoint; subject?: string; organizationId: string };
}

/** A connection for a node's context: its credential and settings read and checked once. */
export async function connect(
	context: OviceContext,
	caller: Caller,
	settings: RequestSettings = {},
): Promise<Connection> {
	const node = context.getNode();
	let credentials: ICredentialDataDecryptedObject;
	try {
		credentials = await context.getCredentials(OVICE_API_CREDENTIAL);
	} catch (error) {
		throw new NodeOperationError(node, error as Error);
	}
	const reference = node.credentials?.[OVICE_API_CREDENTIAL];
	// Handing n8n the decrypted credential spares it a database read and decryption per request.
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: OVICE_API_CREDENTIAL,
		data: credentials,
	};
	const baseURL = apiBaseUrl(credentials);
	const problem =
		targetProblem(credentials) ??
		keyProblem(credentials) ??
		carriageProblem({ ...settings, baseURL });
	const paceKey = problem ? '' : paceKeyOf(credentials);
	const timeout = Number(settings.timeout) > 0 ? Number(settings.timeout) : DEFAULT_TIMEOUT_MS;
	return {
		node,
		credentials,
		signal: context.getExecutionCancelSignal?.(),
		settings,
		maxWaitMs: caller === 'editor' ? Math.min(timeout, EDITOR_WAIT_MS) : timeout,
		editor: caller === 'editor',
		problem,
		baseURL,
		paceKey,
		// One ceiling per saved credential; one for every unsaved one with the same key.
		ceilingKey: `${reference?.id ?? ''}|${paceKey}`,
		perSecond: Number(credentials.maxRequestsPerSecond ?? 0),
		redact: secretRedactor(credentials),
		bases: new Map(),
		send: async (options) =>
			(await context.helpers.httpRequestWithAuthentication.call(
				context,
				OVICE_API_CREDENTIAL,
				options,
				{ credentialsDecrypted },
			)) as IN8nHttpFullResponse,
	};
}

/**
 * The socket or client error code of a failed exchange, if it has one. n8n wraps the HTTP
 * client's error in a NodeApiError: the code is on the original (`cause`, kept by n8n 2.x
 * from about 2.20) and, when there was no HTTP status, in the wrapper's `httpCode`.
 */
function errorCode(error: unknown): string | undefined {
	const record = error as
		{ code?: unknown; name?: unknown; httpCode?: unknown; cause?: { code?: unknown } } | undefined;
	for (const code of [record?.code, record?.cause?.code, record?.httpCode]) {
		if (typeof code === 'string' && code && !/^\d+$/.test(code)) return code;
	}
	return record?.name === 'AbortError' ? 'ABORT_ERR' : undefined;
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

/**
 * One HTTP exchange, reduced to the facts the verdict needs, with the client secret taken
 * out of every text that came back: whatever ovice or another host says reaches errors and items.
 */
async function exchange(
	send: Requester,
	options: IHttpRequestOptions,
	redact: (text: string) => string,
): Promise<Outcome> {
	try {
		const response = await send(options);
		const headers: Record<string, unknown> = {};
		for (const [name, value] of Object.entries(response.headers ?? {})) {
			headers[name] = Array.isArray(value)
				? value.map((part) => redact(String(part)))
				: redact(String(value ?? ''));
		}
		return {
			kind: 'answer',
			status: response.statusCode,
			headers,
			text: redact(bodyText(response.body)),
		};
	} catch (error) {
		const code = errorCode(error);
		if (code !== undefined) return { kind: 'noAnswer', code };
		// Without a code this is not a network failure: n8n refused to send (its own checks,
		// or the credential's). Its message is the explanation.
		return {
			kind: 'refused',
			message: redact(error instanceof Error ? error.message : String(error)),
		};
	}
}

/** What every request of the connection to this endpoint has in common, built once. */
function requestBase(connection: Connection, key: EndpointKey): IHttpRequestOptions {
	let base = connection.bases.get(key);
	if (base) return base;
	const { method } = ENDPOINTS[key];
	base = {
		...connection.settings,
		method,
		baseURL: connection.baseURL,
		url: ENDPOINTS[key].path,
		headers:
			method === 'POST'
				? { Accept: 'application/json', 'Content-Type': 'application/json' }
				: { Accept: 'application/json' },
		// The body is sent and read as text, so the verdict sees exactly what came back.
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the key's headers to wherever it points.
		disableFollowRedirect: true,
	};
	connection.bases.set(key, base);
	return base;
}

/**
 * Checks an endpoint call with the node parameters' values (by parameter name) and builds
 * the request, without sending anything: throws NodeOperationError naming the item and the
 * field when it cannot be sent (bad input, a credential or setting that cannot reach ovice).
 */
export function prepare(
	connection: Connection,
	key: EndpointKey,
	values: Record<string, unknown> = {},
	itemIndex?: number,
): PreparedRequest {
	const { credentials, node, problem } = connection;
	if (problem) throw notSentError(node, problem, itemIndex);
	const endpoint: Endpoint = ENDPOINTS[key];
	const wire = wireFields(endpoint, values);
	if (wire instanceof InputProblem) throw notSentError(node, wire, itemIndex);
	const options: IHttpRequestOptions = {
		...requestBase(connection, key),
		qs: wire.qs as IHttpRequestOptions['qs'],
	};
	// Whether a JSON body goes with the request is the HTTP method's matter, not the effect's.
	if (endpoint.method === 'POST') options.body = JSON.stringify(wire.body);
	const subject = endpoint.subject
		? `${endpoint.subject.kind} ${String(values[endpoint.subject.param] ?? '').trim()}`
		: undefined;
	return {
		key,
		options,
		wire,
		about: { endpoint, subject, organizationId: String(credentials.organizationId ?? '').trim() },
	};
}

/**
 * Sends a prepared request under its endpoint's policy and returns ovice's data and the wire
 * fields it was sent. Throws NodeOperationError when it was not sent (Stop, no turn in time)
 * and NodeApiError for what ovice or the host answered.
 */
export async function send(
	connection: Connection,
	prepared: PreparedRequest,
	itemIndex?: number,
): Promise<{ data: unknown; sent: WireFields }> {
	const { node, redact } = connection;
	const { about, key, options } = prepared;
	const turn = {
		paceKey: connection.paceKey,
		ceilingKey: connection.ceilingKey,
		perSecond: connection.perSecond,
		deadline: Date.now() + connection.maxWaitMs,
		signal: connection.signal,
	};
	let result;
	try {
		result = await deliver(DELIVERY[key], turn, async () => {
			// n8n's request helpers may change the options they are given (authenticate adds
			// headers): each attempt gets its own copy.
			const outcome = await exchange(connection.send, { ...options }, redact);
			const verdict = judge(outcome, about);
			if (verdict.ok) {
				// JSON parsing changes a text only where it has a backslash escape (\/, \u0041):
				// only then can a decoded value hold a secret the raw text did not show.
				const escaped = outcome.kind === 'answer' && outcome.text.includes('\\');
				return { ok: true, value: escaped ? redactValue(verdict.data, redact) : verdict.data };
			}
			const { failure } = verdict;
			return {
				ok: false,
				failure: {
					...failure,
					message: redact(failure.message),
					description: redact(failure.description),
				},
			};
		});
	} catch (error) {
		if (error instanceof NoTurnInTime || error instanceof CancelledWhileWaiting)
			throw turnError(node, error, about.endpoint, connection, itemIndex);
		throw new NodeOperationError(node, error as Error, { itemIndex });
	}
	if (!result.ok) throw failureError(node, result.failure, itemIndex);
	return { data: result.value, sent: prepared.wire };
}

/** Checks and sends one endpoint call: `prepare`, then `send`. */
export async function request(
	connection: Connection,
	key: EndpointKey,
	values: Record<string, unknown> = {},
	itemIndex?: number,
): Promise<{ data: unknown; sent: WireFields }> {
	return await send(connection, prepare(connection, key, values, itemIndex), itemIndex);
}

/** Calls one endpoint from a node's context (list searches, the presence trigger) and returns ovice's data. */
export async function callOvice(
	context: OviceContext,
	key: EndpointKey,
	values: Record<string, unknown> = {},
	caller: Caller = 'run',
): Promise<unknown> {
	return (await request(await connect(context, caller), key, values)).data;
}
