#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance, on Node 22 from npm) against
# `nemovideo mcp --transport streamable-http` on the embedded local backend, with its data in a temporary folder.
# Runs the server scenarios that apply to this server (README "Conformance" says why the others do not) and
# exits non-zero when one fails, or when the suite lists a scenario this script has not sorted yet.
# Downloads from npm into .tools/conformance, so it is not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE_VERSION=0.1.16
NODE_VERSION=22
TOOLS=$PWD/.tools/conformance
NEMOVIDEO=${NEMOVIDEO:-.venv/bin/nemovideo}
APPLICABLE=(server-initialize ping logging-set-level tools-list resources-list prompts-list
            server-sse-multiple-streams dns-rebinding-protection)
NOT_APPLICABLE=(completion-complete tools-call-simple-text tools-call-image tools-call-audio
                tools-call-embedded-resource tools-call-mixed-content tools-call-with-logging tools-call-error
                tools-call-with-progress tools-call-sampling tools-call-elicitation elicitation-sep1034-defaults
                elicitation-sep1330-enums resources-read-text resources-read-binary resources-templates-read
                resources-subscribe resources-unsubscribe prompts-get-simple prompts-get-with-args
                prompts-get-embedded-resource prompts-get-with-image json-schema-2020-12 server-sse-polling)

installed() {
    grep -qs "\"version\": \"$SUITE_VERSION\"" "$TOOLS/node_modules/@modelcontextprotocol/conformance/package.json" &&
        [[ "$("$TOOLS/node_modules/.bin/node" --version 2>/dev/null)" == v"$NODE_VERSION".* ]]
}
if ! installed; then
    npm install --prefix "$TOOLS" --no-audit --no-fund --save-exact \
        "node@$NODE_VERSION" "@modelcontextprotocol/conformance@$SUITE_VERSION" >&2
fi
suite() { "$TOOLS/node_modules/.bin/node" "$TOOLS/node_modules/@modelcontextprotocol/conformance/dist/index.js" "$@"; }

# Every scenario the suite has must be sorted into one of the two lists.
unsorted=$(suite list --server | sed -n 's/^  - \([^ ]*\).*/\1/p' |
           grep -vxF -f <(printf '%s\n' "${APPLICABLE[@]}" "${NOT_APPLICABLE[@]}") || true)
if [[ -n "$unsorted" ]]; then
    echo "the suite has scenarios this script does not sort yet: $unsorted" >&2
    exit 1
fi

[[ -x "$NEMOVIDEO" ]] || { echo "no $NEMOVIDEO: run make test (or set NEMOVIDEO)" >&2; exit 2; }
work=$(mktemp -d)
server=
stop() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill -INT "$server" && wait "$server" || true
    fi
    rm -rf "$work"
}
trap stop EXIT
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HOME="$work" NEMO_API_URL=local NEMO_DATA_DIR="$work/data" \
    "$NEMOVIDEO" mcp --transport streamable-http --port "$port" >"$work/server.log" 2>&1 &
server=$!

# uvicorn listens once the server has started (the lifespan, with the local backend, comes first).
for _ in $(seq 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "the server stopped before it answered" >&2; exit 1; }
    sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "nothing answered on port $port within 60 s" >&2; exit 1; }

failed=()
for scenario in "${APPLICABLE[@]}"; do
    if ! (cd "$work" && suite server --url "http://127.0.0.1:$port/mcp" --scenario "$scenario" -o "$work/results"); then
        failed+=("$scenario")
    fi
done

echo
echo "conformance $SUITE_VERSION on node $("$TOOLS/node_modules/.bin/node" --version): ${#APPLICABLE[@]} applicable" \
     "scenarios, $((${#APPLICABLE[@]} - ${#failed[@]})) passed, ${#failed[@]} failed; ${#NOT_APPLICABLE[@]} not" \
     "applicable (README \"Conformance\")"
if ((${#failed[@]})); then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
