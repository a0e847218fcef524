/**
 * Notifications ovice accepted, so that n8n's Retry On Fail, which runs the node again with
 * every item, gives them their earlier result instead of sending them again.
 *
 * Where it lives: beside the execution, not in a process-wide list. n8n keeps one context
 * object per node in each execution's data (`getContext('node')`, the same object for every
 * try of the node); this module keys a WeakMap by that object, so what is remembered
 * belongs to that execution alone: no other execution, and no size, can evict it, and it
 * goes when n8n lets go of the execution. The results themselves stay in this module (the
 * context object stays empty), so nothing extra is saved with the execution.
 *
 * What it holds: for a node with Retry On Fail on only, one entry per run and item of the
 * node (per tool call instead of per run for a node used as an AI agent's tool: n8n gives
 * each try of a call a new run index, and two calls with the same arguments are two
 * notifications). A run that ends without failing cannot be tried again, so its entries
 * are dropped then: what is held is at most what the execution's failed runs delivered.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

type Remembered = Map<string, IDataObject[]>;

const byExecutionNode = new WeakMap<object, Remembered>();

/** Each tool call's arguments object, which n8n hands to every try of that call. */
const toolCalls = new WeakMap<object, number>();
let lastToolCall = 0;

/** What one run of the node may recall and must remember. */
interface DeliveryMemory {
	recall(itemIndex: number): IDataObject[] | undefined;
	remember(itemIndex: number, items: IDataObject[]): void;
	/** The run ended without failing: nothing of it will be tried again. */
	settled(): void;
}

const NOTHING: DeliveryMemory = {
	recall: () => undefined,
	remember: () => {},
	settled: () => {},
};

/** The execution's own memory for this node; one when n8n offers no context (none then). */
function rememberedFor(context: IExecuteFunctions): Remembered | undefined {
	let scope: object;
	try {
		scope = context.getContext('node');
	} catch {
		return undefined;
	}
	let remembered = byExecutionNode.get(scope);
	if (!remembered) {
		remembered = new Map();
		byExecutionNode.set(scope, remembered);
	}
	return remembered;
}

/** The delivery memory of this run of the node: inert unless Retry On Fail is on. */
export function deliveryMemory(context: IExecuteFunctions): DeliveryMemory {
	const node = context.getNode();
	if (!node.retryOnFail) return NOTHING;
	const remembered = rememberedFor(context);
	if (!remembered) return NOTHING;

	let keyOf: (itemIndex: number) => string | undefined;
	if (node.type.endsWith('Tool')) {
		const items = context.getInputData();
		keyOf = (itemIndex) => {
			const call = items[itemIndex]?.json;
			if (!call) return undefined;
			let id = toolCalls.get(call);
			if (id === undefined) {
				id = ++lastToolCall;
				toolCalls.set(call, id);
			}
			return `call ${id}|${itemIndex}`;
		};
	} else {
		const run = `run ${context.getWorkflowDataProxy(0).$runIndex as number}`;
		keyOf = (itemIndex) => `${run}|${itemIndex}`;
	}
	const used = new Set<string>();
	return {
		recall(itemIndex) {
			const key = keyOf(itemIndex);
			if (key === undefined) return undefined;
			used.add(key);
			return remembered.get(key);
		},
		remember(itemIndex, items) {
			const key = keyOf(itemIndex);
			if (key === undefined) return;
			used.add(key);
			remembered.set(key, items);
		},
		settled() {
			for (const key of used) remembered.delete(key);
		},
	};
}
