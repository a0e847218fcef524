/**
 * Notifications ovice accepted, so that n8n's Retry On Fail, which runs the node again with
 * every item, gives them their earlier result instead of sending them again.
 *
 * What it holds: for nodes with Retry On Fail on only, one entry per execution, node, run
 * and item; for a node used as an AI agent's tool, per tool call instead of per run (n8n
 * gives each try of a call a new run index, and two calls with the same arguments are two
 * notifications). How long: an hour. How much: at most 10,000 entries and 8 MiB of results
 * in one n8n process; past either bound the oldest go first.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

const KEEP_MS = 60 * 60 * 1000;
export const MAX_ENTRIES = 10_000;
export const MAX_BYTES = 8 * 1024 * 1024;

interface Entry {
	at: number;
	bytes: number;
	items: IDataObject[];
}

const entries = new Map<string, Entry>();
let bytesHeld = 0;

/** Each tool call's arguments object, which n8n hands to every try of that call. */
const toolCalls = new WeakMap<object, number>();
let lastToolCall = 0;

function forget(key: string): void {
	const entry = entries.get(key);
	if (!entry) return;
	bytesHeld -= entry.bytes;
	entries.delete(key);
}

/**
 * Where each item's delivery is remembered in this run of the node, or undefined for every
 * item when nothing is (Retry On Fail off, no execution).
 */
export function deliveryKeys(
	context: IExecuteFunctions,
): (itemIndex: number) => string | undefined {
	const node = context.getNode();
	const execution = node.retryOnFail ? context.getExecutionId() : undefined;
	if (!execution) return () => undefined;
	if (node.type.endsWith('Tool')) {
		const items = context.getInputData();
		return (itemIndex) => {
			const call = items[itemIndex]?.json;
			if (!call) return undefined;
			let id = toolCalls.get(call);
			if (id === undefined) {
				id = ++lastToolCall;
				toolCalls.set(call, id);
			}
			return `${execution}|${node.name}|call ${id}|${itemIndex}`;
		};
	}
	const run = `${execution}|${node.name}|run ${context.getWorkflowDataProxy(0).$runIndex as number}`;
	return (itemIndex) => `${run}|${itemIndex}`;
}

/** The result of an earlier try of this item that ovice accepted, if any. */
export function recall(key: string | undefined): IDataObject[] | undefined {
	if (key === undefined) return undefined;
	const entry = entries.get(key);
	if (entry && Date.now() - entry.at > KEEP_MS) {
		forget(key);
		return undefined;
	}
	return entry?.items;
}

export function remember(key: string | undefined, items: IDataObject[]): void {
	if (key === undefined) return;
	forget(key);
	const entry = { at: Date.now(), bytes: Buffer.byteLength(JSON.stringify(items)), items };
	entries.set(key, entry);
	bytesHeld += entry.bytes;
	// A Map iterates in insertion order: the first entries are the oldest.
	for (const [oldest, held] of entries) {
		if (entries.size <= MAX_ENTRIES && bytesHeld <= MAX_BYTES && Date.now() - held.at <= KEEP_MS)
			break;
		forget(oldest);
	}
}
