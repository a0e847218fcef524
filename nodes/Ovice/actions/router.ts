/**
 * The ovice node's execute: the operation the node is set to, for every input item, the way
 * n8n's own nodes send a batch.
 *
 * 1. Every item is read and checked (each parameter evaluated once) before anything is sent:
 *    unless On Error is "Continue", one bad item means nothing is sent.
 * 2. Notifications go one at a time, in input order: each is accepted by ovice (or finally
 *    refused) before the next leaves, and nothing is sent after a failure. A notification
 *    ovice accepted is remembered for Retry On Fail (deliveryMemory.ts), so a retry continues
 *    from the failed item. Reads send nothing, so up to READS_AT_ONCE of them overlap.
 *
 * Output stays in input order, each item paired with the input it came from.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { sends } from '../../shared/endpoints';
import { connect, prepare, send } from '../../shared/transport';
import type { Connection, PreparedRequest } from '../../shared/transport';
import { CHECKED_FIRST_NOTE, deliveredNote } from '../../shared/transport/errors';
import { deliveryMemory } from './deliveryMemory';
import type { ItemCall, OviceOperation } from './operation';
import { RESOURCES } from './operations';
import { readRequestSettings } from './requestOptions';

/** Reads of one run that may be under way at once: a read sends nothing. */
const READS_AT_ONCE = 8;

/** Every resource with the values of its operations, as the declarations give them. */
type OviceMap = { [Resource in keyof typeof RESOURCES]: keyof (typeof RESOURCES)[Resource] };

/** The operation a node is set to, if the package declares it (own keys only: "constructor" is none). */
function operationFor(resource: string, value: string): OviceOperation | undefined {
	if (!Object.hasOwn(RESOURCES, resource)) return undefined;
	const declared: Record<string, OviceOperation> = RESOURCES[resource as keyof OviceMap];
	return Object.hasOwn(declared, value) ? declared[value] : undefined;
}

type ItemError = NodeApiError | NodeOperationError;

/** One item after reading: ready to send, or refused with its error. */
type ReadItem = { call: ItemCall; request: PreparedRequest } | { error: ItemError };

/** One item's result: its output entries, or its error. */
type ItemResult = { json: IDataObject[] } | { error: ItemError };

function asItemError(context: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** The error that stops a run of sends: the item's own, with `note` (what was delivered) added. */
function stoppingError(context: IExecuteFunctions, error: ItemError, note: string): Error {
	const description = `${error.description ? `${error.description} ` : ''}${note}`;
	const node = context.getNode();
	const itemIndex = error.context.itemIndex as number | undefined;
	if (error instanceof NodeApiError) {
		return new NodeApiError(
			node,
			{ message: error.message, ...(error.httpCode ? { statusCode: Number(error.httpCode) } : {}) },
			{ message: error.message, description, httpCode: error.httpCode ?? undefined, itemIndex },
		);
	}
	return new NodeOperationError(node, error.message, { description, itemIndex });
}

/** Reads every item: its parameters (each once) and its request, checked; nothing is sent. */
function readAll(
	context: IExecuteFunctions,
	operation: OviceOperation,
	connection: Connection,
	count: number,
): ReadItem[] {
	const scope = { endpoint: operation.endpoint, connection };
	return Array.from({ length: count }, (_, itemIndex): ReadItem => {
		try {
			const call = operation.read.call(context, itemIndex, scope);
			return { call, request: prepare(connection, operation.endpoint, call.values, itemIndex) };
		} catch (error) {
			return { error: asItemError(context, error, itemIndex) };
		}
	});
}

/** Sends one read item and shapes its output; failures become the item's error. */
async function run(
	context: IExecuteFunctions,
	connection: Connection,
	item: ReadItem,
	itemIndex: number,
): Promise<ItemResult> {
	if ('error' in item) return item;
	try {
		return { json: item.call.output(await send(connection, item.request, itemIndex)) };
	} catch (error) {
		return { error: asItemError(context, error, itemIndex) };
	}
}

/** Notifications, one at a time in input order; none after a failure unless On Error continues. */
async function sendInOrder(
	context: IExecuteFunctions,
	connection: Connection,
	items: ReadItem[],
	continueOnFail: boolean,
): Promise<ItemResult[]> {
	const memory = deliveryMemory(context);
	const results: ItemResult[] = [];
	let delivered = 0;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const earlier = memory.recall(itemIndex);
		const result: ItemResult = earlier
			? { json: earlier }
			: await run(context, connection, items[itemIndex], itemIndex);
		if ('error' in result && !continueOnFail) {
			const retryOnFail = context.getNode().retryOnFail === true;
			throw stoppingError(context, result.error, deliveredNote(delivered, retryOnFail));
		}
		if ('json' in result) {
			if (!earlier) memory.remember(itemIndex, result.json);
			delivered++;
		}
		results.push(result);
	}
	// A run that ends without failing cannot be tried again: its memory is let go.
	memory.settled();
	return results;
}

/** Reads, up to READS_AT_ONCE at a time; after a failure no new one starts unless On Error continues. */
async function readOverlapping(
	context: IExecuteFunctions,
	connection: Connection,
	items: ReadItem[],
	continueOnFail: boolean,
): Promise<ItemResult[]> {
	const results = new Array<ItemResult>(items.length);
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (next < items.length && !(failed && !continueOnFail)) {
			const itemIndex = next++;
			results[itemIndex] = await run(context, connection, items[itemIndex], itemIndex);
			if ('error' in results[itemIndex]) failed = true;
		}
	};
	await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, items.length) }, worker));
	const first = results.find((result) => result && 'error' in result);
	if (first && 'error' in first && !continueOnFail) throw first.error;
	return results;
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
	const connection = await connect(this, 'run', readRequestSettings(this));
	const continueOnFail = this.continueOnFail();
	const sending = sends(operation.endpoint);

	const items = readAll(this, operation, connection, this.getInputData().length);
	const refused = items.find((item) => 'error' in item);
	if (refused && 'error' in refused && !continueOnFail)
		throw sending ? stoppingError(this, refused.error, CHECKED_FIRST_NOTE) : refused.error;

	const results = sending
		? await sendInOrder(this, connection, items, continueOnFail)
		: await readOverlapping(this, connection, items, continueOnFail);
	// On Error → Continue: a failed item carries the error's message, and the error itself
	// (its description says whether a notification may have been delivered).
	const output = results.flatMap((result, itemIndex): INodeExecutionData[] =>
		'error' in result
			? [
					{
						json: { error: result.error.message },
						error: result.error,
						pairedItem: { item: itemIndex },
					},
				]
			: result.json.map((json) => ({ json, pairedItem: { item: itemIndex } })),
	);
	return [output];
}
