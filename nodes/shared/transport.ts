/**
 * The one request path to ovice, for the action node, the list searches, the presence
 * trigger and the credential test:
 *
 *   parameter values → checked wire fields (validation.ts, from the endpoint table)
 *   → one HTTP exchange per attempt, never following a redirect (exchange)
 *   → ovice's answer or a classified failure (errors.ts: judge)
 *   → attempts paced and repeated under the endpoint's policy (delivery.ts)
 *   → the data, or one error built by failureError.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	NodeApiError,
	FunctionsBase,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	IRequestOptionsSimplified,
} from 'n8n-workflow';

import { executionIdOf, keyProblem, oviceCredentials, rateKeyOf, secretRedactor } from './credentials';
import { deliver } from './delivery';
import type { Attempt, DeliveryPolicy } from './delivery';
import { CREDENTIAL_TYPE } from './endpoints';
import { failureError, judge } from './errors';
import type { Failure, Outcome } from './errors';
import { CancelledWhileWaiting, NoTurnInTime } from './rateGate';
import type { Lane } from './rateGate';
import { apiBaseUrl, targetProblem } from './urls';
import { InputProblem, wireFields } from './validation';
import type { WireFields } from './validation';

/** n8n's own default for a declarative node's request timeout. */
const DEFAULT_TIMEOUT_MS = 300_000;

/** Sends one prepared request and returns n8n's full response; throws only without an answer. */
export type Requester = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

export interface Connection {
	node: INode;
	credentials: ICredentialDataDecryptedObject;
	send: Requester;
	lane: Lane;
	/** the execution and node the requests belong to, for taking turns with others */
	owner: string;
	signal?: AbortSignal;
}

/** A refusal before anything is sent: bad input or a credential that cannot address ovice. */
export class NotSent {
	constructor(
		readonly message: string,
		readonly description: string,
	) {}
}

/**
 * The socket or client error code of a failed exchange, if it has one. n8n wraps the HTTP
 * client's error in a NodeApiError: the code is on the original (`cause`, kept by n8n 2.x
 * from about 2.20) and, when there was no HTTP status, in the wrapper's `httpCode`.
 */
function errorCode(error: unknown): string | undefined {
	const record = error as { code?: unknown; name?: unknown; httpCode?: unknown; cause?: { code?: unknown } } | undefined;
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
async function exchange(send: Requester, options: IHttpRequestOptions, redact: (text: string) => string): Promise<Outcome> {
	try {
		const response = await send(options);
		const headers = Object.fromEntries(
			Object.entries(response.headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.map((part) => redact(String(part))) : redact(String(value ?? ''))]),
		);
		return { kind: 'answer', status: response.statusCode, headers, text: redact(bodyText(response.body)) };
	} catch (error) {
		const code = errorCode(error);
		if (code !== undefined) return { kind: 'noAnswer', code };
		// Without a code this is not a network failure: n8n refused to send (its own checks,
		// or the credential's). Its message is the explanation.
		return { kind: 'refused', message: redact(error instanceof Error ? error.message : String(error)) };
	}
}

/**
 * Calls one endpoint under its delivery policy. Never throws for ovice's answers: the result
 * is the data, a failure, or NotSent. `base` carries n8n's request options (timeout, proxy).
 */
