// The one step `n8n-node build` leaves: it copies every .png and .svg of the repository
// into dist/, the README's screenshots included (dist/docs/), which never ship (package.json
// "files"). They are removed, so dist/ holds the package and nothing else.
const { rmSync } = require('node:fs');

exports['build:assets'] = async function removeCopiedScreenshots() {
	rmSync('dist/docs', { recursive: true, force: true });
};
