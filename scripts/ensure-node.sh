#!/usr/bin/env bash
# Puts Node.js >= 22.12 first on PATH, fetching Node 22 from the npm registry when the machine's is older.
# Source it: `. scripts/ensure-node.sh`.
node_recent() {
  node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit(major > 22 || (major === 22 && minor >= 12) ? 0 : 1)' 2>/dev/null
}
if ! node_recent; then
  NODE22_PREFIX="${NODE22_PREFIX:-$HOME/.cache/node22}"
  if [ ! -x "$NODE22_PREFIX/node_modules/node/bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo none) is older than 22.12: installing node@22 into $NODE22_PREFIX" >&2
    npm install --silent --no-audit --no-fund --prefix "$NODE22_PREFIX" node@22 >&2
  fi
  export PATH="$NODE22_PREFIX/node_modules/node/bin:$PATH"
fi
echo "using node $(node --version)" >&2
