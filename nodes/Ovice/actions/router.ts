/**
 * The ovice node's execute: the operation the node is set to, for every input item.
 *
 * Up to IN_FLIGHT items run at a time (the credential's rate gate spaces their requests), so
 * a large input neither opens a socket per item nor sends a burst that ovice's own rate limit
 * would refuse wholesale. A notification ovice accepted is remembered for Retry On Fail
 * (deliveryMemory.ts). When an item fails and the
 * node does not continue on error, the run stops with the first failure, which says how
 * many notifications of the run were delivered before it stopped.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { sends } from '../../shared/endpoints';
import { connect, request } from '../../shared/transport';
import { deliveryMemory } from './deliveryMemory';
import type { OviceOperation, ResourceName } from './operation';
import { readRequestSettings } from './requestOptions';
import { operations as group } from './group/group.resource';
import { operations as organization } from './organization/organization.resource';
import { operations as workspace } from './workspace/workspace.resource';

/** Items of one run whose requests may be under way at once. */
const IN_FLIGHT = 32;

/** `work` for every index below `count`, at most `limit` at a time; results in index order. */
async function eachIndex<T>(
	count: number,
	limit: number,
	work: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await work(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	return results;
}

const RESOURCES = { workspace, organization, group } satisfies Record<
	ResourceName,
	Record<string, OviceOperation>
>;

/** Every resource with the values of its operations, as the declarations give them. */
type OviceMap = { [Resource in keyof typeof RESOURCES]: keyof (typeof RESOURCES)[Resource] };

/** The operation a node is set to, if the package declares it (own keys only: "constructor" is none). */
function operationFor(resource: string, value: string): OviceOperation | undefined {
	if (!Object.hasOwn(RESOURCES, resource)) return undefined;
	const declared: Record<string, OviceOperation> = RESOURCES[resource as keyof OviceMap];
	return Object.hasOwn(declared, value) ? declared[value] : undefined;
}

function countWording(count: number): string {
	const delivered =
		count === 0
			? 'No notification of this run was'
			: count === 1
				? '1 notification of this run was'
				: `${count} notifications of this run were`;
	return `${delivered} delivered before it stopped${count > 0 ? '; running the workflow again sends them again' : ''}. To get a result for every item instead, set the node's Settings → On Error to "Continue".`;
}

/** The error that stops the run: the item's own, with the count of delivered notifications added. */
function stoppingError(
	context: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	delivered: number,
): Error {
	const description = `${error.description ? `${error.description} ` : ''}${countWording(delivered)}`;
	const node = context.getNode();
	if (error instanceof NodeApiError) {
		return new NodeApiError(
			node,
			{ message: error.message, ...(error.httpCode ? { statusCode: Number(error.httpCode) } : {}) },
			{
				message: error.message,
				description,
				httpCode: error.httpCode ?? undefined,
				itemIndex: error.context.itemIndex as number | undefined,
			},
		);
	}
	return new NodeOperationError(node, error.message, {
		description,
		itemIndex: error.context.itemIndex as number | undefined,
	});
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const name = this.getNodeParameter('operation', 0) as string;
	const operation = operationFor(resource, name);
	if (!operation)
		throw new NodeOperationError(
			this.getNode(),
			`The ovice node has no operation "${name}" for the resource "${resource}"`,
		);
	const connection = await connect(this, 'batch', readRequestSettings(this));
	const continueOnFail = this.continueOnFail();

	const items = this.getInputData();
	const sending = sends(operation.endpoint);
	const memory = sending ? deliveryMemory(this) : undefined;
	const results = await eachIndex(items.length, IN_FLIGHT, async (itemIndex) => {
		const earlier = memory?.recall(itemIndex);
		if (earlier) return { itemIndex, json: earlier };
		try {
			const json = await operation.execute.call(this, itemIndex, {
				endpoint: operation.endpoint,
				call: async (values = {}) =>
					await request(connection, operation.endpoint, values, itemIndex),
				connection,
			});
			memory?.remember(itemIndex, json);
			return { itemIndex, json };
		} catch (error) {
			if (error instanceof NodeApiError || error instanceof NodeOperationError)
				return { itemIndex, error };
			return {
				itemIndex,
				error: new NodeOperationError(this.getNode(), error as Error, { itemIndex }),
			};
		}
	});

	const failed = results.find((result) => result.error);
	// Only a run that fails is tried again by Retry On Fail.
	if (!failed || continueOnFail) memory?.settled();
	if (failed?.error && !continueOnFail) {
		if (!sending) throw failed.error;
		throw stoppingError(this, failed.error, results.filter((result) => result.json).length);
	}
	// On Error → Continue: a failed item carries the error's message, and the error itself
	// (its description says whether a notification may have been delivered).
	const output: INodeExecutionData[] = results.flatMap(({ itemIndex, json, error }) =>
		error
			? [{ json: { error: error.message }, error, pairedItem: { item: itemIndex } }]
			: (json ?? []).map((entry) => ({ json: entry, pairedItem: { item: itemIndex } })),
	);
	return [output];
}
