import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, whether the caller runs compiled (.build/…) or from source. */
export function findPackageRoot(from: string): string {
	let folder = from;
	for (;;) {
		const candidate = join(folder, 'package.json');
		if (
			existsSync(candidate) &&
			(JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'n8n-nodes-ovice'
		) {
			return folder;
		}
		const parent = dirname(folder);
		if (parent === folder)
			throw new Error(`n8n-nodes-ovice's package.json not found above ${from}`);
		folder = parent;
	}
}
