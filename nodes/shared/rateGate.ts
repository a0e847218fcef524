/**
 * The credential's "Max Requests per Second", shared by every execution in this process.
 *
 * Requests queue for their turn and are given a send time only when they reach the front,
 * so nothing is reserved ahead: a request whose execution is cancelled (when n8n tells the
 * node) leaves the queue at once. Executions take turns, one request each, so a new one
 * never waits behind another's backlog. Requests from the editor (list searches) go before
 * any execution's, so a picker never waits behind a batch.
 */
// n8n-workflow's `sleep`: the one timer every supported n8n line exports (2.41 has no
// sleepWithAbort), and the community lint forbids the global setTimeout.
import { sleep } from 'n8n-workflow';

/** `interactive`: someone in the editor waits for it; `batch`: part of an execution. */
export type Lane = 'interactive' | 'batch';

interface Gate {
	lastSentAt: number;
	interactive: object[];
	/** per execution (in turn order), its waiting requests */
	batch: Map<string, object[]>;
	/** settles whenever the front of the queue may have changed */
	changed: Promise<void>;
	announce: () => void;
}

const gates = new Map<string, Gate>();

function gateFor(key: string): Gate {
	let gate = gates.get(key);
	if (!gate) {
		const created: Gate = { lastSentAt: 0, interactive: [], batch: new Map(), changed: Promise.resolve(), announce: () => {} };
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
	if (gate.interactive.length) return gate.interactive[0];
	for (const tickets of gate.batch.values()) return tickets[0];
	return undefined;
}

function queueOf(gate: Gate, lane: Lane, owner: string): object[] {
	if (lane === 'interactive') return gate.interactive;
	let tickets = gate.batch.get(owner);
	if (!tickets) {
		tickets = [];
		gate.batch.set(owner, tickets);
	}
	return tickets;
}

function leave(gate: Gate, lane: Lane, owner: string, ticket: object): void {
	const tickets = queueOf(gate, lane, owner);
	const index = tickets.indexOf(ticket);
	if (index !== -1) tickets.splice(index, 1);
	if (lane === 'batch') {
		// The execution whose request just left goes to the back of the turn order.
		gate.batch.delete(owner);
		if (tickets.length) gate.batch.set(owner, tickets);
	}
	gate.announce();
}

/** Thrown when the execution is cancelled while a request waits for its turn. */
export class CancelledWhileWaiting extends Error {
	constructor() {
		super('The execution was cancelled before this request was sent');
	}
}

/** Thrown when a request's turn does not come within its timeout; it was not sent. */
export class NoTurnInTime extends Error {
	constructor(readonly waitedMs: number) {
		super(`No turn within ${Math.round(waitedMs / 1000)} s under the credential's rate limit`);
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
 * with CancelledWhileWaiting if `signal` fires first, or NoTurnInTime after `maxWaitMs`;
 * the request then never counts.
 */
export async function waitForTurn(
	key: string,
	perSecond: number,
	lane: Lane,
	owner: string,
	maxWaitMs: number,
	signal?: AbortSignal,
): Promise<void> {
	if (signal?.aborted) throw new CancelledWhileWaiting();
	if (!(perSecond > 0)) return;
	const intervalMs = 1000 / perSecond;
	const gate = gateFor(key);
	const ticket = {};
	const deadline = Date.now() + maxWaitMs;
	queueOf(gate, lane, owner).push(ticket);
	gate.announce();
	try {
		for (;;) {
			const changed = gate.changed;
			const now = Date.now();
			const atFront = front(gate) === ticket;
			const waitMs = atFront ? gate.lastSentAt + intervalMs - now : Infinity;
			if (waitMs <= 0) {
				gate.lastSentAt = now;
				return;
			}
			if (now >= deadline) throw new NoTurnInTime(maxWaitMs);
			// The front request sleeps until its turn (at most one interval), and also wakes
			// when an editor request arrives to take the front. The others wait for the queue
			// to move, which it does every interval while anyone is at the front; so no long
			// timer is ever left behind, and the deadline is checked each time.
			await unlessCancelled(atFront ? Promise.race([sleep(waitMs), changed]) : changed, signal);
		}
	} finally {
		// Sent or cancelled, the request leaves the queue and the next one moves up.
		leave(gate, lane, owner, ticket);
	}
}
