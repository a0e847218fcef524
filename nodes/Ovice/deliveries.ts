/**
 * What the node already delivered in this execution, so that n8n's Retry On Fail — which
 * runs the node again with every item — never sends a notification ovice accepted twice,
 * and so that a failed run can say how many notifications it had delivered.
 *
 * A delivery is remembered per execution, node, input run, item and request content, for
 * at most an hour and at most MAX_REMEMBERED deliveries per process.
 */
import { createHash } from 'node:crypto';

import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { executionIdOf } from '../shared/credentials';

const REMEMBER_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 50_000;

interface Delivered {
	at: number;
	items: INodeExecutionData[];
}

/** Per run of the node: which items were delivered, and the errors that must count them. */
interface RunTally {
	at: number;
	delivered: Set<number>;
	failures: Map<number, { error: { description?: string | null }; description: string }>;
}

const delivered = new Map<string, Delivered>();
const tallies = new Map<string, RunTally>();

function forgetOld(now: number): void {
	for (const [key, entry] of delivered) {
		if (now - entry.at < REMEMBER_MS && delivered.size <= MAX_REMEMBERED) break;
		delivered.delete(key);
	}
	for (const [key, tally] of tallies) {
		if (now - tally.at < REMEMBER_MS && tallies.size <= MAX_REMEMBERED) break;
		tallies.delete(key);
	}
}

/** The run of this node within the execution: a retry has the same, a loop's next pass not. */
function runKey(context: IExecuteSingleFunctions): string | undefined {
	const execution = executionIdOf(context);
	if (!execution) return undefined;
	const source = context.getExecuteData()?.source ?? null;
	return `${execution}|${context.getNode().name}|${JSON.stringify(source)}`;
}

function requestKey(run: string, itemIndex: number, wire: unknown): string {
	const content = createHash('sha256').update(JSON.stringify(wire)).digest('base64url');
	return `${run}|${itemIndex}|${content}`;
}

export interface DeliveryRecord {
	/** items from an earlier attempt of this run that ovice accepted, if any */
	earlier?: INodeExecutionData[];
	/** record a delivery accepted by ovice */
	accepted(items: INodeExecutionData[]): void;
	/** word a failure with how many notifications of this run were delivered */
	failed(error: { description?: string | null }): void;
}

function tallyFor(run: string, now: number): RunTally {
	let tally = tallies.get(run);
	if (!tally) {
		tally = { at: now, delivered: new Set(), failures: new Map() };
		tallies.set(run, tally);
	}
	return tally;
}

function countWording(count: number): string {
	const notifications = count === 1 ? '1 notification' : `${count} notifications`;
	return `${count === 0 ? 'No notification' : notifications} of this run ${count === 1 ? 'was' : count === 0 ? 'was' : 'were'} delivered before it stopped${count > 0 ? '; running the workflow again sends them again' : ''}. To get a result for every item instead, set the node's Settings → On Error to "Continue".`;
}

function reword(tally: RunTally): void {
	for (const { error, description } of tally.failures.values()) {
		error.description = `${description} ${countWording(tally.delivered.size)}`;
	}
}

/** The record of one notification request of one item. */
export function deliveryRecord(context: IExecuteSingleFunctions, wire: unknown, countFailures: boolean): DeliveryRecord {
	const run = runKey(context);
	const itemIndex = context.getItemIndex();
	if (!run) return { accepted: () => {}, failed: () => {} };
	const now = Date.now();
	forgetOld(now);
	const key = requestKey(run, itemIndex, wire);
	const tally = tallyFor(run, now);
	const earlier = delivered.get(key);
	if (earlier) {
		tally.delivered.add(itemIndex);
		reword(tally);
	}
	return {
		earlier: earlier?.items,
		accepted(items) {
			delivered.set(key, { at: Date.now(), items });
			tally.delivered.add(itemIndex);
			tally.failures.delete(itemIndex);
			reword(tally);
		},
		failed(error) {
			if (!countFailures) return;
			tally.failures.set(itemIndex, { error, description: error.description ?? '' });
			reword(tally);
		},
	};
}
