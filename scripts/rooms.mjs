// `npm run lint:rooms`: which top-level folder (room) imports which, and whether any imports
// one above it. Rooms from the bottom up: the package's nodes, its credentials, the sandbox,
// the scripts that start and drive n8n, the tests, the benchmark. A room may import only
// rooms below it, so no two rooms import each other. Prints the arrows; exits 1 on one that
// points up, naming the file and the import. Plain JavaScript, so it runs without a build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOMS = ['nodes', 'credentials', 'sandbox', 'scripts', 'test', 'bench'];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMPORT = /(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

const sources = (room) =>
	existsSync(join(ROOT, room))
		? readdirSync(join(ROOT, room), { withFileTypes: true, recursive: true })
				.filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
				.map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
		: [];

const arrows = new Map();
const upward = [];
for (const room of ROOMS) {
	for (const file of sources(room)) {
		for (const [, specifier] of readFileSync(join(ROOT, file), 'utf8').matchAll(IMPORT)) {
			const target = relative(ROOT, resolve(ROOT, dirname(file), specifier)).split('/')[0];
			if (target === room || !ROOMS.includes(target)) continue;
			const arrow = `${room} → ${target}`;
			arrows.set(arrow, (arrows.get(arrow) ?? new Set()).add(file));
			if (ROOMS.indexOf(target) > ROOMS.indexOf(room))
				upward.push(`${file} imports ${specifier} (${room} is below ${target})`);
		}
	}
}

for (const [arrow, files] of [...arrows].sort())
	console.log(`${arrow}  (${files.size} file${files.size === 1 ? '' : 's'})`);
if (upward.length) {
	console.error(`\nImports that point up (rooms, bottom up: ${ROOMS.join(', ')}):`);
	for (const line of upward) console.error(`  ${line}`);
	process.exit(1);
}
console.log(`\nNo room imports one above it (bottom up: ${ROOMS.join(', ')}).`);
