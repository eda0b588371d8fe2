// Refuses a Node.js older than the desk supports, before anything else is loaded. Older versions install and
// start, then fail late and obscurely (a Worker test, an API that is missing); the entry points import this
// module first, and `npm test` and `npm start` run it on its own.
const MINIMUM = { major: 22, minor: 12 };

/** The one line to print when `version` (e.g. "20.20.2") is too old, or undefined when it will do. */
export function nodeVersionProblem(version: string, executable: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > MINIMUM.major || (major === MINIMUM.major && minor >= MINIMUM.minor)) return undefined;
  return (
    `the PHOENIX desk needs Node.js ${MINIMUM.major}.${MINIMUM.minor} or later, and this is Node.js ${version} ` +
    `(${executable}): install Node.js ${MINIMUM.major} (nvm and fnm read .nvmrc / .node-version)`
  );
}

const problem = nodeVersionProblem(process.versions.node, process.execPath);
if (problem) {
  console.error(problem);
  process.exit(1);
}
