import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
} from 'n8n-workflow';

import { endpoint, fieldFor } from './endpoints';
import type { Endpoint, EndpointField, EndpointKey } from './endpoints';
import { oviceApiError } from './errors';
import { readTarget } from './credentials';
import { apiBaseUrl, targetProblem } from './urls';
import { coerceField, InputProblem, prepareFields } from './validation';

type PreSend = (
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;

type PostReceive = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

function asRecord(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

/**
 * Runs before each item's request: the credential must address an organization and
 * every field must be one ovice accepts. A problem stops the item here, so nothing is
 * sent; the message names the field.
 */
function validateRequest(key: EndpointKey): PreSend {
	const spec = endpoint(key);
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const itemIndex = this.getItemIndex();
		const target = await readTarget(this);
		const problem = targetProblem(target);
		if (problem) {
			throw new NodeOperationError(this.getNode(), problem.message, {
				itemIndex,
				description: problem.description,
			});
		}
		const query = asRecord(requestOptions.qs);
		const body = asRecord(requestOptions.body);
		const inputProblem = prepareFields(spec, query, body);
		if (inputProblem) {
			throw new NodeOperationError(this.getNode(), inputProblem.message, {
				itemIndex,
				description: inputProblem.description,
			});
		}
		requestOptions.baseURL = apiBaseUrl(target);
		requestOptions.qs = query as IDataObject;
		// A GET carries no body on the wire.
		if (spec.method === 'GET') delete requestOptions.body;
		else requestOptions.body = body as IDataObject;
		return requestOptions;
	};
}

/**
 * Checks parameters that select an object on this side without going on the wire (the
 * workspace "Get" reads the whole list), with the same rules as wire fields.
 */
export function checkParams(...fields: EndpointField[]): PreSend {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		for (const field of fields) {
			const value = this.getNodeParameter(field.param, undefined, { extractValue: true });
			const checked = coerceField(field, value);
			if (checked instanceof InputProblem) {
				throw new NodeOperationError(this.getNode(), checked.message, {
					itemIndex: this.getItemIndex(),
					description: checked.description,
				});
			}
		}
		return requestOptions;
	};
}

/** `workspace 123`, naming the object a request was about, for a 404. */
function subjectOf(context: IExecuteSingleFunctions, spec: Endpoint): string | undefined {
	if (!spec.subject) return undefined;
	const id = context.getNodeParameter(spec.subject.param, undefined, { extractValue: true });
	return `${spec.subject.kind} ${String(id).trim()}`;
}

/**
 * Runs first on every answer: turns an ovice error status into a clear n8n error, and a
 * successful answer into items (a list becomes one item per entry).
 */
function readResponse(key: EndpointKey): PostReceive {
	const spec = endpoint(key);
	return async function (this: IExecuteSingleFunctions, _items, response) {
		const itemIndex = this.getItemIndex();
		if (response.statusCode >= 400) {
			const { organizationId } = await readTarget(this);
			throw oviceApiError(
				this.getNode(),
				{
					statusCode: response.statusCode,
					body: response.body,
					subject: subjectOf(this, spec),
					organizationId: String(organizationId ?? '').trim(),
					retryAfter: response.headers?.['retry-after'],
					endpoint: spec,
				},
				itemIndex,
			);
		}
		if (spec.result === 'list') {
			if (!Array.isArray(response.body)) {
				throw new NodeOperationError(this.getNode(), 'ovice sent an answer this node cannot read', {
					itemIndex,
					description: `A list was expected from ${spec.method} ${spec.path}. Check that the credential's Base URL points at the ovice API (https://api.ovice.com).`,
				});
			}
			return (response.body as unknown[]).map((entry) => ({ json: asRecord(entry) as IDataObject }));
		}
		return [{ json: { success: true, ...asRecord(response.body) } as IDataObject }];
	};
}

/**
 * The routing of one operation: the endpoint's method and path from the table, input
 * checks before sending, and error handling plus any extra shaping after receiving.
 */
export function routeTo(
	key: EndpointKey,
	extra: { check?: PreSend[]; shape?: PostReceive[] } = {},
): INodePropertyRouting {
	const spec = endpoint(key);
	return {
		request: { method: spec.method, url: spec.path },
		// `paginate` routes the request through the node's `deliver` step (shared/delivery.ts).
		send: { preSend: [...(extra.check ?? []), validateRequest(key)], paginate: true },
		output: {
			postReceive: [readResponse(key), ...(extra.shape ?? [])] as PostReceiveAction[],
		},
	};
}

/** Where a parameter's value goes on the wire, as the endpoint table says. */
export function sendAs(key: EndpointKey, param: string): INodePropertyRouting {
	const field = fieldFor(key, param);
	return { send: { type: field.in, property: field.wire, propertyInDotNotation: false } };
}
