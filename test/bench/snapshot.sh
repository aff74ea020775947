#!/bin/sh
# Builds a commit of Draftline into a directory of its own, with this checkout's benchmarks laid
# over it, so before/after runs (A B A B) compare two commits on the same machine without touching
# the checkout's dist/ (which other tests run from):
#
#   test/bench/snapshot.sh <commit> <dir> [--web]
#   node <dir>/dist/test/bench/run.js P1        # the commit, measured by today's benchmarks
#
# --web also builds the web interface (P11 needs it).
set -eu
commit=$1
dir=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$dir"
mkdir -p "$dir"
git -C "$root" archive "$commit" | tar -x -C "$dir"
rm -rf "$dir/test/bench"
cp -r "$root/test/bench" "$dir/test/bench"
ln -s "$root/node_modules" "$dir/node_modules"
cd "$dir"
"$root/node_modules/.bin/swc" apps libs test/bench -d dist --ignore '**/*.spec.ts,apps/web/**' -q
if [ "${3:-}" = "--web" ]; then "$root/node_modules/.bin/vite" build apps/web; fi
echo "$dir: $(git -C "$root" rev-parse --short "$commit") with this checkout's test/bench"
