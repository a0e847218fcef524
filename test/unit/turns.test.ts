/**
 * When a request may leave (turns.ts), on a clock of the test's own: the credential's
 * ceiling spaces that credential only, ovice's pause and pace every request with the key, a
 * slot past the deadline is refused at once, and Stop ends a wait and gives its slot back.
 */
import { forgetPaces, rateLimited } from '../../nodes/shared/transport/pace';
import {
	CancelledWhileWaiting,
	forgetTurns,
	NoTurnInTime,
	waitForTurn,
} from '../../nodes/shared/transport/turns';
import type { Clock, Turn } from '../../nodes/shared/transport/turns';

/** A clock that moves only when the test says so. */
class TestClock implements Clock {
	time = 0;
	private sleepers: Array<{ until: number; wake: () => void }> = [];
	now = () => this.time;
	sleep = (ms: number) =>
		new Promise<void>((wake) => this.sleepers.push({ until: this.time + ms, wake }));
	/** Moves to `time`, waking every sleeper due by then, and lets their code run. */
	async advanceTo(time: number): Promise<void> {
		this.time = time;
		for (const sleeper of this.sleepers.filter((each) => each.until <= time)) sleeper.wake();
		this.sleepers = this.sleepers.filter((each) => each.until > time);
		for (let turn = 0; turn < 10; turn++) await Promise.resolve();
	}
}

const KEY = 'key';
let clock: TestClock;
const turn = (overrides: Partial<Turn> = {}): Turn => ({
	paceKey: KEY,
	ceilingKey: 'credential A',
	perSecond: 0,
	deadline: clock.time + 10_000,
	...overrides,
});

/** Starts a wait and records when it ended, and how. */
function track(promise: Promise<void>) {
	const state: { at?: number; error?: unknown } = {};
	promise.then(
		() => (state.at = clock.time),
		(error: unknown) => {
			state.at = clock.time;
			state.error = error;
		},
	);
	return state;
}

beforeEach(() => {
	forgetPaces();
	forgetTurns();
	clock = new TestClock();
});

describe("the credential's ceiling", () => {
	it('spaces the requests of that credential: 2/s, three requests at 0, 500 and 1000 ms', async () => {
		const waits = [1, 2, 3].map(() => track(waitForTurn(turn({ perSecond: 2 }), clock)));
		await clock.advanceTo(0);
		expect(waits.map((wait) => wait.at)).toEqual([0, undefined, undefined]);
		await clock.advanceTo(500);
		await clock.advanceTo(1000);
		expect(waits.map((wait) => wait.at)).toEqual([0, 500, 1000]);
	});

	it('never slows another credential with the same key', async () => {
		await waitForTurn(turn({ perSecond: 0.02 }), clock);
		const slow = track(waitForTurn(turn({ perSecond: 0.02, deadline: 600_000 }), clock));
		const other = track(waitForTurn(turn({ ceilingKey: 'credential B' }), clock));
		await clock.advanceTo(0);
		expect(other).toEqual({ at: 0 });
		expect(slow.at).toBeUndefined();
	});

	it('a slot past the deadline is refused at once, naming the ceiling and the wait', async () => {
		await waitForTurn(turn({ perSecond: 0.1 }), clock);
		const refused = track(waitForTurn(turn({ perSecond: 0.1, deadline: 2000 }), clock));
		await clock.advanceTo(0);
		expect(refused.at).toBe(0);
		expect(refused.error).toBeInstanceOf(NoTurnInTime);
		expect(refused.error).toMatchObject({ cause: 'ceiling', waitMs: 10_000 });
	});
});

describe("ovice's pause and pace", () => {
	it("Retry-After pauses every credential with the key; past the deadline it is refused at once as ovice's pause", async () => {
		rateLimited(KEY, 30_000, 0);
		const within = track(waitForTurn(turn({ deadline: 40_000 }), clock));
		const refused = track(waitForTurn(turn({ ceilingKey: 'B', deadline: 2000 }), clock));
		await clock.advanceTo(0);
		expect(refused).toMatchObject({ at: 0, error: { cause: 'pause', waitMs: 30_000 } });
		await clock.advanceTo(29_999);
		expect(within.at).toBeUndefined();
		await clock.advanceTo(30_000);
		expect(within).toEqual({ at: 30_000 });
	});

	it('a pause that comes while a request waits for its slot is waited out too', async () => {
		rateLimited(KEY, undefined, 0); // 1/s, nothing accepted to go by
		await waitForTurn(turn(), clock);
		const next = track(waitForTurn(turn({ deadline: 60_000 }), clock));
		await clock.advanceTo(500);
		rateLimited(KEY, 5000, 500);
		await clock.advanceTo(1000);
		expect(next.at).toBeUndefined();
		await clock.advanceTo(5500);
		expect(next.at).toBe(5500);
	});
});

describe('Stop', () => {
	it('ends a wait at once and gives its slot back to the next request', async () => {
		const stop = new AbortController();
		await waitForTurn(turn({ perSecond: 1 }), clock);
		const stopped = track(waitForTurn(turn({ perSecond: 1, signal: stop.signal }), clock));
		await clock.advanceTo(100);
		stop.abort();
		await clock.advanceTo(100);
		expect(stopped.at).toBe(100);
		expect(stopped.error).toBeInstanceOf(CancelledWhileWaiting);
		const next = track(waitForTurn(turn({ perSecond: 1 }), clock));
		await clock.advanceTo(1000);
		expect(next).toEqual({ at: 1000 });
	});

	it('an execution already stopped gets no turn, even unpaced', async () => {
		const stop = new AbortController();
		stop.abort();
		await expect(waitForTurn(turn({ signal: stop.signal }), clock)).rejects.toBeInstanceOf(
			CancelledWhileWaiting,
		);
	});
});