export async function requestOvice(
	connection: Connection,
	policy: DeliveryPolicy,
	values: Record<string, unknown>,
	base: Partial<IHttpRequestOptions> = {},
): Promise<(Attempt<unknown> & { sent?: WireFields }) | NotSent> {
	const { credentials } = connection;
	const problem = targetProblem(credentials) ?? keyProblem(credentials);
	if (problem) return new NotSent(problem.message, problem.description);
	const redact = secretRedactor(credentials);
	const { endpoint } = policy;
	const wire = wireFields(endpoint, values);
	if (wire instanceof InputProblem) return new NotSent(wire.message, wire.description);

	const sending = endpoint.method !== 'GET';
	const options: IHttpRequestOptions = {
		...base,
		method: endpoint.method,
		baseURL: apiBaseUrl(credentials),
		url: endpoint.path,
		qs: wire.qs as IHttpRequestOptions['qs'],
		headers: { Accept: 'application/json', ...(sending ? { 'Content-Type': 'application/json' } : {}) },
		// The body is sent and read as text, so the verdict sees exactly what came back.
		...(sending ? { body: JSON.stringify(wire.body) } : {}),
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the key's headers to wherever it points.
		disableFollowRedirect: true,
		...(connection.signal ? { abortSignal: connection.signal } : {}),
	};
	if (!sending) delete options.body;
	const subject = endpoint.subject ? `${endpoint.subject.kind} ${String(values[endpoint.subject.param] ?? '').trim()}` : undefined;
	const about = { endpoint, subject, organizationId: String(credentials.organizationId ?? '').trim() };
	const pacing = {
		rateKey: rateKeyOf(credentials),
		perSecond: Number(credentials.maxRequestsPerSecond ?? 0),
		lane: connection.lane,
		owner: connection.owner,
		// n8n's request Timeout (Request Options; 5 minutes by default) covers the wait too.
		maxWaitMs: Number(base.timeout) > 0 ? Number(base.timeout) : DEFAULT_TIMEOUT_MS,
		signal: connection.signal,
	};
	try {
		const result = await deliver(policy, pacing, async () => {
			const verdict = judge(await exchange(connection.send, { ...options }, redact), about);
			return verdict.ok ? { ok: true, value: verdict.data } : verdict;
		});
		return result.ok ? { ...result, sent: wire } : result;
	} catch (error) {
		if (error instanceof NoTurnInTime) {
			return new NotSent(
				`Not sent: ${error.message}`,
				`Requests with this credential waited for their turn under its "Max Requests per Second". Raise the limit, send fewer items at once, or raise the node's Timeout (Options → Timeout).${sending ? ' This notification was not sent, so running it again sends it once.' : ''}`,
			);
		}
		if (!(error instanceof CancelledWhileWaiting)) throw new NodeOperationError(connection.node, error as Error);
		return new NotSent('The execution was cancelled', 'This request was not sent because the execution stopped first.');
	}
}

type AuthenticatingContext = FunctionsBase & {
	helpers: {
		httpRequestWithAuthentication(
			credentialsType: string,
			requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
			additionalCredentialOptions?: { credentialsDecrypted?: ICredentialsDecrypted },
		): Promise<unknown>;
	};
	getExecutionCancelSignal?: () => AbortSignal | undefined;
};

/** A connection for a node's context: its credential read once per run, n8n adding the key. */
export async function connectionOf(context: AuthenticatingContext, lane: Lane): Promise<Connection> {
	const credentials = await oviceCredentials(context);
	const node = context.getNode();
	const reference = node.credentials?.[CREDENTIAL_TYPE];
	// Handing n8n the decrypted credential spares it a database read and decryption per request.
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: CREDENTIAL_TYPE,
		data: credentials,
	};
	return {
		node,
		credentials,
		lane,
		owner: `${executionIdOf(context) ?? 'editor'}|${node.name}`,
		signal: context.getExecutionCancelSignal?.(),
		send: async (options) =>
			(await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options, {
				credentialsDecrypted,
			})) as IN8nHttpFullResponse,
	};
}

/** The error a node reports for a result that is not data. */
export function resultError(node: INode, result: Failure | NotSent, itemIndex?: number): NodeOperationError | NodeApiError {
	if (result instanceof NotSent) {
		return new NodeOperationError(node, result.message, { description: result.description, itemIndex });
	}
	return failureError(node, result, itemIndex);
}

/** Calls one endpoint from a node's context and returns ovice's data, or throws its error. */
export async function callOvice(
	context: AuthenticatingContext,
	policy: DeliveryPolicy,
	values: Record<string, unknown> = {},
	options: { lane?: Lane; itemIndex?: number; base?: Partial<IHttpRequestOptions> } = {},
): Promise<unknown> {
	const connection = await connectionOf(context, options.lane ?? 'batch');
	const result = await requestOvice(connection, policy, values, options.base);
	if (result instanceof NotSent) throw resultError(context.getNode(), result, options.itemIndex);
	if (!result.ok) throw resultError(context.getNode(), result.failure, options.itemIndex);
	return result.value;
}
