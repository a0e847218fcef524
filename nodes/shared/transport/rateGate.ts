/**
 * How fast requests with one ovice key leave this process: at most the credential's "Max
 * Requests per Second" (0: no ceiling), and — once ovice has answered 429 — at the pace
 * ovice's own limit allows, learned from its answers (pace.ts). Shared by every execution
 * in this process.
 *
 * Requests wait in queues and one pump per key hands out turns: each turn wakes exactly
 * one waiter, so the work per request stays the same however long the queue is.
 * Executions take turns, one request each, so a new one never waits behind another's
 * backlog; requests from the editor (list searches) go before any execution's. A request
 * whose execution is stopped leaves its queue at Stop and never counts.
 */
// n8n-workflow's `sleep`: the one timer every supported n8n line exports (2.41 has no
// sleepWithAbort), and the community lint forbids the global setTimeout.
import { sleep } from 'n8n-workflow';

import { paceOf, pausedUntil, paced } from './pace';

/** `interactive`: someone in the editor waits for it; `batch`: part of an execution. */
export type Lane = 'interactive' | 'batch';

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

interface Waiter {
	gate: Gate;
	deadline: number;
	maxWaitMs: number;
	/** settled (granted, refused or cancelled): skipped when it reaches the front */
	done: boolean;
	grant(): void;
	refuse(error: Error): void;
}

/** A first-in first-out queue with O(1) push and shift. */
class Queue<T> {
	private items: T[] = [];
	private head = 0;

	push(item: T): void {
		this.items.push(item);
	}

	peek(): T | undefined {
		return this.items[this.head];
	}

	shift(): T | undefined {
		const item = this.items[this.head++];
		// Drop the consumed front now and then, so memory follows the live length.
		if (this.head > 1024 && this.head * 2 > this.items.length) {
			this.items = this.items.slice(this.head);
			this.head = 0;
		}
		return item;
	}

	get length(): number {
		return this.items.length - this.head;
	}

	/** Keeps only the items that pass, so what was dropped can be collected now. */
	keep(passes: (item: T) => boolean): void {
		this.items = this.items.slice(this.head).filter(passes);
		this.head = 0;
	}
}

interface Gate {
	key: string;
	/** the credential's ceiling, as an interval; 0 for none */
	intervalMs: number;
	lastSentAt: number;
	interactive: Queue<Waiter>;
	/** per execution and node, in turn order (a Map keeps insertion order) */
	batch: Map<string, Queue<Waiter>>;
	pumping: boolean;
}

const gates = new Map<string, Gate>();

/** Waiters to cancel when a signal fires: one listener per signal, however many wait. */
const waitersBySignal = new WeakMap<AbortSignal, Set<Waiter>>();

/** Drops settled waiters from every queue of the gate, and the executions left with none. */
function prune(gate: Gate): void {
	const waiting = (waiter: Waiter) => !waiter.done;
	gate.interactive.keep(waiting);
	for (const [owner, queue] of gate.batch) {
		queue.keep(waiting);
		if (!queue.length) gate.batch.delete(owner);
	}
}

function gateFor(key: string, intervalMs: number): Gate {
	let gate = gates.get(key);
	if (!gate) {
		gate = {
			key,
			intervalMs,
			lastSentAt: 0,
			interactive: new Queue(),
			batch: new Map(),
			pumping: false,
		};
		gates.set(key, gate);
	}
	gate.intervalMs = intervalMs;
	return gate;
}

function dropSettled(queue: Queue<Waiter>): void {
	while (queue.length && queue.peek()!.done) queue.shift();
}

/** The waiter whose turn is next, without taking it; settled waiters are dropped on the way. */
function next(gate: Gate): { waiter: Waiter; owner?: string } | undefined {
	dropSettled(gate.interactive);
	if (gate.interactive.length) return { waiter: gate.interactive.peek()! };
	for (const [owner, queue] of gate.batch) {
		dropSettled(queue);
		if (queue.length) return { waiter: queue.peek()!, owner };
		gate.batch.delete(owner);
	}
	return undefined;
}

/** Takes the front waiter; its execution goes to the back of the turn order. */
function take(gate: Gate, owner: string | undefined): void {
	if (owner === undefined) {
		gate.interactive.shift();
		return;
	}
	const queue = gate.batch.get(owner)!;
	queue.shift();
	gate.batch.delete(owner);
	dropSettled(queue);
	if (queue.length) gate.batch.set(owner, queue);
}

/** Hands out turns until no one waits; one pump per gate at a time. */
async function pump(gate: Gate): Promise<void> {
	if (gate.pumping) return;
	gate.pumping = true;
	try {
		for (let front = next(gate); front; front = next(gate)) {
			const now = Date.now();
			const waitMs = Math.max(
				gate.lastSentAt + Math.max(gate.intervalMs, paceOf(gate.key)) - now,
				pausedUntil(gate.key) - now,
			);
			// Sleep until the next send may go (one interval, or ovice's Retry-After); the front
			// may change meanwhile (an editor request).
			if (waitMs > 0) {
				await sleep(waitMs);
				continue;
			}
			take(gate, front.owner);
			if (Date.now() > front.waiter.deadline) {
				front.waiter.refuse(new NoTurnInTime(front.waiter.maxWaitMs));
				continue;
			}
			gate.lastSentAt = Date.now();
			front.waiter.grant();
		}
	} finally {
		gate.pumping = false;
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

function watch(signal: AbortSignal, waiter: Waiter): void {
	let waiting = waitersBySignal.get(signal);
	if (!waiting) {
		const set = new Set<Waiter>();
		waiting = set;
		waitersBySignal.set(signal, set);
		signal.addEventListener(
			'abort',
			() => {
				const gates = new Set<Gate>();
				for (const each of set) {
					each.refuse(new CancelledWhileWaiting());
					gates.add(each.gate);
				}
				set.clear();
				// Released now, not when the pump next wakes (up to a long interval away).
				for (const gate of gates) prune(gate);
			},
			{ once: true },
		);
	}
	waiting.add(waiter);
}

/**
 * Resolves when the request may be sent: at once while neither the credential's ceiling
 * (`perSecond`, 0 or less for none) nor ovice's learned pace applies. Rejects with
 * CancelledWhileWaiting if `signal` fires first, or NoTurnInTime when its turn comes after
 * `deadline` (a time; `maxWaitMs` words the error); the request then never counts.
 */
export async function waitForTurn(
	key: string,
	perSecond: number,
	lane: Lane,
	owner: string,
	wait: { deadline: number; maxWaitMs: number },
	signal?: AbortSignal,
): Promise<void> {
	if (signal?.aborted) throw new CancelledWhileWaiting();
	if (!(perSecond > 0) && !paced(key)) return;
	const gate = gateFor(key, perSecond > 0 ? 1000 / perSecond : 0);
	await new Promise<void>((resolve, reject) => {
		const waiter: Waiter = {
			gate,
			deadline: wait.deadline,
			maxWaitMs: wait.maxWaitMs,
			done: false,
			grant: () => settle(resolve),
			refuse: (error) => settle(() => reject(error)),
		};
		const settle = (how: () => void) => {
			if (waiter.done) return;
			waiter.done = true;
			if (signal) waitersBySignal.get(signal)?.delete(waiter);
			how();
		};
		if (signal) watch(signal, waiter);
		if (lane === 'interactive') {
			gate.interactive.push(waiter);
		} else {
			let queue = gate.batch.get(owner);
			if (!queue) {
				queue = new Queue();
				gate.batch.set(owner, queue);
			}
			queue.push(waiter);
		}
		void pump(gate);
	});
}
