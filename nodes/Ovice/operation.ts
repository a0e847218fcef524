/**
 * What every operation of the ovice node declares in its `routing`: the endpoint's method
 * and path, and the endpoint's delivery policy as the function that sends the request.
 *
 * n8n's routing has no step for retries or rate limits; its one supported hook around the
 * request itself is an operation's `operations.pagination` function, which receives the
 * request n8n prepared (with the standard Request Options: timeout, proxy, SSL) and
 * returns the items. Declaring it on each operation keeps the policy beside the endpoint.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	IHttpRequestOptions,
	INodePropertyRouting,
} from 'n8n-workflow';

import type { DeliveryPolicy } from '../shared/delivery';
import type { Endpoint, EndpointField } from '../shared/endpoints';
import { connectionOf, NotSent, requestOvice, resultError } from '../shared/transport';
import { SENDER_OPTIONS } from '../shared/descriptions';
import { deliveryRecord } from './deliveries';
import { checkFields, InputProblem } from '../shared/validation';
import type { WireFields } from '../shared/validation';

/**
 * A step after ovice answered, on the items of one input item. `values` holds the
 * parameters read for the request, already checked (IDs as numbers).
 */
export type Shape = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	values: Record<string, unknown>,
) => Promise<INodeExecutionData[]> | INodeExecutionData[];

export interface OperationSteps {
	/** parameters that are not sent but must be valid before anything is (the workspace Get) */
	check?: EndpointField[];
	shape?: Shape[];
}

function asRecord(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

/** What a notification went to, for the item and the execution log: target, roles, text. */
function sentTo(endpoint: Endpoint, wire: WireFields): IDataObject {
	const sent = (test: (field: EndpointField) => boolean) => {
		const field = endpoint.fields.find(test);
		return field ? (wire.body[field.wire] as IDataObject[string]) : undefined;
	};
	const target: IDataObject = { type: endpoint.subject?.kind ?? 'organization' };
	if (endpoint.subject) target.id = sent((field) => field.param === endpoint.subject?.param);
	const roles = sent((field) => field.kind === 'roles');
	if (roles !== undefined) target.roles = roles;
	return { target, message: sent((field) => field.param === 'message') };
}

export function oviceOperation(policy: DeliveryPolicy, steps: OperationSteps = {}): INodePropertyRouting {
	const { endpoint } = policy;
	const read = [...endpoint.fields, ...(steps.check ?? [])];
	return {
		request: { method: endpoint.method, url: endpoint.path },
		send: { paginate: true },
		operations: {
			async pagination(
				this: IExecutePaginationFunctions,
				requestData: DeclarativeRestApiSettings.ResultOptions,
			): Promise<INodeExecutionData[]> {
				const itemIndex = this.getItemIndex();
				// Each of the endpoint's parameters is read once, and placed where the table says.
				const values: Record<string, unknown> = {};
				const senderInOptions = this.getNode().typeVersion >= 2;
				for (const field of read) {
					values[field.param] =
						senderInOptions && field.param in SENDER_OPTIONS
							? this.getNodeParameter(`options.${field.param}`, SENDER_OPTIONS[field.param])
							: this.getNodeParameter(field.param, undefined, { extractValue: true });
				}
				const checked = checkFields(steps.check ?? [], values);
				if (checked instanceof InputProblem) {
					throw new NodeOperationError(this.getNode(), checked.message, { description: checked.description, itemIndex });
				}
				// A retry of this run (n8n's Retry On Fail) gets the earlier result of a
				// notification ovice already accepted, instead of sending it again.
				const record = endpoint.result === 'sent' ? deliveryRecord(this, [endpoint.path, values], !this.continueOnFail()) : undefined;
				if (record?.earlier) return record.earlier;
				const connection = await connectionOf(this, 'batch');
				const result = await requestOvice(connection, policy, values, requestData.options as Partial<IHttpRequestOptions>);
				if (result instanceof NotSent || !result.ok) {
					const error = resultError(this.getNode(), result instanceof NotSent ? result : result.failure, itemIndex);
					record?.failed(error);
					throw error;
				}
				let items: INodeExecutionData[] =
					endpoint.result === 'list'
						? (result.value as unknown[]).map((entry) => ({ json: asRecord(entry) }))
						: [{ json: { success: true, ...(result.sent ? sentTo(endpoint, result.sent) : {}), ...asRecord(result.value) } }];
				for (const step of steps.shape ?? []) items = await step.call(this, items, { ...values, ...checked });
				record?.accepted(items);
				return items;
			},
		},
	};
}
