#!/usr/bin/env bash
# Sets up what the flywheel needs on this machine, and only what is missing, so it can run again at any time:
#   - Debian packages: docker.io (the engine), debootstrap (the sandbox's base image is made locally),
#     runsc (gVisor, the sandbox runtime where it runs), postgresql (the test suite's throwaway server) and
#     bsdutils (`script`, which runs the terminal tests under a pseudo-terminal)
#   - runsc registered with Docker (/etc/docker/daemon.json), the engine started if it does not answer
#   - npm ci, and the sandbox images built
# As root on Debian it does all of it and says what it did; anywhere else it prints the commands to run
# instead and exits 1. Used by the README's first command and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

say() { printf 'setup: %s\n' "$*"; }
DAEMON_JSON=/etc/docker/daemon.json
RUNSC_ENTRY='{"path": "/usr/bin/runsc", "runtimeArgs": ["--network=none"]}'

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v runsc >/dev/null || missing+=(runsc)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v script >/dev/null || missing+=(bsdutils)

# Not root, or not Debian with apt: the commands, not an attempt.
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null || ! grep -qi debian /etc/os-release 2>/dev/null; then
  if [ ${#missing[@]} -eq 0 ] && docker info >/dev/null 2>&1; then
    say "the packages are there and Docker answers"
  else
    cat >&2 <<EOF
setup: this script installs packages only as root on Debian; run these (as root) instead:
  apt-get update && apt-get install -y docker.io debootstrap runsc postgresql bsdutils
  # register gVisor with Docker: in $DAEMON_JSON
  #   {"runtimes": {"runsc": $RUNSC_ENTRY}}
  systemctl restart docker   # or, without systemd: setsid dockerd >/var/log/dockerd.log 2>&1 </dev/null &
then, as your user (in the docker group): npm ci && npx flywheel sandbox build
EOF
    exit 1
  fi
else
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi

  # gVisor registered with Docker, keeping whatever else the file says. --network=none: the sandbox never has
  # a network, and gVisor's own network stack does not start on every kernel.
  registered=$(node -e '
    const fs = require("node:fs");
    const file = process.argv[1];
    const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8") || "{}") : {};
    if (config.runtimes?.runsc) { console.log("already"); process.exit(0); }
    config.runtimes = { ...config.runtimes, runsc: JSON.parse(process.argv[2]) };
    fs.mkdirSync(require("node:path").dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(config, null, 2) + "\n");
    console.log("added");
  ' "$DAEMON_JSON" "$RUNSC_ENTRY")
  [ "$registered" = added ] && say "registered runsc with Docker in $DAEMON_JSON"

  if docker info >/dev/null 2>&1; then
    if [ "$registered" = added ]; then
      # The engine reads its runtimes again on SIGHUP, without stopping any container.
      kill -HUP "$(pidof dockerd)"
      sleep 1
      say "Docker engine told to reload its runtimes (SIGHUP)"
    fi
  elif [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
    say "starting the Docker engine: systemctl start docker"
    systemctl start docker
  else
    log=/var/log/flywheel-dockerd.log
    say "starting the Docker engine (no systemd here): setsid dockerd, its log in $log"
    setsid dockerd >"$log" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  if ! docker info >/dev/null 2>&1; then
    [ -f /var/log/flywheel-dockerd.log ] && tail -20 /var/log/flywheel-dockerd.log >&2
    echo "setup: the Docker engine did not start" >&2
    exit 1
  fi
  docker info --format '{{json .Runtimes}}' | grep -q '"runsc"' || say "warning: Docker does not list runsc; the sandbox will use runc"
fi

say "npm ci"
npm ci --no-audit --no-fund --loglevel=error
say "building the sandbox images (the first time takes a few minutes)"
npx flywheel sandbox build --log-level warn
say "ready: npx flywheel demo shows a round; npm test runs the tests"
