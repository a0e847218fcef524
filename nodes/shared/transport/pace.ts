/**
 * ovice's own rate limit, learned from its answers, per key in this process: ovice does not
 * document it (and says it may change), so no user can be expected to type it in.
 *
 * - Until ovice answers 429, requests go unpaced (the credential's ceiling aside).
 * - A 429 with Retry-After: 0 is taken at its word (send again now): it changes nothing.
 * - Any other 429 paces every request with that key: at 97 % of what ovice accepted in the
 *   second before (one cut per second, however many 429s arrive together), and nothing at
 *   all until its Retry-After has passed.
 * - Each second without a 429 the pace rises by 10 %, up to that 97 %, and holds there;
 *   after half a minute without a 429 it probes above again (ovice's limit may have risen).
 * - Cuts stop at a quarter of the first pace of the episode: a limit does not shrink
 *   forever, and 429s that keep coming at the chosen pace are not about the rate.
 * - A minute without a 429 and the key goes unpaced again.
 */

/** The slowest pace a 429 can set, in requests per second (Retry-After can pause longer). */
const MIN_PER_SECOND = 1;
const CUT = 0.97;
const FLOOR_SHARE = 0.25;
const RISE = 1.1;
const PROBE_AFTER_MS = 30_000;
const RISE_EVERY_MS = 1000;
const CUT_AT_MOST_EVERY_MS = 1000;
const UNPACED_AFTER_MS = 60_000;
const WINDOW_MS = 1000;

interface Pace {
	/** requests per second; undefined while unpaced */
	perSecond?: number;
	/** what ovice accepted in the second before the last 429 */
	limitSeen?: number;
	/** the slowest pace of this episode of 429s */
	floor: number;
	pausedUntil: number;
	lastRateLimited: number;
	lastCut: number;
	lastRise: number;
	/** when each answer of the last second came, oldest first */
	answered: number[];
	oldest: number;
}

const paces = new Map<string, Pace>();

function paceFor(key: string): Pace {
	let pace = paces.get(key);
	if (!pace) {
		pace = {
			floor: MIN_PER_SECOND,
			pausedUntil: 0,
			lastRateLimited: 0,
			lastCut: 0,
			lastRise: 0,
			answered: [],
			oldest: 0,
		};
		paces.set(key, pace);
	}
	return pace;
}

/** Answers of the last second; older ones are dropped on the way. */
function answeredLastSecond(pace: Pace, now: number): number {
	while (pace.oldest < pace.answered.length && pace.answered[pace.oldest] <= now - WINDOW_MS)
		pace.oldest++;
	if (pace.oldest > 1024) {
		pace.answered = pace.answered.slice(pace.oldest);
		pace.oldest = 0;
	}
	return pace.answered.length - pace.oldest;
}

/** Whether requests with this key wait for a turn even without a ceiling. */
export function paced(key: string, now = Date.now()): boolean {
	const pace = paces.get(key);
	if (!pace) return false;
	if (pace.perSecond !== undefined && now - pace.lastRateLimited > UNPACED_AFTER_MS) {
		pace.perSecond = undefined;
		pace.limitSeen = undefined;
	}
	return pace.perSecond !== undefined || pace.pausedUntil > now;
}

/** The interval the learned pace asks for between two requests, in ms; 0 while unpaced. */
export function paceOf(key: string): number {
	const perSecond = paced(key) ? paces.get(key)?.perSecond : undefined;
	return perSecond ? 1000 / perSecond : 0;
}

/** Until when ovice asked this key to send nothing (Retry-After); 0 for no pause. */
export function pausedUntil(key: string): number {
	return paces.get(key)?.pausedUntil ?? 0;
}

/** ovice answered a request with something other than 429: it took the request in. */
export function answered(key: string, now = Date.now()): void {
	const pace = paceFor(key);
	pace.answered.push(now);
	answeredLastSecond(pace, now);
	if (pace.perSecond === undefined || now - pace.lastRise < RISE_EVERY_MS) return;
	if (now - pace.lastRateLimited < RISE_EVERY_MS) return;
	const hold = pace.limitSeen === undefined ? Infinity : pace.limitSeen * CUT;
	if (pace.perSecond < hold) pace.perSecond = Math.min(hold, pace.perSecond * RISE);
	else if (now - pace.lastRateLimited >= PROBE_AFTER_MS) pace.limitSeen = undefined;
	pace.lastRise = now;
}

/** ovice answered 429: every request with this key slows down, and waits out Retry-After. */
export function rateLimited(key: string, retryAfterMs: number | undefined, now = Date.now()): void {
	if (retryAfterMs === 0) return;
	const pace = paceFor(key);
	pace.lastRateLimited = now;
	if (retryAfterMs !== undefined) pace.pausedUntil = Math.max(pace.pausedUntil, now + retryAfterMs);
	if (now - pace.lastCut < CUT_AT_MOST_EVERY_MS) return;
	const accepted = answeredLastSecond(pace, now);
	const before = pace.perSecond;
	// Nothing answered in the last second (a pause, a first request): halve, or start at 1/s.
	const basis = accepted > 0 ? Math.min(before ?? Infinity, accepted) : (before ?? 2) / 2;
	if (accepted > 0) pace.limitSeen = accepted;
	if (before === undefined) pace.floor = Math.max(MIN_PER_SECOND, basis * CUT * FLOOR_SHARE);
	pace.perSecond = Math.max(pace.floor, basis * CUT);
	pace.lastCut = now;
	pace.lastRise = now;
}

/** Forgets every learned pace: a fresh start, as after a restart of n8n (used by the tests). */
export function forgetPaces(): void {
	paces.clear();
}
