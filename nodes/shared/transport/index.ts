/**
 * The one request path to ovice, for the action node's operations, the list searches and
 * the presence trigger:
 *
 *   connect(context)  the node's credential, read once; n8n adds the key (OviceApi.credentials.ts)
 *   request(connection, endpoint, values)
 *     → values checked and placed as the endpoint table says (wire.ts)
 *     → one HTTP exchange per attempt, never following a redirect, secrets taken out of the answer
 *     → ovice's answer or a classified failure (errors.ts)
 *     → attempts paced and repeated under the endpoint's policy (retry.ts, rateGate.ts)
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

import { OVICE_API_CREDENTIAL } from '../../../credentials/OviceApi.credentials';
import { ENDPOINTS, sends } from '../endpoints';
import type { Endpoint, EndpointKey } from '../endpoints';
import { apiBaseUrl, carriageProblem, targetProblem } from './address';
import { failureError, judge } from './errors';
import type { Outcome } from './errors';
import { keyProblem, rateKeyOf, redactValue, secretRedactor } from './key';
import { CancelledWhileWaiting, NoTurnInTime } from './rateGate';
import type { Lane } from './rateGate';
import { deliver, DELIVERY } from './retry';
import { InputProblem, wireFields } from './wire';
import type { WireFields } from './wire';

export type { Lane } from './rateGate';
export type { WireFields } from './wire';

/** How long a request may wait for its turn when the node sets no Timeout: n8n's declarative default. */
const DEFAULT_TIMEOUT_MS = 300_000;

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

export interface Connection {
	node: INode;
	credentials: ICredentialDataDecryptedObject;
	send: Requester;
	lane: Lane;
	/** who takes turns with other executions under the rate limit: the execution and node */
	owner: string;
	/** the execution's Stop: requests still waiting are not sent */
	signal?: AbortSignal;
	/** when the node's run began: a request's first wait for a turn counts from then */
	startedAt: number;
	settings: RequestSettings;
}

/** The current execution's ID; none in the editor (list searches). */
function executionIdOf(context: FunctionsBase): string | undefined {
	try {
		return context.getExecutionId() || undefined;
	} catch {
		return undefined;
	}
}

/** A connection for a node's context: its credential read once, n8n adding the key to each request. */
export async function connect(
	context: OviceContext,
	lane: Lane,
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
	return {
		node,
		credentials,
		lane,
		owner: `${executionIdOf(context) ?? 'editor'}|${node.name}`,
		signal: context.getExecutionCancelSignal?.(),
		startedAt: Date.now(),
		settings,
		send: async (options) =>
			(await context.helpers.httpRequestWithAuthentication.call(
				context,
				OVICE_API_CREDENTIAL,
				options,
				{
					credentialsDecrypted,
				},
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
		const headers = Object.fromEntries(
			Object.entries(response.headers ?? {}).map(([name, value]) => [
				name,
				Array.isArray(value)
					? value.map((part) => redact(String(part)))
					: redact(String(value ?? '')),
			]),
		);
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

function notSent(
	node: INode,
	message: string,
	description: string,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(node, message, { description, itemIndex });
}

/**
 * Calls one endpoint of the table with the node parameters' values (by parameter name) and
 * returns ovice's data and the wire fields it was sent. Throws NodeOperationError when
 * nothing was sent (bad input, a credential that cannot address ovice, Stop, no turn in
 * time) and NodeApiError for what ovice or the host answered.
 */
export async function request(
	connection: Connection,
	key: EndpointKey,
	values: Record<string, unknown> = {},
	itemIndex?: number,
): Promise<{ data: unknown; sent: WireFields }> {
	const { credentials, node, settings } = connection;
	const problem = targetProblem(credentials) ?? keyProblem(credentials);
	if (problem) throw notSent(node, problem.message, problem.description, itemIndex);
	const endpoint: Endpoint = ENDPOINTS[key];
	const wire = wireFields(endpoint, values);
	if (wire instanceof InputProblem) throw notSent(node, wire.message, wire.description, itemIndex);

	const sending = sends(endpoint);
	// Whether a JSON body goes with the request is the HTTP method's matter, not the effect's.
	const withBody = endpoint.method === 'POST';
	const options: IHttpRequestOptions = {
		...settings,
		method: endpoint.method,
		baseURL: apiBaseUrl(credentials),
		url: endpoint.path,
		qs: wire.qs as IHttpRequestOptions['qs'],
		headers: {
			Accept: 'application/json',
			...(withBody ? { 'Content-Type': 'application/json' } : {}),
		},
		// The body is sent and read as text, so the verdict sees exactly what came back.
		...(withBody ? { body: JSON.stringify(wire.body) } : {}),
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the key's headers to wherever it points.
		disableFollowRedirect: true,
	};
	const carriage = carriageProblem(options);
	if (carriage) throw notSent(node, carriage.message, carriage.description, itemIndex);
	const subject = endpoint.subject
		? `${endpoint.subject.kind} ${String(values[endpoint.subject.param] ?? '').trim()}`
		: undefined;
	const about = {
		endpoint,
		subject,
		organizationId: String(credentials.organizationId ?? '').trim(),
	};
	const redact = secretRedactor(credentials);
	const pacing = {
		rateKey: rateKeyOf(credentials),
		perSecond: Number(credentials.maxRequestsPerSecond ?? 0),
		lane: connection.lane,
		owner: connection.owner,
		// The node's Request Options → Timeout (5 minutes unless set) covers the wait too.
		maxWaitMs: Number(settings.timeout) > 0 ? Number(settings.timeout) : DEFAULT_TIMEOUT_MS,
		queuedAt: connection.startedAt,
		signal: connection.signal,
	};
	let result;
	try {
		result = await deliver(DELIVERY[key], pacing, async () => {
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
		if (error instanceof NoTurnInTime) {
			throw notSent(
				node,
				`Not sent: ${error.message}`,
				`Requests with this credential waited for their turn under its "Max Requests per Second". Raise the limit, send fewer items at once, or raise the node's Request Options → Timeout.${sending ? ' This notification was not sent, so running it again sends it once.' : ''}`,
				itemIndex,
			);
		}
		if (error instanceof CancelledWhileWaiting) {
			throw notSent(
				node,
				'The execution was stopped',
				`This request was not sent: the execution stopped before its turn.${sending ? ' The notification was not sent.' : ''}`,
				itemIndex,
			);
		}
		throw new NodeOperationError(node, error as Error, { itemIndex });
	}
	if (!result.ok) throw failureError(node, result.failure, itemIndex);
	return { data: result.value, sent: wire };
}

/** Calls one endpoint from a node's context (list searches, the presence trigger) and returns ovice's data. */
export async function callOvice(
	context: OviceContext,
	key: EndpointKey,
	values: Record<string, unknown> = {},
	lane: Lane = 'batch',
): Promise<unknown> {
	return (await request(await connect(context, lane), key, values)).data;
}
