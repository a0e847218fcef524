import { NodeOperationError } from 'n8n-workflow';
import type {
	FunctionsBase,
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IRequestOptionsSimplified,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, endpoint } from './endpoints';
import type { EndpointKey } from './endpoints';
import { oviceCredentials, readTarget } from './credentials';
import { deliveryTarget, unreachable, withDeliveryPolicy } from './delivery';
import { oviceApiError } from './errors';
import { apiBaseUrl, targetProblem } from './urls';
import { prepareFields } from './validation';

export { CREDENTIAL_TYPE, readTarget };

type RequestContext = FunctionsBase & {
	helpers: {
		httpRequestWithAuthentication(
			credentialsType: string,
			requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		): Promise<unknown>;
	};
};

/**
 * Calls one endpoint of the table outside declarative routing (list searches, triggers).
 * The same checks and the same error mapping apply as in the node's routing.
 */
export async function oviceApiRequest<T = unknown>(
	context: RequestContext,
	key: EndpointKey,
	values: Record<string, unknown> = {},
): Promise<T> {
	const spec = endpoint(key);
	const target = await readTarget(context);
	const problem = targetProblem(target);
	if (problem) {
		throw new NodeOperationError(context.getNode(), problem.message, { description: problem.description });
	}

	const query: Record<string, unknown> = {};
	const body: Record<string, unknown> = {};
	for (const field of spec.fields) {
		(field.in === 'query' ? query : body)[field.wire] = values[field.param];
	}
	const inputProblem = prepareFields(spec, query, body);
	if (inputProblem) {
		throw new NodeOperationError(context.getNode(), inputProblem.message, {
			description: inputProblem.description,
		});
	}

	const options: IHttpRequestOptions = {
		method: spec.method,
		baseURL: apiBaseUrl(target),
		url: spec.path,
		qs: query as IDataObject,
		headers: { Accept: 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (spec.method !== 'GET') options.body = body as IDataObject;

	const credentials = await oviceCredentials(context);
	return await withDeliveryPolicy(
		context.getNode(),
		deliveryTarget(credentials, spec.method === 'GET'),
		async () => {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
			if (response.statusCode >= 400) {
				const subjectId = spec.subject ? values[spec.subject.param] : undefined;
				throw oviceApiError(context.getNode(), {
					statusCode: response.statusCode,
					body: response.body,
					subject: spec.subject ? `${spec.subject.kind} ${String(subjectId)}` : undefined,
					organizationId: String(target.organizationId ?? '').trim(),
					retryAfter: response.headers?.['retry-after'],
					endpoint: spec,
				});
			}
			return response.body as T;
		},
		(what) => unreachable(context.getNode(), spec, what),
	);
}
