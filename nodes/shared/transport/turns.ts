/**
 * When a request to ovice may leave. Two spacings apply, each a "next free slot":
 *
 * - the credential's Max Requests per Second: the requests made with that credential, and
 *   only those (a slower credential never slows another);
 * - ovice's pause (Retry-After) and its learned pace (pace.ts): every request with the key
 *   as ovice sees it, whichever credential carries it.
 *
 * A request reserves its credential's next slot, then its key's, and sleeps until then. A
 * slot past the request's deadline is refused at once, naming what decided it: nothing is
 * slept out. Stop ends a wait at once and gives its slot back. Sends go one at a time per
 * run, so at most one request per running execution waits on a key: no queue is needed.
 */
// n8n-workflow's timer (the community lint forbids the global setTimeout). Its stoppable
// form is `sleepWithAbort` on n8n 1.x and 2.11, and `sleep` itself on 2.41.
import * as workflow from 'n8n-workflow';

import { paceOf, pausedUntil } from './pace';

/** What decided a wait: ovice's Retry-After, the credential's ceiling, or ovice's learned pace. */
export type WaitCause = 'pause' | 'ceiling' | 'pace';

/** The request's slot lies past its deadline; it was not sent. */
export class NoTurnInTime extends Error {
	constructor(
		readonly cause: WaitCause,
		/** how long the request would have had to wait */
		readonly waitMs: number,
	) {
		super(`No turn in time (${cause}, ${waitMs} ms)`);
	}
}

/** The execution was stopped while the request waited; it was not sent. */
export class CancelledWhileWaiting extends Error {
	constructor() {
		super('The execution was cancelled before this request was sent');
	}
}

export interface Turn {
	/** the key as ovice sees it (key.ts paceKeyOf) */
	paceKey: string;
	/** the credential that carries it */
	ceilingKey: string;
	/** the credential's Max Requests per Second; 0 or less for no ceiling */
	perSecond: number;
	/** the time by which the request must be on its way */
	deadline: number;
	signal?: AbortSignal;
}

