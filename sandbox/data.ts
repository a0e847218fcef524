import type { Role } from '../nodes/shared/endpoints';

/** A user as the sandbox keeps it; `role` decides who a workspace notification reaches. */
export interface SandboxUser {
	id: number;
	name: string;
	email: string;
	status: string;
	role: Role;
}

export interface SandboxWorkspace {
	id: number;
	name: string;
	domain: string;
	users: SandboxUser[];
}

export interface SandboxGroup {
	id: number;
	name: string;
	memberIds: number[];
}

export interface SandboxKey {
	clientId: string;
	clientSecret: string;
	active: boolean;
}

export interface SandboxData {
	organizationId: string;
	keys: SandboxKey[];
	workspaces: SandboxWorkspace[];
	groups: SandboxGroup[];
}

/** The key `npm start` and the tests use; a second, inactive key shows the refusal. */
export const SANDBOX_KEY: SandboxKey = {
	clientId: 'sandbox-client-id',
	clientSecret: 'sandbox-client-secret-7f3a9c',
	active: true,
};
export const INACTIVE_KEY: SandboxKey = {
	clientId: 'inactive-client-id',
	clientSecret: 'inactive-client-secret-41d2e8',
	active: false,
};
export const SANDBOX_ORGANIZATION_ID = '1000';

const people: Array<[string, string, Role]> = [
	['Aiko Tanaka', 'online', 'admin'],
	['Ben Carter', 'online', 'member'],
	['Chen Wei', 'away', 'member'],
	['Dana Okafor', 'offline', 'member'],
	['Emi Sato', 'online', 'visitor'],
	['Felix Braun', 'offline', 'guest'],
	['Grace Kim', 'online', 'member'],
	['Hiro Yamada', 'offline', 'admin'],
];

function user(index: number): SandboxUser {
	const [name, status, role] = people[index];
	const handle = name.toLowerCase().replace(/[^a-z]+/g, '.');
	return { id: 1001 + index, name, email: `${handle}@example.com`, status, role };
}

/** Demo data: three spaces, eight people, three groups. Fresh on every call. */
export function seedData(): SandboxData {
	const everyone = people.map((_, index) => user(index));
	const pick = (...indexes: number[]) => indexes.map((index) => ({ ...everyone[index] }));
	return {
		organizationId: SANDBOX_ORGANIZATION_ID,
		keys: [{ ...SANDBOX_KEY }, { ...INACTIVE_KEY }],
		workspaces: [
			{ id: 101, name: 'Tokyo HQ', domain: 'tokyo-hq', users: pick(0, 1, 2, 3, 4, 5) },
			{ id: 102, name: 'Osaka Studio', domain: 'osaka-studio', users: pick(6, 7, 1) },
			{ id: 103, name: 'Remote Lounge', domain: 'remote-lounge', users: [] },
		],
		groups: [
			{ id: 201, name: 'Engineering', memberIds: [1001, 1002, 1003] },
			{ id: 202, name: 'Sales', memberIds: [1004, 1007] },
			{ id: 203, name: 'Design', memberIds: [] },
		],
	};
}

/** A workspace of `count` generated users, for load and presence tests. */
export function generatedWorkspace(id: number, count: number): SandboxWorkspace {
	const users: SandboxUser[] = [];
	// Names and addresses of realistic length: given and family names from short lists,
	// company addresses; a third of the users present, as on a working day.
	const given = [
		'Haruka',
		'Kenji',
		'Aiko',
		'Benjamin',
		'Chen',
		'Dana',
		'Emi',
		'Grace',
		'Takumi',
		'Yuki',
		'Priya',
		'Olivia',
	];
	const family = [
		'Nakamura',
		'Tanaka',
		'Carter',
		'Okafor',
		'Watanabe',
		'Kim',
		'Yamamoto',
		'Rodriguez',
		'Suzuki',
		'Fernandes',
	];
	for (let index = 0; index < count; index++) {
		const first = given[index % given.length];
		const last = family[Math.floor(index / given.length) % family.length];
		users.push({
			id: 100000 + index,
			name: `${first} ${last}`,
			email: `${first}.${last}${index}@example-corp.co.jp`.toLowerCase(),
			status: index % 3 === 0 ? 'online' : 'offline',
			role: 'member',
		});
	}
	return { id, name: `Generated ${count}`, domain: `generated-${count}`, users };
}
