/**
 * The credential's "Max Requests per Second", shared by every execution in this process.
 *
 * Requests queue for their turn and are given a send time only when they reach the front,
 * so nothing is reserved ahead: a request whose execution is cancelled leaves the queue at
 * once and holds up no one. Requests from the editor (list searches) form their own lane
 * and go before queued notifications, so a picker never waits behind a batch.
 */
import { sleepWithAbort } from 'n8n-workflow';

/** `interactive`: someone in the editor waits for it; `batch`: part of an execution. */
export type Lane = 'interactive' | 'batch';

interface Gate {
	lastSentAt: number;
	lanes: Record<Lane, object[]>;
	/** settles whenever the front of the queue may have changed */
	changed: Promise<void>;
	announce: () => void;
}

const gates = new Map<string, Gate>();

function gateFor(key: string): Gate {
	let gate = gates.get(key);
	if (!gate) {
		const created: Gate = { lastSentAt: 0, lanes: { interactive: [], batch: [] }, changed: Promise.resolve(), announce: () => {} };
		renew(created);
		gates.set(key, created);
		gate = created;
	}
	return gate;
}

function renew(gate: Gate): void {
	gate.changed = new Promise<void>((resolve) => {
		gate.announce = () => {
			renew(gate);
			resolve();
		};
	});
}

function front(gate: Gate): object | undefined {
	return gate.lanes.interactive[0] ?? gate.lanes.batch[0];
}

function leave(gate: Gate, lane: Lane, ticket: object): void {
	const index = gate.lanes[lane].indexOf(ticket);
	if (index !== -1) gate.lanes[lane].splice(index, 1);
	gate.announce();
}

/** Thrown when the execution is cancelled while a request waits for its turn. */
export class CancelledWhileWaiting extends Error {
	constructor() {
		super('The execution was cancelled before this request was sent');
	}
}

/** Waits for `promise`, or rejects as soon as `signal` fires. */
export async function unlessCancelled(promise: Promise<void>, signal?: AbortSignal): Promise<void> {
	if (!signal) return await promise;
	if (signal.aborted) throw new CancelledWhileWaiting();
	let stop = () => {};
	const cancelled = new Promise<never>((_resolve, reject) => {
		stop = () => reject(new CancelledWhileWaiting());
		signal.addEventListener('abort', stop, { once: true });
	});
	try {
		await Promise.race([promise, cancelled]);
	} finally {
		signal.removeEventListener('abort', stop);
	}
}

/**
 * Resolves when the request may be sent under `perSecond` (0 or less: at once). Rejects
 * with CancelledWhileWaiting if `signal` fires first; the request then never counts.
 */
export async function waitForTurn(key: string, perSecond: number, lane: Lane, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledWhileWaiting();
	if (!(perSecond > 0)) return;
	const intervalMs = 1000 / perSecond;
	const gate = gateFor(key);
	const ticket = {};
	gate.lanes[lane].push(ticket);
	gate.announce();
	try {
		for (;;) {
			const changed = gate.changed;
			if (front(gate) !== ticket) {
				await unlessCancelled(changed, signal);
				continue;
			}
			const waitMs = gate.lastSentAt + intervalMs - Date.now();
			if (waitMs <= 0) {
				gate.lastSentAt = Date.now();
				return;
			}
			// An editor request arriving meanwhile takes the front: wake up for it too.
			await unlessCancelled(Promise.race([sleepWithAbort(waitMs), changed]), signal);
		}
	} finally {
		// Sent or cancelled, the request leaves the queue and the next one moves up.
		leave(gate, lane, ticket);
	}
}

/** How many requests wait per credential key: for tests and diagnostics. */
export function waitingRequests(key: string): number {
	const gate = gates.get(key);
	return gate ? gate.lanes.interactive.length + gate.lanes.batch.length : 0;
}