/** Time and sleep, injectable so tests can drive the waits with their own clock. */
export interface Clock {
	now(): number;
	/** sleeps `ms`; when `signal` fires, the timer is let go (the wait itself ends in `pause`) */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** n8n's stoppable timer on the line that runs the package (see the import). */
const stoppableSleep: Sleep =
	(workflow as unknown as { sleepWithAbort?: Sleep }).sleepWithAbort ?? (workflow.sleep as Sleep);

/** The longest one timer can wait (a longer one fires at once). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

const realClock: Clock = {
	now: () => Date.now(),
	async sleep(ms, signal) {
		for (let left = ms; left > 0 && !signal?.aborted; left -= LONGEST_TIMER_MS)
			await stoppableSleep(Math.min(left, LONGEST_TIMER_MS), signal);
	},
};

/** The next free slot of each credential's ceiling and each key's pace. */
const nextFree = new Map<string, number>();

/**
 * What to do when each signal fires: one listener per signal however many waits share it
 * (a run's overlapping reads), so n8n's own listeners never pass Node's warning limit.
 */
const onAbort = new WeakMap<AbortSignal, Set<() => void>>();

function whenAborted(signal: AbortSignal, stop: () => void): () => void {
	let stops = onAbort.get(signal);
	if (!stops) {
		const registered = new Set<() => void>();
		stops = registered;
		onAbort.set(signal, registered);
		signal.addEventListener('abort', () => registered.forEach((each) => each()), { once: true });
	}
	stops.add(stop);
	return () => stops.delete(stop);
}

/** Sleeps `ms`, or rejects with CancelledWhileWaiting as soon as `signal` fires. */
export async function pause(ms: number, signal?: AbortSignal, clock = realClock): Promise<void> {
	if (signal?.aborted) throw new CancelledWhileWaiting();
	if (!signal) return await clock.sleep(ms);
	// The timer gets a signal of its own, so that Stop lets it go (and what it holds) at once.
	const timer = new AbortController();
	let forget = () => {};
	const cancelled = new Promise<never>((_resolve, reject) => {
		forget = whenAborted(signal, () => {
			timer.abort();
			reject(new CancelledWhileWaiting());
		});
	});
	try {
		await Promise.race([clock.sleep(ms, timer.signal), cancelled]);
	} finally {
		forget();
	}
}

/**
 * Takes the next slot of `slot` (spaced by `intervalMs`, none before `earliest`), or refuses
 * when it lies past the deadline, naming `cause` (or ovice's pause, when `earliest` alone is
 * past it); sleeps until it. A Stop gives the slot back if no one took a later one. Returns
 * the slot's time.
 */
async function takeSlot(
	slot: string,
	intervalMs: number,
	earliest: number,
	turn: Turn,
	cause: WaitCause,
	clock: Clock,
): Promise<number> {
	const now = clock.now();
	if (earliest > turn.deadline) throw new NoTurnInTime('pause', earliest - now);
	const at = Math.max(now, earliest, intervalMs > 0 ? (nextFree.get(slot) ?? 0) : 0);
	if (at > turn.deadline) throw new NoTurnInTime(cause, at - now);
	if (intervalMs > 0) nextFree.set(slot, at + intervalMs);
	if (at <= now) return at;
	let slept = false;
	try {
		await pause(at - now, turn.signal, clock);
		slept = true;
	} finally {
		if (!slept) giveBack(slot, at, intervalMs);
	}
	return at;
}

/** Frees a slot again, unless a later request has already reserved the one after it. */
function giveBack(slot: string, at: number, intervalMs: number): void {
	if (intervalMs > 0 && nextFree.get(slot) === at + intervalMs) nextFree.set(slot, at);
}

/** Waits for the key's turn: ovice's pause, then a slot of its learned pace. */
async function waitForKey(turn: Turn, clock: Clock): Promise<void> {
	for (;;) {
		const now = clock.now();
		const intervalMs = paceOf(turn.paceKey, now);
		const paused = pausedUntil(turn.paceKey);
		if (intervalMs === 0 && paused <= now) return;
		const cause = intervalMs > 0 ? 'pace' : 'pause';
		await takeSlot(`key|${turn.paceKey}`, intervalMs, paused, turn, cause, clock);
		// A 429 elsewhere may have paused the key meanwhile: then wait that out too.
		if (pausedUntil(turn.paceKey) <= clock.now()) return;
	}
}

/** Whether a request may go at once: no ceiling, no pace, no pause (nothing to wait for). */
export function freeToGo(turn: Turn, now = Date.now()): boolean {
	if (turn.signal?.aborted || turn.perSecond > 0) return false;
	return paceOf(turn.paceKey, now) === 0 && pausedUntil(turn.paceKey) <= now;
}

/**
 * Resolves when the request may be sent: at once while neither the credential's ceiling nor
 * ovice's pace applies. Rejects with NoTurnInTime (at once, not after sleeping) when its turn
 * lies past the deadline, or CancelledWhileWaiting when the execution is stopped first.
 */
export async function waitForTurn(turn: Turn, clock: Clock = realClock): Promise<void> {
	if (turn.signal?.aborted) throw new CancelledWhileWaiting();
	const ceiling = `credential|${turn.ceilingKey}`;
	const ceilingMs = turn.perSecond > 0 ? 1000 / turn.perSecond : 0;
	const ceilingAt =
		ceilingMs > 0 ? await takeSlot(ceiling, ceilingMs, 0, turn, 'ceiling', clock) : 0;
	let keyTurn = false;
	try {
		await waitForKey(turn, clock);
		keyTurn = true;
	} finally {
		// Refused or stopped after its ceiling slot: the credential's next request may have it.
		if (!keyTurn) giveBack(ceiling, ceilingAt, ceilingMs);
	}
	// The ceiling spaces requests as they leave, after any wait for the key.
	if (ceilingMs > 0)
		nextFree.set(ceiling, Math.max(nextFree.get(ceiling) ?? 0, clock.now() + ceilingMs));
}

/** Forgets every reserved slot (used by the tests with forgetPaces). */
export function forgetTurns(): void {
	nextFree.clear();
}
