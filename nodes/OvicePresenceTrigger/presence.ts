/**
 * Presence changes between two reads of a workspace's users. Pure functions over a small
 * state (user ID → status), so a poll can be replayed and tested without a network.
 */

type PresenceEvent = 'userOnline' | 'userOffline' | 'userStatusChanged';

export const PRESENCE_EVENTS: ReadonlyArray<{
	value: PresenceEvent;
	name: string;
	description: string;
}> = [
	{
		value: 'userOnline',
		name: 'User Online',
		description: 'A user came into the space (from offline, or newly listed)',
	},
	{
		value: 'userOffline',
		name: 'User Offline',
		description: 'A user went offline or disappeared from the list',
	},
	{
		value: 'userStatusChanged',
		name: 'User Status Changed',
		description: 'Any other change of status, such as online → away',
	},
];

export const OFFLINE = 'offline';

export interface OviceUser {
	id?: unknown;
	name?: unknown;
	email?: unknown;
	status?: unknown;
	[key: string]: unknown;
}

/** user ID → status at the last successful read */
export type PresenceState = Record<string, string>;

/**
 * user ID → "name<TAB>email", kept only for users who are not offline: those are the ones
 * who can leave the list with an event, and the event should say who left. Offline users,
 * most of a large workspace, cost nothing here. A third field `s` marks an ID ovice sent as
 * text ("007"), so a departure gives it back as text.
 */
export type PresenceDetails = Record<string, string>;

export interface PresenceChange {
	event: PresenceEvent;
	user: OviceUser;
	previousStatus: string | null;
	status: string | null;
}

function statusOf(user: OviceUser): string {
	return typeof user.status === 'string' && user.status ? user.status : OFFLINE;
}

/** Statuses are kept as ovice sends them; a change of case alone is no change. */
function sameStatus(a: string | undefined, b: string | undefined): boolean {
	return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function isOffline(status: string): boolean {
	return sameStatus(status, OFFLINE);
}

/**
 * Why an answer is not a list of users this trigger can follow, or undefined when it is.
 * A poll that gets such an answer fails and leaves the state as it was.
 */
export function userListProblem(value: unknown): string | undefined {
	if (!Array.isArray(value)) return 'ovice sent something other than a list of users';
	for (let index = 0; index < value.length; index++) {
		const user = value[index] as unknown;
		if (!user || typeof user !== 'object' || Array.isArray(user))
			return `entry ${index + 1} of the user list is not a user`;
		const { id, status } = user as OviceUser;
		const validId =
			(typeof id === 'number' && Number.isFinite(id)) ||
			(typeof id === 'string' && id.trim() !== '');
		if (!validId) return `entry ${index + 1} of the user list has no user ID`;
		if (status !== undefined && status !== null && typeof status !== 'string') {
			return `user ${String(id)} has a status that is not text`;
		}
	}
	return undefined;
}

/** Order of precedence when ovice lists a user twice: present beats away beats offline. */
function rank(status: string): string {
	const lower = status.toLowerCase();
	return lower === 'online' ? `0` : lower === OFFLINE ? `2` : `1${lower}`;
}

/**
 * One status per user ID, in list order of first appearance. A user listed twice gets the
 * status that ranks first (online, then other statuses alphabetically, then offline), so
 * the same answer in any order gives the same state.
 */
function resolveUsers(users: OviceUser[]): Map<string, { user: OviceUser; status: string }> {
	const resolved = new Map<string, { user: OviceUser; status: string }>();
	for (const user of users) {
		const id = String(user.id);
		const status = statusOf(user);
		const seen = resolved.get(id);
		if (!seen || rank(status) < rank(seen.status))
			resolved.set(id, { user: seen?.user ?? user, status });
	}
	return resolved;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.replace(/\t/g, ' ') : '';
}

export function details(users: OviceUser[]): PresenceDetails {
	return Object.fromEntries(
		[...resolveUsers(users)]
			.filter(([, { status }]) => !isOffline(status))
			.map(([id, { user }]) => [
				id,
				`${text(user.name)}\t${text(user.email)}${typeof user.id === 'string' ? '\ts' : ''}`,
			]),
	);
}

/** A user who is no longer listed, described from what was kept of them. */
function departed(id: string, kept: PresenceDetails): OviceUser {
	// An own property only: an ID such as "constructor" must not find Object's members.
	const entry = Object.prototype.hasOwnProperty.call(kept, id) ? kept[id] : undefined;
	const [name, email, kind] = entry === undefined ? [] : entry.split('\t');
	// Kept before IDs had their type recorded: a numeric-looking ID was a number.
	const asText = kind === 's' || (entry === undefined && Number.isNaN(Number(id)));
	const user: OviceUser = { id: asText || Number.isNaN(Number(id)) ? id : Number(id) };
	if (name) user.name = name;
	if (email) user.email = email;
	return user;
}

export function snapshot(users: OviceUser[]): PresenceState {
	// fromEntries defines own properties, so an ID such as "__proto__" is a plain key.
	return Object.fromEntries([...resolveUsers(users)].map(([id, { status }]) => [id, status]));
}

/** Every change from `before` to `users`, in list order, then users who left the list. */
export function diffPresence(
	before: PresenceState,
	users: OviceUser[],
	kept: PresenceDetails = {},
): PresenceChange[] {
	const previousById = new Map(Object.entries(before));
	const current = resolveUsers(users);
	const changes: PresenceChange[] = [];
	for (const [id, { user, status }] of current) {
		const previous = previousById.get(id);
		if (sameStatus(previous, status)) continue;
		if (previous === undefined) {
			if (!isOffline(status))
				changes.push({ event: 'userOnline', user, previousStatus: null, status });
			continue;
		}
		const event: PresenceEvent = isOffline(previous)
			? 'userOnline'
			: isOffline(status)
				? 'userOffline'
				: 'userStatusChanged';
		changes.push({ event, user, previousStatus: previous, status });
	}
	for (const [id, previous] of previousById) {
		if (current.has(id) || isOffline(previous)) continue;
		changes.push({
			event: 'userOffline',
			user: departed(id, kept),
			previousStatus: previous,
			status: null,
		});
	}
	return changes;
}

/** Whether a user matches a comma-separated list of emails or names (empty matches all). */
export function matchesFilter(user: OviceUser, filter: string): boolean {
	const wanted = filter
		.split(',')
		.map((entry) => entry.trim().toLowerCase())
		.filter(Boolean);
	if (!wanted.length) return true;
	const keys = [user.email, user.name]
		.filter((key): key is string => typeof key === 'string')
		.map((key) => key.toLowerCase());
	return keys.some((key) => wanted.includes(key));
}
