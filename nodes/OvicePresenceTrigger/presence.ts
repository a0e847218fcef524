/**
 * Presence changes between two reads of a workspace's users. Pure functions over a small
 * state (user ID → status), so a poll can be replayed and tested without a network.
 */

export type PresenceEvent = 'userOnline' | 'userOffline' | 'userStatusChanged';

export const PRESENCE_EVENTS: ReadonlyArray<{ value: PresenceEvent; name: string; description: string }> = [
	{ value: 'userOnline', name: 'User Online', description: 'A user came into the space (from offline, or newly listed)' },
	{ value: 'userOffline', name: 'User Offline', description: 'A user went offline or disappeared from the list' },
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
 * most of a large workspace, cost nothing here.
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

/**
 * Why an answer is not a list of users this trigger can follow, or undefined when it is.
 * A poll that gets such an answer fails and leaves the state as it was.
 */
export function userListProblem(value: unknown): string | undefined {
	if (!Array.isArray(value)) return 'ovice sent something other than a list of users';
	for (let index = 0; index < value.length; index++) {
		const user = value[index] as unknown;
		if (!user || typeof user !== 'object' || Array.isArray(user)) return `entry ${index + 1} of the user list is not a user`;
		const { id, status } = user as OviceUser;
		const validId = (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.trim() !== '');
		if (!validId) return `entry ${index + 1} of the user list has no user ID`;
		if (status !== undefined && status !== null && typeof status !== 'string') {
			return `user ${String(id)} has a status that is not text`;
		}
	}
	return undefined;
}

/** Order of precedence when ovice lists a user twice: present beats away beats offline. */
function rank(status: string): string {
	return status === 'online' ? `0` : status === OFFLINE ? `2` : `1${status}`;
}

/**
 * One status per user ID, in list order of first appearance. A user listed twice gets the
 * status that ranks first (online, then other statuses alphabetically, then offline), so
 * the same answer in any order gives the same state.
 */
export function resolveUsers(users: OviceUser[]): Map<string, { user: OviceUser; status: string }> {
	const resolved = new Map<string, { user: OviceUser; status: string }>();
	for (const user of users) {
		const id = String(user.id);
		const status = statusOf(user);
		const seen = resolved.get(id);
		if (!seen || rank(status) < rank(seen.status)) resolved.set(id, { user: seen?.user ?? user, status });
	}
	return resolved;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.replace(/\t/g, ' ') : '';
}

export function details(users: OviceUser[]): PresenceDetails {
	return Object.fromEntries(
		[...resolveUsers(users)]
			.filter(([, { status }]) => status !== OFFLINE)
			.map(([id, { user }]) => [id, `${text(user.name)}\t${text(user.email)}`]),
	);
}

/** A user who is no longer listed, described from what was kept of them. */
function departed(id: string, kept: PresenceDetails): OviceUser {
	const user: OviceUser = { id: Number.isNaN(Number(id)) ? id : Number(id) };
	const entry = new Map(Object.entries(kept)).get(id);
	if (entry !== undefined) {
		const [name, email] = entry.split('\t');
		if (name) user.name = name;
		if (email) user.email = email;
	}
	return user;
}

export function snapshot(users: OviceUser[]): PresenceState {
	// fromEntries defines own properties, so an ID such as "__proto__" is a plain key.
	return Object.fromEntries([...resolveUsers(users)].map(([id, { status }]) => [id, status]));
}

/** Every change from `before` to `users`, in list order, then users who left the list. */
export function diffPresence(before: PresenceState, users: OviceUser[], kept: PresenceDetails = {}): PresenceChange[] {
	const previousById = new Map(Object.entries(before));
	const current = resolveUsers(users);
	const changes: PresenceChange[] = [];
	for (const [id, { user, status }] of current) {
		const previous = previousById.get(id);
		if (previous === status) continue;
		if (previous === undefined) {
			if (status !== OFFLINE) changes.push({ event: 'userOnline', user, previousStatus: null, status });
			continue;
		}
		const event: PresenceEvent =
			previous === OFFLINE ? 'userOnline' : status === OFFLINE ? 'userOffline' : 'userStatusChanged';
		changes.push({ event, user, previousStatus: previous, status });
	}
	for (const [id, previous] of previousById) {
		if (current.has(id) || previous === OFFLINE) continue;
		changes.push({ event: 'userOffline', user: departed(id, kept), previousStatus: previous, status: null });
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
	const keys = [user.email, user.name].filter((key): key is string => typeof key === 'string').map((key) => key.toLowerCase());
	return keys.some((key) => wanted.includes(key));
}
